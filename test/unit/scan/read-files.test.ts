import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRepoConfig } from '../../../src/config/parse-repo-config.js';
import { createLocalSource, listLocalManifests } from '../../../src/local/local-source.js';
import { extractFileRefs, readRepoFiles } from '../../../src/scan/read-files.js';

const FILES: Record<string, string> = {
  Dockerfile: 'FROM python:3.11.8-slim\n',
  'Dockerfile.yaml': 'FROM alpine:3.19\n',
  'compose.yaml': 'services:\n  web:\n    image: nginx:1.27.4\n',
  'k8s/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: redis:7.4.2\n',
  'k8s/not-kubernetes.yaml': 'name: just config\nimage: busybox:1.36\n',
  'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\nappVersion: "3.5.1"\n',
  'charts/app/values.yaml': 'image:\n  repository: spark\n  tag: ""\n',
  'charts/app/templates/deployment.yaml':
    'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: "{{ .Values.image.repository }}"\n',
  'deploy/app.k8s': 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: node:22.14.0\n',
  'vendor/compose.yaml': 'services:\n  x:\n    image: mysql:8.0\n',
  '.devcontainer/devcontainer.json': '{\n  // the dev image\n  "image": "python:3.12",\n}\n',
};

describe('scan/read-files', () => {
  let root = '';

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'freshbase-read-files-'));
    for (const [path, content] of Object.entries(FILES)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('reads Dockerfiles and every manifest kind by default, each path once, sorted by path', async () => {
    const { read, skipped } = await readRepoFiles(createLocalSource(root), parseRepoConfig(''));

    expect(read.map(({ file }) => `${file.kind} ${file.path}`)).toEqual([
      'devcontainer .devcontainer/devcontainer.json',
      'dockerfile Dockerfile',
      'dockerfile Dockerfile.yaml',
      'helm charts/app/values.yaml',
      'compose compose.yaml',
      'kubernetes k8s/deployment.yaml',
      'kubernetes k8s/not-kubernetes.yaml',
      'compose vendor/compose.yaml',
    ]);
    expect(read.find(({ file }) => file.path === 'charts/app/values.yaml')?.chart?.path).toBe('charts/app/Chart.yaml');
    expect(skipped).toEqual([]);
  });

  it('extracts each file with its own reader: the chart gives the empty Helm tag its appVersion, other YAML gives nothing', async () => {
    const { read } = await readRepoFiles(createLocalSource(root), parseRepoConfig(''));

    const refs = read.flatMap(extractFileRefs);

    expect(
      refs.map((ref) => `${ref.kind} ${ref.file}:${ref.line} ${ref.raw}${ref.uneditable === undefined ? '' : ' (uneditable)'}`),
    ).toEqual([
      'devcontainer .devcontainer/devcontainer.json:3 python:3.12',
      'dockerfile Dockerfile:1 python:3.11.8-slim',
      'dockerfile Dockerfile.yaml:1 alpine:3.19',
      'helm charts/app/values.yaml:3 spark:3.5.1 (uneditable)',
      'compose compose.yaml:3 nginx:1.27.4',
      'kubernetes k8s/deployment.yaml:8 redis:7.4.2',
      'compose vendor/compose.yaml:3 mysql:8.0',
    ]);
    const helm = refs.find((ref) => ref.kind === 'helm');
    expect(helm?.tagSlot).toBeUndefined();
    expect(helm?.digestSlot).toBeUndefined();
  });

  it('follows files.kinds, files.include and files.exclude (exclude applies to Dockerfiles too)', async () => {
    const config = parseRepoConfig(
      [
        'files:',
        '  kinds: { kubernetes: false, devcontainer: false }',
        '  include:',
        '    kubernetes: ["deploy/*.k8s"]',
        '  exclude: ["vendor/**", "Dockerfile.yaml"]',
      ].join('\n'),
    );

    const { read } = await readRepoFiles(createLocalSource(root), config);

    // A kind turned off is off for its include globs too.
    expect(read.map(({ file }) => `${file.kind} ${file.path}`)).toEqual([
      'dockerfile Dockerfile',
      'helm charts/app/values.yaml',
      'compose compose.yaml',
    ]);
  });

  it('reads a Kubernetes file named by an include glob, and no Dockerfile when the kind is off', async () => {
    const config = parseRepoConfig('files:\n  kinds: { dockerfile: false }\n  include:\n    kubernetes: ["deploy/*.k8s"]\n');

    const { read } = await readRepoFiles(createLocalSource(root), config);

    expect(read.filter(({ file }) => file.kind === 'dockerfile')).toEqual([]);
    expect(read.map(({ file }) => file.path)).toContain('deploy/app.k8s');
    expect(read.flatMap(extractFileRefs).find((ref) => ref.file === 'deploy/app.k8s')?.raw).toBe('node:22.14.0');
  });

  it('does not list manifests at all when every manifest kind is off', async () => {
    const local = createLocalSource(root);
    let listed = 0;
    const source = {
      ...local,
      listManifests: (...args: Parameters<NonNullable<typeof local.listManifests>>) => {
        listed += 1;
        return local.listManifests?.(...args) ?? Promise.resolve({ files: [], skipped: [] });
      },
    };
    const config = parseRepoConfig(
      'files:\n  kinds: { kubernetes: false, helm: false, compose: false, workflow: false, devcontainer: false }\n',
    );

    const { read } = await readRepoFiles(source, config);

    expect(read.map(({ file }) => file.path)).toEqual(['Dockerfile', 'Dockerfile.yaml']);
    expect(listed).toBe(0);
  });

  it('reports the manifests past the read limits as skipped files with the reason', async () => {
    const limits = { maxFiles: 3, maxBytes: 1_000_000, maxFileBytes: 1_000_000 };

    const { files, skipped } = await listLocalManifests(root, { except: new Set() }, limits);

    expect(files.map((f) => f.file.path)).toEqual(['.devcontainer/devcontainer.json', 'charts/app/values.yaml']);
    expect(skipped.map((s) => s.path)).toEqual([
      'compose.yaml',
      'vendor/compose.yaml',
      'Dockerfile.yaml',
      'k8s/deployment.yaml',
      'k8s/not-kubernetes.yaml',
    ]);
    expect(skipped[0]?.reason).toBe('more than 3 manifest files in the repository; not read');
  });
});
