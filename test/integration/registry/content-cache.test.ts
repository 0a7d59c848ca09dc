/**
 * What the content-addressed cache saves against distribution 2.8: manifests and config blobs
 * are fetched once per digest (shared by tags, clients and processes on one store), tag answers
 * expire with their TTL, and lookups of one key in flight are joined.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushedImage } from '../../../bench/support/registry-push.js';
import { createMemoryStore, createRegistryClient, type CacheStore, type RegistryOptions } from '../../../src/registry/index.js';
import { startPlainRegistry, type TestRegistry } from '../../support/registry/servers.js';

const PLATFORMS = [
  { os: 'linux', architecture: 'amd64', created: '2024-04-03T10:00:00Z' },
  { os: 'linux', architecture: 'arm64', created: '2024-04-03T11:00:00Z' },
];

describe('registry cache by kind: tags and tag digests with a TTL, manifests and configs by digest for good', () => {
  let server: TestRegistry;
  let image: PushedImage;
  let dir = '';
  const python = { registry: '', repository: 'library/python' };
  const ALIASES = ['3.11.9-slim', '3.11-slim', '3.11-slim-bookworm'];

  beforeAll(async () => {
    server = await startPlainRegistry();
    image = await server.pusher.pushImage({ repository: 'library/python', tags: ALIASES, platforms: PLATFORMS, salt: 'py' });
    python.registry = server.host;
    dir = await mkdtemp(join(tmpdir(), 'freshbase-content-'));
  });

  afterAll(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  function client(options: RegistryOptions = {}): ReturnType<typeof createRegistryClient> {
    return createRegistryClient({ insecureHosts: [server.host], ...options });
  }

  function counts(registry: ReturnType<typeof createRegistryClient>): Record<string, number | undefined> {
    return { ...registry.stats().byHost[server.host] };
  }

  it('fetches a digest shared by three tags once: a HEAD per tag, one GET of the index', async () => {
    const registry = client();

    const manifests = await Promise.all(ALIASES.map((tag) => registry.getManifest(python, tag)));

    expect(new Set(manifests.map((manifest) => manifest.digest))).toEqual(new Set([image.digest]));
    expect(counts(registry)).toEqual({ 'manifest-head': 3, 'manifest-get': 1 });
  });

  it('joins concurrent lookups of one tag into one HEAD and one GET', async () => {
    const registry = client();

    await Promise.all(Array.from({ length: 5 }, () => registry.getFacts(python, '3.11.9-slim')));

    expect(counts(registry)).toEqual({ 'manifest-head': 1, 'manifest-get': 1 });
  });

  it('answers a second client on the same store with HEADs only once tag answers expired: no manifest or blob GET', async () => {
    const store: CacheStore = createMemoryStore();
    const first = client({ cache: store, cacheTtlMs: 0 });
    await first.getFacts(python, '3.11.9-slim', { created: true });
    const second = client({ cache: store, cacheTtlMs: 0 });

    const facts = await second.getFacts(python, '3.11.9-slim', { created: true });

    expect(counts(first)).toEqual({ 'manifest-head': 1, 'manifest-get': 2, blob: 1 });
    expect(counts(second)).toEqual({ 'manifest-head': 1 });
    expect(facts).toMatchObject({ digest: image.digest, created: new Date('2024-04-03T10:00:00Z'), createdFrom: 'config' });
  });

  it('keeps tag answers for their TTL: a warm client on the cache directory sends nothing', async () => {
    const cold = client({ cacheDir: dir });
    await cold.listTags(python);
    await cold.getFacts(python, '3.11-slim', { created: true });
    const warm = client({ cacheDir: dir });

    const [tags, facts] = await Promise.all([warm.listTags(python), warm.getFacts(python, '3.11-slim', { created: true })]);

    expect(tags.tags.toSorted()).toEqual(ALIASES.toSorted());
    expect(facts.created?.toISOString()).toBe('2024-04-03T10:00:00.000Z');
    expect(warm.stats().requests).toBe(0);
    expect(warm.stats().cacheHits).toBeGreaterThanOrEqual(4);
  });

  it('asks again for a tag once its TTL has passed on the injected clock, still without refetching the manifest', async () => {
    let now = Date.parse('2025-04-01T00:00:00Z');
    const registry = client({ now: () => now, cacheTtlMs: 60_000 });
    await registry.getManifest(python, '3.11-slim');
    now += 60_001;

    await registry.getManifest(python, '3.11-slim');

    expect(counts(registry)).toEqual({ 'manifest-head': 2, 'manifest-get': 1 });
  });
});
