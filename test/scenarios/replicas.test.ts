/**
 * Three replicas of the app on one Redis against the GitHub simulator: webhooks are acknowledged
 * at once and de-duplicated by delivery and by repository, a burst is one run per repository, and
 * a run that keeps failing shows in the dashboard of the next one that succeeds.
 *
 * The replicas wait `FRESHBASE_QUEUE_SETTLE` (1 s) before a repository's run starts, and every
 * trigger for it meanwhile joins that run (each one pushes the start back, up to a minute): that
 * is what makes a burst one run. The burst sends 1,000 webhooks round after round over 50
 * repositories, so each repository gets one every ~0.1 s here (a round of 50 takes about that),
 * well inside the settle time.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapConcurrent } from '../../bench/support/registry-push.js';
import { dashboardOf, writesOf } from './harness.js';
import { scansOf, startFleet, type Fleet } from './fleet-harness.js';

const OLD = '2025-01-10T00:00:00Z';
const NEWER = '2025-03-01T00:00:00Z';
const BURST_REPOS = Array.from({ length: 50 }, (_, i) => `b${String(i).padStart(2, '0')}`);
const PER_REPO = 20;
const DOCKERFILE = 'FROM python:3.11.8-slim\n';
/** The burst's repositories are up to date: their scans write only a dashboard. */
const CURRENT = 'FROM python:3.11.9-slim\n';

describe('scenario: three replicas on one Redis', () => {
  let f: Fleet | undefined;
  let installation = 0;
  const fleet = (): Fleet => {
    if (f === undefined) throw new Error('beforeAll did not start the fleet');
    return f;
  };

  beforeAll(async () => {
    const started = await startFleet(
      [
        { repository: 'library/python', tags: ['3.11.8-slim'], created: OLD, salt: 'py3118' },
        { repository: 'library/python', tags: ['3.11.9-slim'], created: NEWER, salt: 'py3119' },
      ],
      { env: { FRESHBASE_QUEUE_SETTLE: '1s', FRESHBASE_JOB_RETRIES: '1' } },
    );
    f = started;
    for (const name of ['dup', 'flaky', 'cmd', 'quiet', ...BURST_REPOS]) {
      started.sim.seedRepo({ owner: 'acme', name, files: { Dockerfile: name.startsWith('b') ? CURRENT : DOCKERFILE } });
      started.sim.addCollaborator(`acme/${name}`, 'alice', 'write');
    }
    installation = started.sim.addInstallation({ account: 'acme', repositories: ['dup', 'flaky', 'cmd', 'quiet', ...BURST_REPOS] }).id;
  });

  afterAll(async () => {
    await f?.close();
  });

  it('runs a webhook delivered twice, to two replicas, once; and a later redelivery not at all', async () => {
    const f = fleet();
    const payload = f.sim.payloads.installationRepositoriesAdded(installation, ['dup'], 'alice');
    const id = randomUUID();

    const statuses = [await f.post(0, 'installation_repositories', payload, id), await f.post(1, 'installation_repositories', payload, id)];
    await f.settle();
    const redelivered = await f.post(2, 'installation_repositories', payload, id);
    await f.settle();

    expect(statuses).toEqual([200, 200]);
    expect(redelivered).toBe(200);
    expect(scansOf(f.sim, 'acme/dup')).toBe(1);
    expect(f.sim.listPullRequests('acme/dup').map((p) => p.title)).toEqual(['Bump python from 3.11.8-slim to 3.11.9-slim']);
    expect(f.sim.listIssues('acme/dup').filter((issue) => issue.pull === undefined)).toHaveLength(1);
  });

  it('acknowledges 1,000 webhooks and scans each repository once for the burst', async () => {
    const f = fleet();
    const pushes = BURST_REPOS.map((name) => {
      const repo = `acme/${name}` as const;
      const before = f.sim.getRepo(repo).git.refs.get('refs/heads/main') ?? '';
      const after = f.sim.commitFiles(
        repo,
        'main',
        { Dockerfile: `${CURRENT}# touched\n` },
        { message: 'touch', author: { login: 'alice' } },
      );
      return f.sim.payloads.push(repo, { ref: 'refs/heads/main', before, after, sender: 'alice' });
    });
    // Round after round over every repository, as a storm of pushes arrives: each repository's triggers keep coming during the burst.
    const deliveries = Array.from({ length: PER_REPO }, () => pushes)
      .flat()
      .map((payload, index) => ({ payload, replica: index % 3 }));
    f.sim.resetLog();

    const statuses = await mapConcurrent(deliveries, 24, ({ payload, replica }) => f.post(replica, 'push', payload));
    await f.settle();

    expect(deliveries).toHaveLength(1_000);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(BURST_REPOS.map((name) => scansOf(f.sim, `acme/${name}`))).toEqual(BURST_REPOS.map(() => 1));
    expect(f.sim.countRequests({ method: 'POST', route: '/repos/{owner}/{repo}/issues' })).toBe(50);
  });

  it('acknowledges a command before any GitHub call: the job checks it', async () => {
    const f = fleet();
    await f.post(0, 'installation_repositories', f.sim.payloads.installationRepositoriesAdded(installation, ['cmd'], 'alice'));
    await f.settle();
    const pull = f.sim.listPullRequests('acme/cmd')[0]?.number ?? 0;
    f.sim.resetLog();

    const { delivery } = await f.sim.commentOnIssue('acme/cmd', pull, { by: 'alice', body: '/freshbase rebase' });
    const requestsWhenAcknowledged = f.sim.requests.length;
    await f.settle();

    expect(delivery?.status).toBe(200);
    expect(requestsWhenAcknowledged).toBe(0);
    expect(f.sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}/collaborators/{username}/permission' })).toBe(1);
    expect(scansOf(f.sim, 'acme/cmd')).toBe(1);
  });

  it('shows runs that failed for good in the dashboard of the next run that succeeds', async () => {
    const f = fleet();
    f.sim.failNext({ method: 'GET', route: '/repos/{owner}/{repo}', status: 502, times: 2, message: 'simulated outage' });

    await f.post(1, 'installation_repositories', f.sim.payloads.installationRepositoriesAdded(installation, ['flaky'], 'alice'));
    await f.settle();
    const afterFailure = dashboardOf(f.sim, 'acme/flaky');
    await f.sim.pushFiles('acme/flaky', 'main', { Dockerfile: `${DOCKERFILE}# again\n` }, { message: 'again', author: { login: 'alice' } });
    await f.settle();

    expect(afterFailure).toBeUndefined();
    expect(dashboardOf(f.sim, 'acme/flaky')?.body).toMatch(
      /^- The last run of freshbase on this repository failed \(\d{4}-.*Z\): simulated outage\b/m,
    );
    expect(f.sim.listPullRequests('acme/flaky')).toHaveLength(1);
  });

  it("a pass on one replica over a repository unchanged since another replica's pass costs at most two rate-limited requests", async () => {
    const f = fleet();
    const pass = async (replica: number): Promise<void> => {
      await f.post(replica, 'installation_repositories', f.sim.payloads.installationRepositoriesAdded(installation, ['quiet'], 'alice'));
      await f.settle();
    };
    await pass(0);
    await pass(1);
    f.sim.resetLog();

    await pass(2);
    const counted = f.sim.requests.filter((r) => r.installationId === installation && r.status !== 304);

    expect(counted.length).toBeLessThanOrEqual(2);
    expect(f.sim.requests.filter((r) => r.status === 304).length).toBeGreaterThanOrEqual(6);
    expect(writesOf(f.sim)).toEqual([]);
  });
});
