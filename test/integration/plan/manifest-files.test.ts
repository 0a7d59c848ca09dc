/**
 * Manifests planned with Dockerfiles on real tag lists: a local registry loaded from the
 * official-images snapshot (python and spark), a checkout with a Dockerfile, a workflow, Compose
 * files (anchors, CRLF), a SparkApplication, Helm values with their chart and a dev container;
 * `freshbase scan --format json`, `freshbase apply` (exact bytes after), and a second run that
 * writes nothing.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPusher } from '../../../bench/support/registry-push.js';
import type { LocalRegistry } from '../../../bench/support/registry-server.js';
import { createLocalSource } from '../../../src/local/local-source.js';
import { createRegistryClient } from '../../../src/registry/index.js';
import { scanRepository } from '../../../src/scan/scan-repository.js';
import { loadOfficialImages, startOfficialRegistry, type LoadedOfficialImages } from '../../support/official-registry.js';
import { runFreshbase, SCAN_TIME, scanJson } from './run-freshbase.js';

const SPARK_APP = `apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: spark-pi
spec:
  type: Scala
  mode: cluster
  sparkVersion: 3.5.1
  mainClass: org.apache.spark.examples.SparkPi
  driver:
    cores: 1
    image: spark:3.5.1-scala2.12-java17-python3-ubuntu
  executor:
    instances: 2
    image: 'spark:3.5.1-scala2.12-java17-python3-ubuntu'
`;

const FILES: Record<string, string> = {
  Dockerfile: 'FROM python:3.11.8-slim\nRUN pip install .\n',
  '.github/workflows/ci.yml': `name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: python:3.11.8-slim # tests run on the production base
    steps:
      - run: pytest
`,
  'compose.yaml': `x-python: &python
  image: python:3.11.8-slim
  restart: unless-stopped
services:
  api:
    <<: *python
    command: ["uvicorn", "app:api"]
  worker:
    <<: *python
    command: ["celery", "worker"]
`,
  'compose.override.yaml': 'services:\r\n  api:\r\n    image: "python:3.11.8-slim"\r\n',
  'spark/Dockerfile': 'FROM spark:3.5.1-scala2.12-java17-ubuntu\nCOPY jobs/ /opt/spark/work-dir/\n',
  'spark/pi.yaml': SPARK_APP,
  'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 0.3.0\nappVersion: "3.11.8-slim"\n',
  'charts/api/values.yaml': `image:
  repository: python
  tag: "" # the chart's appVersion
tools:
  image:
    registry: docker.io
    repository: library/python
    tag: 3.9
migrations:
  image:
    repository: python
    tag: '3.11.8-slim'
`,
  '.devcontainer/devcontainer.json': '{\n  // the production base\n  "name": "api",\n  "image": "python:3.11.8-slim",\n}\n',
};

/** Every file after `apply`: only the tag characters of the in-line updates changed. */
const APPLIED: Record<string, string> = {
  ...FILES,
  Dockerfile: 'FROM python:3.11.11-slim\nRUN pip install .\n',
  '.github/workflows/ci.yml': (FILES['.github/workflows/ci.yml'] ?? '').replace(
    'image: python:3.11.8-slim # tests',
    'image: python:3.11.11-slim # tests',
  ),
  'compose.yaml': (FILES['compose.yaml'] ?? '').replace('image: python:3.11.8-slim', 'image: python:3.11.11-slim'),
  'compose.override.yaml': 'services:\r\n  api:\r\n    image: "python:3.11.11-slim"\r\n',
  'spark/Dockerfile': 'FROM spark:3.5.5-scala2.12-java17-ubuntu\nCOPY jobs/ /opt/spark/work-dir/\n',
  'spark/pi.yaml': SPARK_APP.replaceAll('3.5.1-scala2.12-java17-python3-ubuntu', '3.5.5-scala2.12-java17-python3-ubuntu'),
  'charts/api/values.yaml': (FILES['charts/api/values.yaml'] ?? '').replace("tag: '3.11.8-slim'", "tag: '3.11.11-slim'"),
  '.devcontainer/devcontainer.json': (FILES['.devcontainer/devcontainer.json'] ?? '').replace('3.11.8-slim', '3.11.11-slim'),
};

const KEEP = [/^3\.1[12]\.\d+-slim$/, /^3\.(9|1[0-3])$/, /^3\.5\.\d+-scala2\.12-java17-(python3-)?ubuntu$/];

async function writeCheckout(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

async function readCheckout(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const path of Object.keys(FILES)) out[path] = await readFile(join(root, path), 'utf8');
  return out;
}

