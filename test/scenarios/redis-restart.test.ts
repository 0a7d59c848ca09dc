/**
 * Redis restarted while three replicas run onboarding scans: Redis keeps an append-only file (as
 * a production Redis should), the replicas' connections wait through the outage, webhooks that
 * come meanwhile get 503 (GitHub shows them failed, to redeliver), and afterwards every job
 * finishes once: nothing lost, nothing duplicated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOf } from './harness.js';
import { scansOf, startFleet, type Fleet } from './fleet-harness.js';

const NAMES = Array.from({ length: 12 }, (_, i) => `r${String(i).padStart(2, '0')}`);

/** Resolves once `probe` is true, checking every 10 ms (gives up after 30 s). */
async function until(what: string, probe: () => boolean): Promise<void> {
  for (let waited = 0; waited < 30_000; waited += 10) {
    if (probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('scenario: Redis restarted mid-run', () => {
  let f: Fleet | undefined;

  beforeAll(async () => {
    f = await startFleet(
      [
        { repository: 'library/python', tags: ['3.11.8-slim'], created: '2025-01-10T00:00:00Z', salt: 'py3118' },
        { repository: 'library/python', tags: ['3.11.9-slim'], created: '2025-03-01T00:00:00Z', salt: 'py3119' },
      ],
      { appendonly: true },
    );
    for (const name of NAMES) f.sim.seedRepo({ owner: 'acme', name, files: { Dockerfile: 'FROM python:3.11.8-slim\n' } });
  });

  afterAll(async () => {
    await f?.close();
  });

  it('resumes the queued and running jobs, refuses webhooks while down, and loses or repeats nothing', async () => {
    if (f === undefined) throw new Error('beforeAll did not start the fleet');
    const { sim, redis } = f;
    const id = sim.addInstallation({ account: 'acme', repositories: NAMES }).id;
    const before = sim.getRepo('acme/r00').git.refs.get('refs/heads/main') ?? '';
    const after = sim.commitFiles('acme/r00', 'main', { Dockerfile: 'FROM python:3.11.8-slim\n# touched\n' }, { message: 'touch' });
    const push = sim.payloads.push('acme/r00', { ref: 'refs/heads/main', before, after, sender: 'alice' });

    const accepted = await f.post(0, 'installation_repositories', sim.payloads.installationRepositoriesAdded(id, NAMES, 'alice'));
    await until(
      'the first scans to start',
      () => sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}/git/trees/{tree_sha}' }) >= 2,
    );
    await redis.kill();
    const whileDown = await f.post(1, 'push', push, 'push-delivery');
    await redis.start();
    const redelivered = await f.post(2, 'push', push, 'push-delivery');
    await f.settle();

    expect([accepted, whileDown, redelivered]).toEqual([200, 503, 200]);
    expect(NAMES.map((name) => sim.listPullRequests(`acme/${name}`).length)).toEqual(NAMES.map(() => 1));
    expect(NAMES.map((name) => (dashboardOf(sim, `acme/${name}`) === undefined ? 0 : 1))).toEqual(NAMES.map(() => 1));
    expect(sim.countRequests({ method: 'POST', route: '/repos/{owner}/{repo}/pulls' })).toBe(12);
    expect(sim.countRequests({ method: 'POST', route: '/repos/{owner}/{repo}/issues' })).toBe(12);
    expect(sim.countRequests({ method: 'POST', route: '/repos/{owner}/{repo}/issues/{issue_number}/comments' })).toBe(0);
    // The push came once, after the restart: r00 was scanned for onboarding and for it.
    expect(scansOf(sim, 'acme/r00')).toBeGreaterThanOrEqual(2);
    expect(sim.violations).toEqual([]);
  });
});
