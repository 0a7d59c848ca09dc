/**
 * The registry cache shared through Redis: two replicas' registry clients (each with its own
 * memory store in front, as the app wires them) against distribution 2.8 and one real Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type LocalRedis } from '../../../bench/support/redis-server.js';
import { connectRedis, createRedisStore, type RedisConnections } from '../../../src/jobs/index.js';
import { createMemoryStore, createRegistryClient, createTieredStore, NO_EXPIRY, type CacheStore } from '../../../src/registry/index.js';
import { startPlainRegistry, type TestRegistry } from '../../support/registry/servers.js';
import { createRecordingLog } from '../../unit/jobs/fakes.js';

const PLATFORMS = [
  { os: 'linux', architecture: 'amd64', created: '2024-04-03T10:00:00Z' },
  { os: 'linux', architecture: 'arm64', created: '2024-04-03T11:00:00Z' },
];

let redis: LocalRedis;
let server: TestRegistry;
const connections: RedisConnections[] = [];
const python = { registry: '', repository: 'library/python' };

/** Connects and waits for the connection (a store that is not connected yet answers misses and stores nothing). */
async function connect(): Promise<RedisConnections> {
  const opened = connectRedis({ url: redis.url, log: createRecordingLog() });
  connections.push(opened);
  await opened.ready(5_000);
  return opened;
}

/** One replica's registry client: memory in front of the shared Redis store, as app.ts builds it. */
async function replicaClient(prefix: string): Promise<ReturnType<typeof createRegistryClient>> {
  const back = createRedisStore({ redis: (await connect()).client, prefix });
  return createRegistryClient({ insecureHosts: [server.host], cache: createTieredStore({ front: createMemoryStore(), back }) });
}

function counts(registry: ReturnType<typeof createRegistryClient>): Record<string, number | undefined> {
  return { ...registry.stats().byHost[server.host] };
}

beforeAll(async () => {
  redis = await startRedis();
  server = await startPlainRegistry();
  await server.pusher.pushImage({ repository: 'library/python', tags: ['3.11.9-slim', '3.12.3-slim'], platforms: PLATFORMS, salt: 'py' });
  python.registry = server.host;
});

afterAll(async () => {
  for (const opened of connections) await opened.close();
  await server.stop();
  await redis.stop();
});

describe('jobs/redis-store', () => {
  it("answers a second replica's lookups from Redis: it sends the registry nothing", async () => {
    const first = await replicaClient('shared');
    const second = await replicaClient('shared');

    const cold = await first.getFacts(python, '3.11.9-slim', { created: true });
    const tagsCold = await first.listTags(python);
    const warm = await second.getFacts(python, '3.11.9-slim', { created: true });
    const tagsWarm = await second.listTags(python);

    expect(counts(first)).toEqual({ 'manifest-head': 1, 'manifest-get': 2, blob: 1, tags: 1 });
    expect(counts(second)).toEqual({});
    expect(warm).toEqual(cold);
    expect(tagsWarm.tags).toEqual(tagsCold.tags);
  });

  it('joins lookups of one key in flight inside a replica into one request each', async () => {
    const registry = await replicaClient('joined');

    await Promise.all(Array.from({ length: 5 }, () => registry.getFacts(python, '3.12.3-slim')));

    expect(counts(registry)).toEqual({ 'manifest-head': 1, 'manifest-get': 1 });
  });

  it('bounds itself: past its size the least recently used entries go, with or without a TTL', async () => {
    const { client } = await connect();
    const store: CacheStore = createRedisStore({ redis: client, prefix: 'bounded', maxBytes: 8_000, now: () => 1_000_000 });
    const kilobyte = new Uint8Array(1_000).fill(7);

    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) await store.set(key, kilobyte, NO_EXPIRY);
    await store.get('a'); // used: b is now the least recently used
    for (const key of ['g', 'h', 'i']) await store.set(key, kilobyte, NO_EXPIRY);
    await store.set('short', kilobyte, 60_000);
    const present = [];
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'short']) if ((await store.get(key)) !== undefined) present.push(key);
    const expiry = (await store.get('short'))?.expiresAt ?? 0;
    const total = Number(await client.get('bounded:cache-bytes'));
    const tooBig = new Uint8Array(2_001).fill(1);
    await store.set('big', tooBig, NO_EXPIRY);

    // Entries of 1,001 bytes (value and key) under 8,000: seven fit; b, c and d were used least recently.
    expect(present).toEqual(['a', 'e', 'f', 'g', 'h', 'i', 'short']);
    // Redis keeps the TTL (PX): what is left of a minute, from the store's clock.
    expect(expiry).toBeGreaterThan(1_000_000 + 50_000);
    expect(expiry).toBeLessThanOrEqual(1_000_000 + 60_000);
    expect(total).toBeLessThanOrEqual(8_000);
    expect(await store.get('big')).toBeUndefined();
    expect((await store.get('a'))?.expiresAt).toBe(NO_EXPIRY);
  });

  it('misses, without throwing, while Redis is unreachable', async () => {
    const own = await startRedis();
    const opened = connectRedis({ url: own.url, log: createRecordingLog() });
    connections.push(opened);
    const store = createRedisStore({ redis: opened.client, prefix: 'down' });
    await opened.ready(5_000);
    await store.set('k', new Uint8Array([1, 2, 3]), 60_000);

    await own.stop();
    const read = await store.get('k');
    const written = await store.set('k2', new Uint8Array([4]), 60_000).then(() => 'no throw');

    expect(read).toBeUndefined();
    expect(written).toBe('no throw');
  });
});
