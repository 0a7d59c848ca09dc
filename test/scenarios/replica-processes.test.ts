/**
 * Three replicas of the built app (`node dist/src/main.js` with `REDIS_URL`) as child processes,
 * on one real Redis, against the GitHub simulator in this process. Each replica reaches GitHub
 * through its own proxy (its `GHE_HOST`), so the test knows which one is mid-job, and can hold
 * the request that would open the pull request while it kills that replica with SIGKILL.
 * Probot's GitHub throttling is clustered in the same Redis (Probot reads `REDIS_URL`).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPusher } from '../../bench/support/registry-push.js';
import { startRedis, type LocalRedis } from '../../bench/support/redis-server.js';
import { findFreePort, startRegistry, type LocalRegistry } from '../../bench/support/registry-server.js';
import { startGitHubSimulator, type GitHubSimulator } from '../support/github-sim/index.js';
import { dashboardOf, TWO_PLATFORMS } from './harness.js';
import {
  createAppDir,
  pollUntil,
  requireBuiltApp,
  startAppProcess,
  startHoldingProxy,
  type AppDir,
  type AppProcess,
  type HoldingProxy,
} from './process-support.js';

const REPO = 'acme/api' as const;
const TITLE = 'Bump python from 3.11.8-slim to 3.11.9-slim';

requireBuiltApp();

interface Status {
  code: number;
  body: { status?: string; redis?: string; jobs?: { started: number; finished: number; failed: number } };
}

async function statusOf(app: AppProcess): Promise<Status> {
  const response = await fetch(`${app.url}/freshbase/status`, { signal: AbortSignal.timeout(3_000) });
  return { code: response.status, body: (await response.json()) as Status['body'] };
}

describe('scenario: three replica processes on one Redis', () => {
  const parts: {
    registry?: LocalRegistry;
    redis?: LocalRedis;
    sim?: GitHubSimulator;
    dirs: AppDir[];
    proxies: HoldingProxy[];
    apps: AppProcess[];
  } = { dirs: [], proxies: [], apps: [] };

  beforeAll(async () => {
    const registry = (parts.registry = await startRegistry());
    const pusher = createPusher({ url: registry.url });
    await pusher.pushImage({
      repository: 'library/python',
      tags: ['3.11.8-slim'],
      created: '2025-01-10T00:00:00Z',
      salt: 'a',
      platforms: TWO_PLATFORMS,
    });
    await pusher.pushImage({
      repository: 'library/python',
      tags: ['3.11.9-slim'],
      created: '2025-01-20T00:00:00Z',
      salt: 'b',
      platforms: TWO_PLATFORMS,
    });
    const redis = (parts.redis = await startRedis());
    const sim = (parts.sim = await startGitHubSimulator());
    sim.seedRepo({ owner: 'acme', name: 'api', files: { Dockerfile: 'FROM python:3.11.8-slim\n' } });
    for (let i = 0; i < 3; i++) {
      const proxy = await startHoldingProxy(sim.url);
      parts.proxies.push(proxy);
      const dir = await createAppDir();
      parts.dirs.push(dir);
      parts.apps.push(
        await startAppProcess({
          cwd: dir.dir,
          port: await findFreePort(),
          env: {
            APP_ID: String(sim.app.id),
            PRIVATE_KEY: sim.app.privateKey,
            WEBHOOK_SECRET: sim.webhookSecret,
            LOG_LEVEL: 'warn',
            GHE_HOST: proxy.host,
            GHE_PROTOCOL: 'http',
            REDIS_URL: redis.url,
            FRESHBASE_MIRRORS: `docker.io=${registry.url}`,
            FRESHBASE_CACHE_TTL: '0',
            FRESHBASE_QUEUE_SETTLE: '0',
            FRESHBASE_JOB_LOCK: '1s',
            FRESHBASE_SCHEDULE: 'off',
          },
        }),
      );
    }
  });

  afterAll(async () => {
    for (const app of parts.apps) await app.stop();
    for (const proxy of parts.proxies) await proxy.close();
    await parts.sim?.close();
    await parts.redis?.stop();
    await parts.registry?.stop();
    for (const dir of parts.dirs) await dir.remove();
  });

  it('takes over the job of a replica killed mid-job once its lock expires, and finishes it once: one pull request, one dashboard', async () => {
    const { sim, apps, proxies } = parts;
    if (sim === undefined) throw new Error('beforeAll did not start the scenario');
    const holds = proxies.map((proxy, index) => proxy.holdNext(/^POST \/api\/v3\/repos\/acme\/api\/pulls$/).then(() => index));
    sim.setWebhookTarget(`${apps[0]?.url ?? ''}/api/github/webhooks`);

    const { id: installation, delivery } = await sim.installApp({ account: 'acme', repositories: ['api'], by: 'alice' });
    const victim = await Promise.race(holds);
    for (const proxy of proxies) proxy.disarm();
    await apps[victim]?.kill();
    proxies[victim]?.drop();
    const survivors = apps.filter((_, index) => index !== victim);
    const finished = await pollUntil(survivors[0] as AppProcess, 'another replica to finish the job', async () => {
      const counts = await Promise.all(survivors.map(async (app) => (await statusOf(app)).body.jobs?.finished ?? 0));
      const total = counts.reduce((a, b) => a + b, 0);
      return total >= 1 && dashboardOf(sim, REPO) !== undefined ? total : undefined;
    });
    const log = survivors.map((app) => app.output()).join('\n');

    expect(delivery?.status, log).toBe(200);
    expect(finished, log).toBe(1);
    expect(
      sim.listPullRequests(REPO).map((p) => [p.title, p.state]),
      log,
    ).toEqual([[TITLE, 'open']]);
    expect(
      sim.listIssues(REPO).filter((issue) => issue.pull === undefined),
      log,
    ).toHaveLength(1);
    expect(sim.countRequests({ method: 'POST', route: '/repos/{owner}/{repo}/pulls' }), log).toBe(1);
    expect(sim.countRequests({ method: 'POST', route: '/repos/{owner}/{repo}/issues/{issue_number}/comments' }), log).toBe(0);
    expect(sim.violations, log).toEqual([]);
    // Probot clustered its throttling in Redis: the installation's writes are paced by one limiter shared by every replica.
    const client = new Redis(parts.redis?.url ?? '');
    try {
      expect(await client.hget(`b_octokit-write-${installation}_settings`, 'minTime'), log).toBe('1000');
      expect(await client.exists(`b_octokit-global-${installation}_settings`), log).toBe(1);
    } finally {
      client.disconnect();
    }
  });

  it('serves /metrics in Prometheus text and /freshbase/status with Redis, answering 503 and refusing webhooks while Redis is down', async () => {
    const { sim, apps, redis } = parts;
    if (sim === undefined || redis === undefined) throw new Error('beforeAll did not start the scenario');
    const alive = apps.filter((app) => !app.exited());
    const metrics = await Promise.all(alive.map(async (app) => (await fetch(`${app.url}/metrics`)).text()));
    const up = await statusOf(alive[0] as AppProcess);
    sim.setWebhookTarget(`${alive[0]?.url ?? ''}/api/github/webhooks`);

    const before = sim.getRepo(REPO).git.refs.get('refs/heads/main') ?? '';
    const after = sim.commitFiles(REPO, 'main', { Dockerfile: 'FROM python:3.11.8-slim\n# touched\n' }, { message: 'touch' });
    const push = sim.payloads.push(REPO, { ref: 'refs/heads/main', before, after, sender: 'alice' });

    await redis.kill();
    const down = await statusOf(alive[0] as AppProcess);
    const refused = await sim.deliver('push', push);
    await redis.start();
    const back = await pollUntil(alive[0] as AppProcess, 'the replica to reach Redis again', async () => {
      const status = await statusOf(alive[0] as AppProcess);
      return status.code === 200 ? status : undefined;
    });

    const all = metrics.join('\n');
    expect(all).toMatch(/^freshbase_scans_total\{trigger="onboarding",outcome="scanned"\} 1$/m);
    expect(all).toMatch(/^freshbase_pull_requests_total\{action="created"\} 1$/m);
    expect(all).toMatch(/^freshbase_github_requests_total\{status="201"\} \d+$/m);
    expect(all).toMatch(/^freshbase_queue_jobs\{state="waiting"\} 0$/m);
    expect(all).toMatch(/^freshbase_registry_requests_total\{host="127\.0\.0\.1:\d+",kind="manifest-head",status="200"\} \d+$/m);
    expect(all).toMatch(/^# TYPE freshbase_scan_duration_seconds histogram$/m);
    expect(all).not.toContain(sim.app.privateKey.slice(40, 80));
    expect(up).toMatchObject({ code: 200, body: { status: 'ok', redis: 'ok' } });
    expect(down).toMatchObject({ code: 503, body: { status: 'unavailable', redis: 'unreachable' } });
    expect(refused).toBe(503);
    expect(back.body).toMatchObject({ status: 'ok', redis: 'ok' });
  });
});
