/**
 * Bounds on what one repository can cost: a config too large to download, Dockerfiles past the
 * extraction limits, a dashboard that stays under GitHub's body limit, a scan past its time
 * budget, config globs past their matching budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOf, startScenario, writesOf, type Scenario } from './harness.js';

const OLD = '2025-01-10T00:00:00Z';
const NEWER = '2025-03-01T00:00:00Z';
const BLOBS = '/repos/{owner}/{repo}/git/blobs/{file_sha}';

function errorsOf(s: Scenario, repo: `${string}/${string}`): string {
  const body = dashboardOf(s.sim, repo)?.body ?? '';
  return body.slice(body.indexOf('## Errors'), body.indexOf('## Open pull requests'));
}

describe('scenario: what one repository can cost is bounded', () => {
  let s: Scenario;
  let installation = 0;

  beforeAll(async () => {
    s = await startScenario(
      [
        { repository: 'library/python', tags: ['3.11.8-slim'], created: OLD, salt: 'py3118' },
        { repository: 'library/python', tags: ['3.11.9-slim'], created: NEWER, salt: 'py3119' },
      ],
      { env: { FRESHBASE_SCAN_TIMEOUT: '5m' } },
    );
    s.sim.seedRepo({
      owner: 'acme',
      name: 'big-config',
      files: { '.github/freshbase.yml': `# ${'x'.repeat(69_997)}\n`, Dockerfile: 'FROM python:3.11.8-slim\n' },
    });
    s.sim.seedRepo({
      owner: 'acme',
      name: 'api',
      files: {
        Dockerfile: 'FROM python:3.11.8-slim\n',
        'big/Dockerfile': 'FROM scratch\n'.repeat(20_001),
        'long/Dockerfile': Array.from({ length: 12 }, (_, i) => `FROM python:3.11-${i}${'x'.repeat(60_000)}\n`).join(''),
      },
    });
    const heavy = `{a,b}{c,d}{e,f}{g,h}{i,j}${'x'.repeat(170)}/**`;
    s.sim.seedRepo({
      owner: 'acme',
      name: 'globs',
      files: {
        '.github/freshbase.yml': `dockerfiles:\n  include:\n    - "${heavy}"\n`,
        ...Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`${String(i).padStart(3, '0')}${'n'.repeat(187)}`, 'x\n'])),
      },
    });
    s.sim.addCollaborator('acme/api', 'alice', 'write');
    installation = (await s.sim.installApp({ account: 'acme', repositories: ['big-config', 'api', 'globs'], by: 'alice' })).id;
    await s.settle();
  });

  afterAll(async () => {
    await s.close();
  });

  it('refuses a config over 64 KiB from its size in the directory listing, without downloading it', () => {
    const configReads = s.sim.requests.filter((r) => r.path === '/repos/acme/big-config/contents/.github/freshbase.yml');
    const listings = s.sim.requests.filter((r) => r.path === '/repos/acme/big-config/contents/.github');

    expect(errorsOf(s, 'acme/big-config')).toContain(
      'config: .github/freshbase.yml of acme/big-config: the file is 70000 bytes, larger than the 65536 bytes freshbase reads; it was not downloaded',
    );
    expect(configReads).toEqual([]);
    expect(listings.length).toBeGreaterThan(0);
    expect(s.sim.listPullRequests('acme/big-config')).toEqual([]);
  });

  it('skips a Dockerfile past the line limit with the reason, and keeps a dashboard of huge FROM lines under the body limit', () => {
    const body = dashboardOf(s.sim, 'acme/api')?.body ?? '';

    expect(errorsOf(s, 'acme/api')).toContain('- big/Dockerfile: the file has 20001 lines, more than freshbase reads (20000)');
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain('| `long/Dockerfile:1` | `python:3.11-0xxxxx');
    expect(body).toContain('| `long/Dockerfile:12` | `python:3.11-11xxxx');
    expect(s.sim.listPullRequests('acme/api').map((p) => p.title)).toEqual(['Bump python from 3.11.8-slim to 3.11.9-slim']);
  });

  it('ends a scan that passes its time budget with the reason on the dashboard, writing nothing else', async () => {
    const dashboard = dashboardOf(s.sim, 'acme/api');
    const hold = s.sim.holdRequests({ method: 'GET', route: BLOBS });
    s.sim.resetLog();

    await s.sim.commentOnIssue('acme/api', dashboard?.number ?? 0, { by: 'alice', body: '/freshbase recheck' });
    await hold.reached;
    await s.advance(5 * 60_000 + 1);
    await s.settle();
    const whileHeld = writesOf(s.sim);
    hold.release();
    await s.settle();

    expect(whileHeld).toEqual(['PATCH /repos/{owner}/{repo}/issues/{issue_number}']);
    expect(writesOf(s.sim)).toEqual(whileHeld);
    expect(errorsOf(s, 'acme/api')).toContain(
      '- scan stopped: the scan of this repository took longer than 5 minutes; it stopped and will run again at the next trigger',
    );
    expect(s.sim.listPullRequests('acme/api').filter((p) => p.state === 'open')).toHaveLength(1);
  });

  it('the next trigger scans again and the error goes away', async () => {
    const dashboard = dashboardOf(s.sim, 'acme/api');

    await s.sim.commentOnIssue('acme/api', dashboard?.number ?? 0, { by: 'alice', body: '/freshbase recheck' });
    await s.settle();

    expect(errorsOf(s, 'acme/api')).not.toContain('scan stopped');
    expect(dashboardOf(s.sim, 'acme/api')?.body).toContain('Bump python from 3.11.8-slim to 3.11.9-slim');
  });

  it('ends a scan whose config globs run out of matching budget the same way', () => {
    expect(installation).toBeGreaterThan(0);
    expect(errorsOf(s, 'acme/globs')).toContain(
      "- scan stopped: matching the dockerfiles globs of the repository's config took more than 200000000 steps; use fewer or simpler globs",
    );
    expect(s.sim.listPullRequests('acme/globs')).toEqual([]);
  });
});