describe('plan: manifests with Dockerfiles on real official-image tags (freshbase scan and apply)', () => {
  let registry: LocalRegistry | undefined;
  let loaded: LoadedOfficialImages;
  let root = '';

  beforeAll(async () => {
    registry = await startOfficialRegistry();
    loaded = await loadOfficialImages(createPusher({ url: registry.url }), {
      images: ['python', 'spark'],
      filter: (_image, tag) => KEEP.some((pattern) => pattern.test(tag)),
    });
    root = await mkdtemp(join(tmpdir(), 'freshbase-manifests-'));
    await writeCheckout(root, FILES);
  }, 120_000);

  afterAll(async () => {
    await registry?.stop();
    if (root !== '') await rm(root, { recursive: true, force: true });
  });

  it('puts every in-line bump of one image line into one group, whatever the file kind', async () => {
    const client = createRegistryClient({ mirrors: { 'docker.io': registry?.url ?? '' } });

    const result = await scanRepository(
      { key: root, trigger: 'cli' },
      { source: createLocalSource(root), registry: client, now: () => SCAN_TIME },
    );

    const items = (key: string): string[] =>
      (result.groups.find((group) => group.key === key)?.items ?? []).map(
        ({ proposal }) => `${proposal.ref.kind} ${proposal.ref.file}:${proposal.ref.line}`,
      );
    expect(result.groups.map((group) => group.key)).toEqual(['python-3.11', 'python-to-3.12', 'spark-3.5']);
    expect(items('python-3.11')).toEqual([
      'devcontainer .devcontainer/devcontainer.json:4',
      'workflow .github/workflows/ci.yml:7',
      'dockerfile Dockerfile:1',
      'helm charts/api/values.yaml:12',
      'compose compose.override.yaml:3',
      'compose compose.yaml:2',
      'compose compose.yaml:2',
    ]);
    expect(items('spark-3.5')).toEqual(['dockerfile spark/Dockerfile:1', 'kubernetes spark/pi.yaml:12', 'kubernetes spark/pi.yaml:15']);
    expect(loaded.tags.get('spark')).toContain('3.5.5-scala2.12-java17-python3-ubuntu');
    // Rebuild decisions look at what Dockerfiles build on, not at what manifests run.
    expect(result.baseImages.map((base) => `${base.file} ${base.image}`)).toEqual([
      'Dockerfile docker.io/library/python:3.11.8-slim',
      'spark/Dockerfile docker.io/library/spark:3.5.1-scala2.12-java17-ubuntu',
    ]);
  });

  it('prints the kind of every reference and update in JSON, and says why the Helm tags are not edited', async () => {
    const { code, json } = await scanJson(root, registry?.url ?? '');

    expect(code).toBe(10);
    expect(json.references.map((r) => [r.kind, `${r.file}:${r.line}`, r.image, r.tag, r.status, r.skipReason])).toEqual([
      ['devcontainer', '.devcontainer/devcontainer.json:4', 'python', '3.11.8-slim', 'update', null],
      ['workflow', '.github/workflows/ci.yml:7', 'python', '3.11.8-slim', 'update', null],
      ['dockerfile', 'Dockerfile:1', 'python', '3.11.8-slim', 'update', null],
      ['helm', 'charts/api/values.yaml:3', 'python', '3.11.8-slim', 'skipped', 'uneditable'],
      ['helm', 'charts/api/values.yaml:8', 'python', '3.9', 'skipped', 'uneditable'],
      ['helm', 'charts/api/values.yaml:12', 'python', '3.11.8-slim', 'update', null],
      ['compose', 'compose.override.yaml:3', 'python', '3.11.8-slim', 'update', null],
      ['compose', 'compose.yaml:2', 'python', '3.11.8-slim', 'update', null],
      ['compose', 'compose.yaml:2', 'python', '3.11.8-slim', 'update', null],
      ['dockerfile', 'spark/Dockerfile:1', 'spark', '3.5.1-scala2.12-java17-ubuntu', 'update', null],
      ['kubernetes', 'spark/pi.yaml:12', 'spark', '3.5.1-scala2.12-java17-python3-ubuntu', 'update', null],
      ['kubernetes', 'spark/pi.yaml:15', 'spark', '3.5.1-scala2.12-java17-python3-ubuntu', 'update', null],
    ]);
    const helm = json.references.filter((r) => r.kind === 'helm');
    expect(helm[0]?.reason).toContain("the chart's appVersion (charts/api/Chart.yaml line 4) is what runs");
    expect(helm[1]?.reason).toMatch(/^"3\.1[0-3]" written without quotes would be read by YAML as a number/);
    const spark = json.updates.filter((u) => u.image === 'spark');
    expect(spark.map((u) => [u.kind, u.file, u.line, u.newTag, u.updateType])).toEqual([
      ['dockerfile', 'spark/Dockerfile', 1, '3.5.5-scala2.12-java17-ubuntu', 'patch'],
      ['kubernetes', 'spark/pi.yaml', 12, '3.5.5-scala2.12-java17-python3-ubuntu', 'patch'],
      ['kubernetes', 'spark/pi.yaml', 15, '3.5.5-scala2.12-java17-python3-ubuntu', 'patch'],
    ]);
    const python = json.updates.filter((u) => u.image === 'python' && u.kind !== 'dockerfile');
    expect(new Set(python.map((u) => `${u.kind} ${u.newTag} ${u.updateType}`))).toEqual(
      new Set([
        'devcontainer 3.11.11-slim patch',
        'devcontainer 3.12.9-slim minor',
        'workflow 3.11.11-slim patch',
        'workflow 3.12.9-slim minor',
        'helm 3.11.11-slim patch',
        'helm 3.12.9-slim minor',
        'compose 3.11.11-slim patch',
        'compose 3.12.9-slim minor',
      ]),
    );
  });

  it('apply changes only the tag characters of every file kind, and a second apply writes nothing', async () => {
    const first = await runFreshbase(['apply', root], registry?.url ?? '');

    expect(first.stderr).toBe('');
    expect(first.stdout.split('\n').filter((line) => line !== '')).toEqual([
      'updated .devcontainer/devcontainer.json (1 edit)',
      'updated .github/workflows/ci.yml (1 edit)',
      'updated Dockerfile (1 edit)',
      'updated charts/api/values.yaml (1 edit)',
      'updated compose.override.yaml (1 edit)',
      'updated compose.yaml (1 edit)',
      'updated spark/Dockerfile (1 edit)',
      'updated spark/pi.yaml (2 edits)',
    ]);
    expect(await readCheckout(root)).toEqual(APPLIED);

    const second = await runFreshbase(['apply', root], registry?.url ?? '');

    expect(second.stdout).toBe('nothing to update\n');
    expect(await readCheckout(root)).toEqual(APPLIED);
  });
});
