import { describe, expect, it } from 'vitest';
import { detectRebuildTargets } from '../../../src/rebuild/targets.js';
import { BUILD_PUSH, DOCKER_CLI_PUSH_ONLY, DOCKERFILES, MATRIX, wf } from './workflows.js';

describe('rebuild/configured-targets', () => {
  const workflows = [wf('publish.yml', BUILD_PUSH), wf('ci.yml', DOCKER_CLI_PUSH_ONLY), wf('matrix.yml', MATRIX)];

  it('configured targets replace detection and resolve their Dockerfile globs', () => {
    const result = detectRebuildTargets({
      workflows,
      dockerfiles: DOCKERFILES,
      configured: [{ workflow: 'matrix.yml', ref: 'release', dockerfiles: ['docker/*.Dockerfile'] }],
    });

    expect(result).toEqual({
      targets: [
        {
          workflow: 'matrix.yml',
          path: '.github/workflows/matrix.yml',
          key: '.github/workflows/matrix.yml@release',
          ref: 'release',
          inputs: {},
          acceptsInputs: [],
          dockerfiles: ['docker/a.Dockerfile', 'docker/api.Dockerfile', 'docker/b.Dockerfile'],
        },
      ],
      missingDispatch: [],
      problems: [],
    });
  });

  it('configured targets use the detected Dockerfiles when none are configured, and keep only declared inputs', () => {
    const result = detectRebuildTargets({
      workflows,
      dockerfiles: DOCKERFILES,
      configured: [{ workflow: 'publish.yml', inputs: { images: 'all', push: 'true' } }],
    });

    expect(result.targets).toMatchObject([
      { workflow: 'publish.yml', inputs: { images: 'all' }, dockerfiles: ['api/Dockerfile.prod', 'web/Dockerfile'] },
    ]);
    expect(result.problems).toEqual([
      {
        path: '.github/workflows/publish.yml',
        reason: 'rebuild input "push" is not declared under workflow_dispatch.inputs; it is not sent',
      },
    ]);
  });

  it('configured targets report a workflow that does not exist or cannot be dispatched', () => {
    const result = detectRebuildTargets({
      workflows,
      dockerfiles: DOCKERFILES,
      configured: [{ workflow: 'nope.yml' }, { workflow: 'ci.yml' }],
    });

    expect(result.targets).toEqual([]);
    expect(result.missingDispatch.map((entry) => entry.path)).toEqual(['.github/workflows/ci.yml']);
    expect(result.problems).toEqual([
      { path: '.github/workflows/nope.yml', reason: 'configured in rebuild.targets but the workflow file does not exist' },
      {
        path: '.github/workflows/ci.yml',
        reason: 'configured in rebuild.targets but has no workflow_dispatch trigger, so freshbase cannot run it',
      },
    ]);
  });

  it('configured targets accept a workflow by numeric id, building every Dockerfile', () => {
    const result = detectRebuildTargets({
      workflows,
      dockerfiles: DOCKERFILES,
      configured: [{ workflow: 4242, inputs: { target: 'prod' } }],
    });

    expect(result.targets).toEqual([
      { workflow: 4242, path: null, key: 'workflow-id:4242', inputs: { target: 'prod' }, acceptsInputs: [], dockerfiles: ['*'] },
    ]);
  });

  it('configured targets report globs that match no Dockerfile', () => {
    const result = detectRebuildTargets({
      workflows,
      dockerfiles: DOCKERFILES,
      configured: [{ workflow: 'publish.yml', dockerfiles: ['legacy/**'] }],
    });

    expect(result.targets).toMatchObject([{ dockerfiles: [] }]);
    expect(result.problems).toEqual([
      { path: '.github/workflows/publish.yml', reason: 'rebuild.targets[0].dockerfiles (legacy/**) matches no Dockerfile' },
    ]);
  });
});
