import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MANIFEST_LIMITS,
  discoverManifests,
  extractComposeRefs,
  extractDevcontainerRefs,
  extractKubernetesRefs,
  isManifestTriggerPath,
} from '../../../src/manifests/index.js';

const PATHS = [
  '.github/workflows/ci.yml',
  '.github/workflows/README.md',
  '.github/dependabot.yml',
  '.devcontainer/devcontainer.json',
  '.devcontainer/gpu/devcontainer.json',
  'tools/.devcontainer.json',
  'compose.yaml',
  'deploy/docker-compose.prod.yml',
  'docker-compose-dev.yaml',
  'charts/app/Chart.yaml',
  'charts/app/values.yaml',
  'charts/app/values-prod.yaml',
  'charts/app/ci/test-values.yaml',
  'charts/app/templates/deployment.yaml',
  'deploy/k8s/deployment.yaml',
  'deploy/values.yaml',
  'node_modules/x/deployment.yaml',
  'Dockerfile',
  'README.md',
];

describe('manifests/discover', () => {
  it('classifies paths by name, with Helm values only next to a Chart.yaml and chart files out of Kubernetes', () => {
    const found = discoverManifests(PATHS);

    expect(found).toEqual([
      { path: '.devcontainer/devcontainer.json', kind: 'devcontainer' },
      { path: '.devcontainer/gpu/devcontainer.json', kind: 'devcontainer' },
      { path: '.github/workflows/ci.yml', kind: 'workflow' },
      { path: 'charts/app/values-prod.yaml', kind: 'helm', chart: 'charts/app/Chart.yaml' },
      { path: 'charts/app/values.yaml', kind: 'helm', chart: 'charts/app/Chart.yaml' },
      { path: 'compose.yaml', kind: 'compose' },
      { path: 'deploy/docker-compose.prod.yml', kind: 'compose' },
      { path: 'deploy/k8s/deployment.yaml', kind: 'kubernetes' },
      { path: 'deploy/values.yaml', kind: 'kubernetes' },
      { path: 'docker-compose-dev.yaml', kind: 'compose' },
      { path: 'tools/.devcontainer.json', kind: 'devcontainer' },
    ]);
  });

  it('turns kinds off, adds include globs per kind and leaves out excluded paths', () => {
    const found = discoverManifests(PATHS, {
      kinds: { kubernetes: false, workflow: false },
      include: { helm: ['deploy/values.yaml'] },
      exclude: ['**/values-prod.yaml', '.devcontainer/gpu/**'],
    });

    expect(found.map((candidate) => `${candidate.kind} ${candidate.path}`)).toEqual([
      'devcontainer .devcontainer/devcontainer.json',
      'helm charts/app/values.yaml',
      'compose compose.yaml',
      'compose deploy/docker-compose.prod.yml',
      'helm deploy/values.yaml',
      'compose docker-compose-dev.yaml',
      'devcontainer tools/.devcontainer.json',
    ]);
  });

  it('tells which changed paths can change manifest references, Chart.yaml included', () => {
    const trigger = (path: string): boolean => isManifestTriggerPath(path, { kinds: { kubernetes: false } });

    expect(['charts/app/Chart.yaml', 'charts/app/values.yaml', '.github/workflows/x.yaml', 'compose.yml'].map(trigger)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['deploy/k8s/deployment.yaml', 'README.md', '.github/dependabot.yml'].map(trigger)).toEqual([false, false, false]);
  });

  it('counts any other YAML file as a Kubernetes change when Kubernetes is on, whether a chart is around or not', () => {
    const trigger = (path: string): boolean => isManifestTriggerPath(path);

    expect(['deploy/k8s/deployment.yaml', 'deployment.yml', 'charts/app/templates/deployment.yaml'].map(trigger)).toEqual([
      true,
      true,
      true,
    ]);
    expect(['README.md', '.github/dependabot.yml', 'node_modules/x/deployment.yaml'].map(trigger)).toEqual([false, false, false]);
  });
});

describe('manifests limits', () => {
  it('reports a file larger than the limit instead of reading it', () => {
    const text = `services:\n  a:\n    image: x\n#${'y'.repeat(DEFAULT_MANIFEST_LIMITS.maxLength)}\n`;

    expect(extractComposeRefs('compose.yaml', text).map((ref) => ref.problem?.reason)).toEqual([
      `file is larger than ${DEFAULT_MANIFEST_LIMITS.maxLength} characters`,
    ]);
  });

  it('stops at the document, node, alias and depth limits with one problem each', () => {
    const limits = { ...DEFAULT_MANIFEST_LIMITS, maxDocuments: 2, maxNodes: 40, maxAliasCount: 3, maxDepth: 5 };
    const manyNodes = { ...limits, maxNodes: 1000 };
    const pod = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - image: a:1\n';
    const laughs = [
      'apiVersion: v1',
      'kind: Pod',
      'x: &a [1, 2, 3]',
      'y: &b [*a, *a, *a]',
      'z: &c [*b, *b, *b]',
      'w: [*c, *c, *c, *c]',
    ].join('\n');
    const deep = `apiVersion: v1\nkind: Pod\nspec: ${'{a: '.repeat(8)}1${'}'.repeat(8)}\n`;
    const wide = `apiVersion: v1\nkind: Pod\nspec:\n${Array.from({ length: 50 }, (_, i) => `  k${i}: v`).join('\n')}\n`;

    const reasons = (text: string, given = limits): (string | undefined)[] =>
      extractKubernetesRefs('k.yaml', text, given).map((ref) => ref.problem?.reason);

    expect(reasons([pod, pod, pod].join('---\n'))).toEqual([
      undefined,
      undefined,
      'file has more than 2 YAML documents; the rest were not read',
    ]);
    expect(reasons(laughs, manyNodes)).toEqual(['the file follows more than 3 YAML aliases; the rest was not read']);
    expect(reasons(deep, manyNodes)).toEqual(['the YAML nests deeper than 5 levels; the rest was not read']);
    expect(reasons(wide)).toEqual(['the file has more than 40 YAML nodes; the rest was not read']);
  });

  it('stops an alias bomb at the node limit with the default limits', () => {
    const levels = Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array.from({ length: 9 }, () => `*l${i}`).join(', ')}]`);
    const text = ['apiVersion: v1', 'kind: Pod', 'l0: &l0 [x, x, x, x, x, x, x, x, x]', ...levels].join('\n');

    const refs = extractKubernetesRefs('bomb.yaml', text);

    expect(refs.map((ref) => ref.problem?.reason)).toEqual([
      `the file has more than ${DEFAULT_MANIFEST_LIMITS.maxNodes} YAML nodes; the rest was not read`,
    ]);
  });

  it('bounds JSON nesting before parsing', () => {
    const text = `{"image": "python:3.11", "x": ${'['.repeat(100)}${']'.repeat(100)}}`;

    expect(extractDevcontainerRefs('devcontainer.json', text)[0]?.problem?.reason).toBe(
      `the JSON nests deeper than ${DEFAULT_MANIFEST_LIMITS.maxDepth} levels`,
    );
  });
});
