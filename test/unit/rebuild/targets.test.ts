import { describe, expect, it } from 'vitest';
import { buildsDockerfile, detectRebuildTargets } from '../../../src/rebuild/targets.js';
import { BUILD_PUSH, BUILDAH, DISPATCH_STRING, DOCKER_CLI_PUSH_ONLY, DOCKERFILES, KANIKO, LINT, MATRIX, wf } from './workflows.js';

describe('rebuild/targets', () => {
  it('reads build-push-action file and context, and the dispatch inputs', () => {
    const result = detectRebuildTargets({ workflows: [wf('publish.yml', BUILD_PUSH)], dockerfiles: DOCKERFILES });

    expect(result).toEqual({
      targets: [
        {
          workflow: 'publish.yml',
          path: '.github/workflows/publish.yml',
          key: '.github/workflows/publish.yml',
          inputs: {},
          acceptsInputs: ['reason', 'images'],
          dockerfiles: ['api/Dockerfile.prod', 'web/Dockerfile'],
        },
      ],
      missingDispatch: [],
      problems: [],
    });
  });

  it('offers a replacement on: block for a docker build workflow triggered by a list', () => {
    const result = detectRebuildTargets({ workflows: [wf('ci.yml', DOCKER_CLI_PUSH_ONLY)], dockerfiles: DOCKERFILES });

    expect(result.targets).toEqual([]);
    expect(result.missingDispatch).toEqual([
      {
        path: '.github/workflows/ci.yml',
        dockerfiles: ['docker/api.Dockerfile'],
        edit: 'replace-on',
        line: 2,
        snippet:
          'on:\n  push:\n  pull_request:\n  workflow_dispatch:\n    inputs:\n      reason:\n        description: Why freshbase rebuilds\n        required: false\n',
      },
    ]);
  });

  it('offers lines to add under an on: map, indented like its triggers', () => {
    const result = detectRebuildTargets({ workflows: [wf('kaniko.yml', KANIKO)], dockerfiles: DOCKERFILES });

    expect(result.missingDispatch).toEqual([
      {
        path: '.github/workflows/kaniko.yml',
        dockerfiles: ['deploy/Dockerfile'],
        edit: 'insert-under-on',
        line: 1,
        snippet:
          '    workflow_dispatch:\n        inputs:\n            reason:\n                description: Why freshbase rebuilds\n                required: false\n',
      },
    ]);
  });

  it('records a Dockerfile named by an expression as any Dockerfile', () => {
    const result = detectRebuildTargets({ workflows: [wf('matrix.yml', MATRIX)], dockerfiles: DOCKERFILES });

    expect(result.targets.map((target) => [target.workflow, target.dockerfiles, target.acceptsInputs])).toEqual([
      ['matrix.yml', ['*'], []],
    ]);
    expect(buildsDockerfile(result.targets[0] ?? { dockerfiles: [] }, 'anything/Dockerfile')).toBe(true);
  });

  it('accepts the string form on: workflow_dispatch', () => {
    const result = detectRebuildTargets({ workflows: [wf('build.yaml', DISPATCH_STRING)], dockerfiles: DOCKERFILES });

    expect(result.targets).toMatchObject([{ workflow: 'build.yaml', dockerfiles: ['Dockerfile'], acceptsInputs: [] }]);
  });

  it('reads buildah in a run step with a working directory and the buildah-build action', () => {
    const result = detectRebuildTargets({ workflows: [wf('ubi.yml', BUILDAH)], dockerfiles: DOCKERFILES });

    expect(result.targets).toMatchObject([{ dockerfiles: ['images/tools/Containerfile', 'images/ubi/Containerfile'] }]);
    expect(result.problems).toEqual([]);
  });

  it('ignores workflows that build nothing and files that are not YAML', () => {
    const result = detectRebuildTargets({ workflows: [wf('lint.yml', LINT), wf('README.md', '# docs')], dockerfiles: DOCKERFILES });

    expect(result).toEqual({ targets: [], missingDispatch: [], problems: [] });
  });

  it('reports broken YAML with its file and line and keeps reading the others', () => {
    const broken = 'on: [push\njobs:\n  build:\n    steps:\n      - run: docker build .\n';

    const result = detectRebuildTargets({ workflows: [wf('broken.yml', broken), wf('publish.yml', BUILD_PUSH)], dockerfiles: DOCKERFILES });

    expect(result.targets).toHaveLength(1);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ path: '.github/workflows/broken.yml', line: expect.any(Number) as number });
    expect(result.problems[0]?.reason).toMatch(/^invalid YAML at line \d+: /);
  });

  it('reports a workflow larger than 256 KiB without parsing it', () => {
    const huge = `on: push\njobs: {}\n# ${'x'.repeat(256 * 1024)}`;

    const result = detectRebuildTargets({ workflows: [wf('huge.yml', huge)], dockerfiles: [] });

    expect(result.problems).toEqual([{ path: '.github/workflows/huge.yml', reason: 'workflow is larger than 256 KiB; not read' }]);
  });

  it('follows local reusable workflows, with the inputs the caller passes', () => {
    const caller = `on:\n  workflow_dispatch:\njobs:\n  api:\n    uses: ./.github/workflows/docker.yml\n    with:\n      dockerfile: docker/api.Dockerfile\n`;
    const callee = `on:\n  workflow_call:\n    inputs:\n      dockerfile:\n        type: string\n        default: Dockerfile\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          file: \${{ inputs.dockerfile }}\n`;

    const result = detectRebuildTargets({ workflows: [wf('release.yml', caller), wf('docker.yml', callee)], dockerfiles: DOCKERFILES });

    expect(result.targets).toMatchObject([{ workflow: 'release.yml', dockerfiles: ['docker/api.Dockerfile'] }]);
    expect(result.missingDispatch).toEqual([]);
  });

  it('reads literal env values and reports Dockerfiles that are not scanned', () => {
    const workflow = `on: workflow_dispatch\nenv:\n  DOCKERFILE: build/ci.Dockerfile\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/build-push-action@v6\n        with:\n          file: \${{ env.DOCKERFILE }}\n`;

    const result = detectRebuildTargets({ workflows: [wf('ci.yml', workflow)], dockerfiles: DOCKERFILES });

    expect(result.targets).toMatchObject([{ dockerfiles: ['build/ci.Dockerfile'] }]);
    expect(result.problems).toEqual([
      { path: '.github/workflows/ci.yml', reason: 'builds build/ci.Dockerfile, which is not among the Dockerfiles freshbase scans' },
    ]);
  });

  it('leaves out a workflow whose required dispatch input has no default', () => {
    const workflow = `on:\n  workflow_dispatch:\n    inputs:\n      version:\n        required: true\n      reason:\n        required: true\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker build .\n`;

    const result = detectRebuildTargets({ workflows: [wf('release.yml', workflow)], dockerfiles: DOCKERFILES });

    expect(result.targets).toEqual([]);
    expect(result.problems).toEqual([
      {
        path: '.github/workflows/release.yml',
        reason: 'workflow_dispatch input "version" is required and has no default; set it in rebuild.targets[].inputs',
      },
    ]);
  });

  it('picks the Dockerfile that exists when podman could read Containerfile or Dockerfile', () => {
    const workflow = `on: workflow_dispatch\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: podman build -t app ./web\n`;

    const result = detectRebuildTargets({ workflows: [wf('podman.yml', workflow)], dockerfiles: ['web/Dockerfile'] });

    expect(result.targets).toMatchObject([{ dockerfiles: ['web/Dockerfile'] }]);
    expect(result.problems).toEqual([]);
  });
});
