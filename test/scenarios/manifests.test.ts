/**
 * Manifests in the app: the real app against the GitHub simulator and a registry loaded with
 * real python and spark tags (official-images snapshot). One pull request bumps python in a
 * Dockerfile, a workflow container, a Compose file and a Kubernetes file named by an include
 * glob; another bumps a SparkApplication's driver and executor with the Dockerfile on the same
 * spark line. Pushes rescan when a file a scan reads changes, the repository's globs included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOfficialImages } from '../support/official-registry.js';
import { dashboardOf, startScenario, writesOf, type Scenario } from './harness.js';

const REPO = 'acme/platform' as const;
const TREE = { method: 'GET', route: '/repos/{owner}/{repo}/git/trees/{tree_sha}' } as const;
const CONFIG = { method: 'GET', route: '/repos/{owner}/{repo}/contents/{path}' } as const;

const WORKFLOW = `name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    container:
      image: python:3.11.8-slim
    services:
      cache:
        image: redis:\${{ matrix.redis }}
    steps:
      - run: pytest
`;
const COMPOSE = `services:
  api:
    image: python:3.11.8-slim # the app
    ports: ["8000:8000"]
`;
const K8S = `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      containers:
        - name: migrate
          image: "python:3.11.8-slim"
      restartPolicy: Never
`;
const SPARK_APP = `apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: etl
spec:
  type: Python
  mode: cluster
  mainApplicationFile: local:///opt/spark/work-dir/etl.py
  sparkVersion: 3.5.1
  driver:
    image: spark:3.5.1-scala2.12-java17-python3-ubuntu
  executor:
    instances: 4
    image: spark:3.5.1-scala2.12-java17-python3-ubuntu
`;
const BUILD_APP = `name: build
on:
  push:
    branches: [main]
  workflow_dispatch:
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: .
          push: true
          tags: acme/app:1.0
`;
const FILES: Record<string, string> = {
  '.github/freshbase.yml': 'pullRequests:\n  hourlyLimit: 10\nfiles:\n  include:\n    kubernetes: ["deploy/*.k8s"]\n',
  Dockerfile: 'FROM python:3.11.8-slim\nCOPY . /app\n',
  '.github/workflows/ci.yml': WORKFLOW,
  'compose.yaml': COMPOSE,
  'deploy/migrate.k8s': K8S,
  'spark/Dockerfile': 'FROM spark:3.5.1-scala2.12-java17-python3-ubuntu\nCOPY etl.py /opt/spark/work-dir/\n',
  'spark/etl.yaml': SPARK_APP,
  'README.md': '# platform\n',
};

describe('scenario: manifests with Dockerfiles', () => {
  let s: Scenario;
  let installation = 0;

  beforeAll(async () => {
    s = await startScenario([]);
    await loadOfficialImages(s.pusher, {
      images: ['python', 'spark'],
      filter: (_image, tag) => /^3\.1[12]\.\d+-slim$/.test(tag) || /^3\.5\.\d+-scala2\.12-java17-python3-ubuntu$/.test(tag),
    });
    s.sim.seedRepo({ owner: 'acme', name: 'platform', files: FILES });
    s.sim.addCollaborator(REPO, 'alice', 'admin');
    installation = (await s.sim.installApp({ account: 'acme', repositories: ['platform'], by: 'alice' })).id;
    await s.settle();
  }, 120_000);

  afterAll(async () => {
    await s.close();
  });

  it('bumps python in the Dockerfile, the workflow container, the Compose file and the included Kubernetes file in one pull request', () => {
    const pull = s.sim.listPullRequests(REPO).find((p) => p.pull?.headRef === 'freshbase/python-3.11');
    const branch = 'freshbase/python-3.11';

    expect(pull?.title).toBe('Bump python from 3.11.8-slim to 3.11.11-slim');
    expect(s.sim.readFile(REPO, branch, 'Dockerfile')).toBe('FROM python:3.11.11-slim\nCOPY . /app\n');
    expect(s.sim.readFile(REPO, branch, '.github/workflows/ci.yml')).toBe(WORKFLOW.replace('python:3.11.8-slim', 'python:3.11.11-slim'));
    expect(s.sim.readFile(REPO, branch, 'compose.yaml')).toBe(COMPOSE.replace('python:3.11.8-slim', 'python:3.11.11-slim'));
    expect(s.sim.readFile(REPO, branch, 'deploy/migrate.k8s')).toBe(K8S.replace('python:3.11.8-slim', 'python:3.11.11-slim'));
    expect(s.sim.readFile(REPO, branch, 'spark/etl.yaml')).toBe(SPARK_APP);
    expect(pull?.body).toContain('for every file that uses it');
    expect(pull?.body).toContain(
      '| `.github/workflows/ci.yml:7` (Workflow, jobs.test.container.image) | `3.11.8-slim` | `3.11.11-slim` | patch |',
    );
    expect(pull?.body).toContain(
      // The key path is file text, escaped for Markdown (`[` would start a link).
      '| `deploy/migrate.k8s:10` (Kubernetes, spec.template.spec.containers\\[name=migrate\\].image) | `3.11.8-slim` | `3.11.11-slim` | patch |',
    );
    expect(s.sim.violations).toEqual([]);
  });

  it("bumps a SparkApplication's driver and executor with the Dockerfile that builds on the same spark line", () => {
    const pull = s.sim.listPullRequests(REPO).find((p) => p.pull?.headRef === 'freshbase/spark-3.5');
    const branch = 'freshbase/spark-3.5';

    expect(pull?.title).toBe('Bump spark from 3.5.1-scala2.12-java17-python3-ubuntu to 3.5.5-scala2.12-java17-python3-ubuntu');
    expect(s.sim.readFile(REPO, branch, 'spark/Dockerfile')).toBe(
      'FROM spark:3.5.5-scala2.12-java17-python3-ubuntu\nCOPY etl.py /opt/spark/work-dir/\n',
    );
    expect(s.sim.readFile(REPO, branch, 'spark/etl.yaml')).toBe(
      SPARK_APP.replaceAll('spark:3.5.1-scala2.12-java17-python3-ubuntu', 'spark:3.5.5-scala2.12-java17-python3-ubuntu'),
    );
    expect(s.sim.readFile(REPO, branch, 'Dockerfile')).toBe(FILES.Dockerfile);
  });

  it('lists the references by file kind in the dashboard, with the skipped workflow service and its reason', () => {
    const body = dashboardOf(s.sim, REPO)?.body ?? '';

    expect(body).toContain(
      [
        '| Kind | Files | References | To update | Up to date | Skipped |',
        '| --- | --- | --- | --- | --- | --- |',
        '| Dockerfile | 2 | 2 | 2 | 0 | 0 |',
        '| Kubernetes | 2 | 3 | 3 | 0 | 0 |',
        '| Compose | 1 | 1 | 1 | 0 | 0 |',
        '| Workflow | 1 | 2 | 1 | 0 | 1 |',
      ].join('\n'),
    );
    expect(body).toContain(
      // The reason quotes file text, escaped for Markdown.
      '| Workflow | `.github/workflows/ci.yml:10` | `redis:${{ matrix.redis }}` | unresolvable: \\${{ matrix.redis }} is a GitHub Actions expression',
    );
  });

  it('a second scan in a row makes zero write requests', async () => {
    s.sim.resetLog();

    await s.sim.commentOnIssue(REPO, dashboardOf(s.sim, REPO)?.number ?? 0, { by: 'alice', body: '/freshbase recheck' });
    await s.settle();

    expect(s.sim.countRequests(TREE)).toBe(1);
    expect(writesOf(s.sim)).toEqual([]);
  });

  it('a push touching only other files reads the config (its size from the listing, then the file) and does not rescan', async () => {
    s.sim.resetLog();

    await s.sim.pushFiles(REPO, 'main', { 'README.md': '# platform\n\nmore\n' }, { message: 'docs', author: { login: 'alice' } });
    await s.settle();

    expect(s.sim.countRequests(TREE)).toBe(0);
    expect(s.sim.countRequests(CONFIG)).toBe(2);
  });

  it("a push touching a file named by the repository's include glob rescans, and so does one touching a YAML file", async () => {
    s.sim.resetLog();

    await s.sim.pushFiles(
      REPO,
      'main',
      { 'deploy/seed.k8s': K8S.replace('migrate', 'seed') },
      { message: 'seed job', author: { login: 'alice' } },
    );
    await s.settle();

    expect(s.sim.countRequests(TREE)).toBe(1);
    expect(s.sim.readFile(REPO, 'freshbase/python-3.11', 'deploy/seed.k8s')).toBe(
      K8S.replace('migrate', 'seed').replace('python:3.11.8-slim', 'python:3.11.11-slim'),
    );
    s.sim.resetLog();

    await s.sim.pushFiles(REPO, 'main', { 'ops/notes.yaml': 'owner: alice\n' }, { message: 'notes', author: { login: 'alice' } });
    await s.settle();

    // The default names decide: no config read in the webhook, one scan.
    expect(s.sim.countRequests(TREE)).toBe(1);
  });

  it('a workflow that builds an image a Kubernetes manifest pins by digest: after the rebuild, the digest-refresh pull request', async () => {
    const before = await s.pusher.pushImage({ repository: 'acme/app', tags: ['1.0'], created: '2025-01-02T00:00:00Z', salt: 'app-1' });
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  template:
    spec:
      containers:
        - name: app
          image: acme/app:1.0@${before.digest}
`;
    s.sim.seedRepo({
      owner: 'acme',
      name: 'deploy',
      files: {
        Dockerfile: 'FROM python:3.12.9-slim\n',
        '.github/workflows/build.yml': BUILD_APP,
        'k8s/deployment.yaml': deployment,
      },
    });
    s.sim.addCollaborator('acme/deploy', 'alice', 'admin');
    await s.sim.addInstallationRepos(installation, { names: ['deploy'], by: 'alice' });
    await s.settle();
    expect(s.sim.listPullRequests('acme/deploy')).toEqual([]);

    await s.sim.commentOnIssue('acme/deploy', dashboardOf(s.sim, 'acme/deploy')?.number ?? 0, { by: 'alice', body: '/freshbase rebuild' });
    await s.settle();
    const [run] = s.sim.listRuns('acme/deploy');
    // The run rebuilds acme/app:1.0 (new digest, built just now) and succeeds.
    const after = await s.pusher.pushImage({ repository: 'acme/app', tags: ['1.0'], created: s.now().toISOString(), salt: 'app-2' });
    s.sim.completeRun(run?.id ?? 0, 'success');
    await s.sim.commentOnIssue('acme/deploy', dashboardOf(s.sim, 'acme/deploy')?.number ?? 0, { by: 'alice', body: '/freshbase recheck' });
    await s.settle();

    const pulls = s.sim.listPullRequests('acme/deploy');
    expect(pulls.map((p) => [p.title, p.pull?.headRef])).toEqual([['Refresh acme/app 1.0 digest', 'freshbase/acme-app-1.0']]);
    expect(s.sim.readFile('acme/deploy', 'freshbase/acme-app-1.0', 'k8s/deployment.yaml')).toBe(
      deployment.replace(before.digest, after.digest),
    );
    expect(dashboardOf(s.sim, 'acme/deploy')?.body).toContain('| `.github/workflows/build.yml` |');
    expect(dashboardOf(s.sim, 'acme/deploy')?.body).toContain('| success ([run](../actions/runs/');
  });
});
