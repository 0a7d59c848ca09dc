/**
 * What replicas share of GitHub through one real Redis (Debian's redis-server): the stored
 * answers behind conditional requests, and an installation's budget once it is down to its
 * reserve. Each replica has its own connections, as app.ts wires them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type LocalRedis } from '../../../bench/support/redis-server.js';
import { withConditionalRequests } from '../../../src/github/conditional-requests.js';
import { createInstallationBudget } from '../../../src/github/rate-budget.js';
import type { GitHub } from '../../../src/github/types.js';
import { connectRedis, createRedisStore, type RedisConnections } from '../../../src/jobs/index.js';
import type { CacheStore } from '../../../src/registry/index.js';
import { startGitHubSimulator, type GitHubSimulator } from '../../support/github-sim/index.js';
import { createSimOctokit } from '../../support/github-sim/sim-clients.js';
import { createRecordingLog } from '../../unit/jobs/fakes.js';

let redis: LocalRedis;
let sim: GitHubSimulator;
const connections: RedisConnections[] = [];

/** One replica's store of GitHub answers: Redis, as app.ts wires it. */
async function replicaStore(): Promise<CacheStore> {
  const opened = connectRedis({ url: redis.url, log: createRecordingLog() });
  connections.push(opened);
  await opened.ready(5_000);
  return createRedisStore({ redis: opened.client, prefix: 'freshbase:github' });
}

beforeAll(async () => {
  redis = await startRedis();
  sim = await startGitHubSimulator();
});

afterAll(async () => {
  for (const opened of connections) await opened.close();
  await sim.close();
  await redis.stop();
});

describe('GitHub state shared by replicas', () => {
  it("one replica's stored answer makes another's first read of it a 304", async () => {
    const installationId = sim.addInstallation({ account: 'acme' }).id;
    sim.seedRepo({ owner: 'acme', name: 'api', files: { Dockerfile: 'FROM python:3.12\n' } });
    const scope = String(installationId);
    const a = withConditionalRequests(createSimOctokit(sim, installationId) as unknown as GitHub, { store: await replicaStore(), scope });
    const b = withConditionalRequests(createSimOctokit(sim, installationId) as unknown as GitHub, { store: await replicaStore(), scope });

    const first = await a.rest.repos.get({ owner: 'acme', repo: 'api' });
    const second = await b.rest.repos.get({ owner: 'acme', repo: 'api' });

    expect(sim.requests.map((r) => r.status)).toEqual([200, 304]);
    expect(second.data).toEqual(first.data);
    expect(sim.rateLimitUsed(installationId)).toBe(1);
  });

  it('an installation one replica saw at its reserve is paused on another until the reset; others are not', async () => {
    const now = (): Date => new Date('2025-04-01T12:00:00Z');
    const resetAt = Date.parse('2025-04-01T12:40:00Z');
    const seen = createInstallationBudget({ reserve: 100, now, store: await replicaStore() });
    const other = createInstallationBudget({ reserve: 100, now, store: await replicaStore() });

    await seen.observe('7', { remaining: 100, resetAt });
    await seen.observe('8', { remaining: 101, resetAt });

    expect(await other.pausedUntil(7)).toEqual(new Date('2025-04-01T12:40:00Z'));
    expect(await other.pausedUntil(8)).toBeNull();
    expect(await other.pausedUntil(9)).toBeNull();
  });
});
