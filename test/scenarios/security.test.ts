/**
 * What a bump fixes, end to end: the app reads the SBOM attestations of python 3.11.8-slim and
 * 3.11.11-slim from a real registry, asks the OSV stub, and shows the result in the pull
 * request, the dashboard and a rebuild's `reason`; a second scan writes nothing, and an OSV
 * outage neither blocks nor rewrites anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOsvStub, type OsvStub } from '../support/osv-stub.js';
import { BUMP_RECORDS, PYTHON_3_11_8, PYTHON_3_11_11, pushPythonSbomImages } from '../support/python-security.js';
import { pushSbomImage, type PackageList } from '../support/sbom-images.js';
import { dashboardOf, startScenario, writesOf, type Scenario } from './harness.js';

const DAY = 86_400_000;
const REPO = 'acme/api' as const;
const SVC = 'acme/svc' as const;
const BUILD = `name: build
on:
  push:
    branches: [main]
  workflow_dispatch:
    inputs:
      reason:
        description: why
        required: false
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: Dockerfile
`;

describe('scenario: what a bump fixes', () => {
  let s: Scenario;
  let osv: OsvStub;

  function pushFloating(list: PackageList): Promise<unknown> {
    return pushSbomImage(s.pusher, {
      repository: 'library/python',
      tag: '3.11-slim',
      platforms: [
        { os: 'linux', architecture: 'amd64', list },
        { os: 'linux', architecture: 'arm64' },
      ],
    });
  }

  function body(): string {
    return s.sim.listPullRequests(REPO).find((pull) => pull.state === 'open')?.body ?? '';
  }

  beforeAll(async () => {
    osv = await startOsvStub();
    for (const record of BUMP_RECORDS) osv.addRecord(record);
    // 2025-04-01 is a Tuesday: the weekly passes come on the Mondays after.
    s = await startScenario([], { start: '2025-04-01T12:00:00Z', env: { FRESHBASE_OSV_URL: osv.url } });
    await pushPythonSbomImages(s.pusher);
    await pushFloating(PYTHON_3_11_8);
    s.sim.seedRepo({ owner: 'acme', name: 'api', files: { Dockerfile: 'FROM python:3.11.8-slim\nRUN pip install .\n' } });
    s.sim.seedRepo({
      owner: 'acme',
      name: 'svc',
      files: {
        Dockerfile: 'FROM python:3.11-slim\n',
        '.github/freshbase.yml': 'rebuild:\n  maxAge: 30d\n',
        '.github/workflows/build.yml': BUILD,
      },
    });
    s.sim.addCollaborator(REPO, 'alice', 'write');
  });

  afterAll(async () => {
    await s.close();
    await osv.stop();
  });

  it('the bump pull request shows the summary line, the runtime and the table of what it fixes', async () => {
    await s.sim.installApp({ account: 'acme', repositories: ['api', 'svc'], by: 'alice' });
    await s.settle();

    const pulls = s.sim.listPullRequests(REPO).filter((pull) => pull.state === 'open');
    expect(pulls.map((pull) => pull.title)).toEqual(['Bump python from 3.11.8-slim to 3.11.11-slim']);
    expect(body()).toContain('**Security:** closes 3 vulnerabilities (1 high) in 2 OS packages; opens 0\n');
    expect(body()).toContain('Runtimes: python `3.11.8` → `3.11.11`');
    expect(body()).toContain('<summary>OS packages: 2 changed, 0 added, 0 removed (3 unchanged)</summary>');
    expect(body()).toContain(
      '| `openssl` | `3.0.11-1~deb12u2` → `3.0.15-1~deb12u1` | `CVE-2099-0001` (high), `CVE-2099-0002` (unknown) |  |',
    );
    expect(body()).toContain('| `glibc` | `2.36-9+deb12u4` → `2.36-9+deb12u9` | `CVE-2099-0003` (unknown) |  |');
    expect(s.sim.violations).toEqual([]);
  });

  it('the dashboard counts the known vulnerabilities of the image in use', () => {
    const dashboard = dashboardOf(s.sim, REPO)?.body ?? '';

    expect(dashboard).toContain('## Known vulnerabilities of the images in use');
    expect(dashboard).toContain('| `python:3.11.8-slim` | `Dockerfile:1` | 4 known (1 high) |');
  });

  it('a second scan with nothing changed writes nothing to GitHub', async () => {
    s.sim.resetLog();

    await s.sim.commentOnIssue(REPO, dashboardOf(s.sim, REPO)?.number ?? 0, { by: 'alice', body: '/freshbase recheck' });
    await s.settle();

    expect(writesOf(s.sim)).toEqual([]);
    expect(s.sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}/pulls' })).toBeGreaterThan(0);
  });

  it('a scan while OSV is down leaves the pull request as it is', async () => {
    const before = body();
    osv.setFault({ kind: 'status', status: 503 });
    s.sim.resetLog();

    await s.sim.commentOnIssue(REPO, dashboardOf(s.sim, REPO)?.number ?? 0, { by: 'alice', body: '/freshbase recheck' });
    await s.settle();
    osv.setFault(undefined);

    expect(body()).toBe(before);
    expect(writesOf(s.sim).filter((write) => write.startsWith('PATCH /repos/{owner}/{repo}/pulls'))).toEqual([]);
  });

  it('a rebuild dispatched because the base image was rebuilt upstream names what the new image closes', async () => {
    await s.advance(6 * DAY);
    await s.settle();
    const first = [...s.sim.listRuns(SVC)];
    await pushFloating(PYTHON_3_11_11);

    await s.advance(7 * DAY);
    await s.settle();

    const runs = s.sim.listRuns(SVC);
    expect(first.map((run) => run.inputs['reason'])).toEqual(['first rebuild']);
    expect(runs.slice(first.length).map((run) => run.inputs['reason'])).toEqual([
      'base image python:3.11-slim rebuilt upstream: closes 3 vulnerabilities (1 high) in 2 OS packages; opens 0',
    ]);
  });
});
