/**
 * GitHub's rate limit, as the simulator keeps it (an hourly window per installation, 304s free):
 * a pass over an unchanged repository asks with the stored ETags and costs almost nothing, and an
 * installation down to its reserve waits for the reset instead of spending it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOf, startScenario, writesOf, type Scenario } from './harness.js';

const OLD = '2025-01-10T00:00:00Z';
const NEWER = '2025-03-01T00:00:00Z';
const REPO = 'acme/api' as const;

describe('scenario: the GitHub budget of an installation', () => {
  let s: Scenario;
  let installation: number;

  beforeAll(async () => {
    s = await startScenario([
      { repository: 'library/python', tags: ['3.11.8-slim'], created: OLD, salt: 'py3118' },
      { repository: 'library/python', tags: ['3.11.9-slim'], created: NEWER, salt: 'py3119' },
      { repository: 'library/golang', tags: ['1.24.1'], created: OLD, salt: 'go1241' },
      { repository: 'library/golang', tags: ['1.24.2'], created: NEWER, salt: 'go1242' },
    ]);
    s.sim.seedRepo({ owner: 'acme', name: 'api', files: { Dockerfile: 'FROM python:3.11.8-slim\n', 'README.md': 'api\n' } });
    s.sim.addCollaborator(REPO, 'alice', 'write');
    installation = (await s.sim.installApp({ account: 'acme', repositories: ['api'], by: 'alice' })).id;
    await s.settle();
  });

  afterAll(async () => {
    await s.close();
  });

  it('a pass over a repository unchanged since the last one costs at most two rate-limited requests and writes nothing', async () => {
    const rescan = async (): Promise<void> => {
      await s.sim.deliver('installation_repositories', s.sim.payloads.installationRepositoriesAdded(installation, ['api'], 'alice'));
      await s.settle();
    };
    // Onboarding opened a pull request and the dashboard after reading the lists: this pass reads them as they are now.
    await rescan();
    const before = s.sim.rateLimitUsed(installation);
    s.sim.resetLog();

    await rescan();
    const counted = s.sim.requests.filter((r) => r.installationId === installation && r.status !== 304);

    expect(s.sim.rateLimitUsed(installation) - before).toBeLessThanOrEqual(2);
    expect(counted.length).toBeLessThanOrEqual(2);
    // Everything else was asked again and answered "not modified".
    expect(s.sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}' })).toBe(1);
    expect(s.sim.requests.filter((r) => r.status === 304).length).toBeGreaterThanOrEqual(6);
    expect(writesOf(s.sim)).toEqual([]);
    expect(s.sim.listPullRequests(REPO)).toHaveLength(1);
  });

  it('an installation down to its reserve of 100 requests waits for the reset, then runs once with every reason', async () => {
    // 101 requests left in this hour's window: the next counted request leaves 100, the reserve.
    s.sim.setRateLimit(installation, 5000, 4899);
    await s.sim.pushFiles(REPO, 'main', { 'tools/Dockerfile': 'FROM golang:1.24.1\n' }, { message: 'tools', author: { login: 'alice' } });
    await s.settle();
    const afterFirst = s.sim.listPullRequests(REPO).length;
    s.sim.resetLog();

    await s.sim.pushFiles(REPO, 'main', { 'worker/Dockerfile': 'FROM golang:1.24.2\n' }, { message: 'worker', author: { login: 'alice' } });
    await s.sim.pushFiles(
      REPO,
      'main',
      { 'tools/Dockerfile': 'FROM golang:1.24.1\nRUN go version\n' },
      { message: 'tools', author: { login: 'alice' } },
    );
    await s.settle();
    const whilePaused = s.sim.requests.filter((r) => r.installationId === installation);
    await s.advance(3_600_000);
    await s.settle();

    // The first push ran (it started above the reserve) and opened the golang pull request.
    expect(afterFirst).toBe(2);
    // The next push waited: not one request of the installation until the window reset.
    expect(whilePaused).toEqual([]);
    expect(s.sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}/git/trees/{tree_sha}' })).toBe(1);
    const golang = s.sim.listPullRequests(REPO).find((p) => p.pull?.headRef === 'freshbase/golang-1.24');
    expect(s.sim.readFile(REPO, 'freshbase/golang-1.24', 'tools/Dockerfile')).toBe('FROM golang:1.24.2\nRUN go version\n');
    expect(golang?.state).toBe('open');
    expect(dashboardOf(s.sim, REPO)?.body).not.toContain('rate limit');
  });
});
