/**
 * Docker Hub as the registry (not a mirror): tag facts from Hub's own API (a stateful stub that
 * answers from the same distribution 2.8 the registry API reaches), the registry API behind a
 * proxy that rations manifest GETs the way Docker Hub does, and the pull budget.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHubApiStub, type HubApiStub } from '../../../bench/support/hub-api-stub.js';
import type { PushedImage } from '../../../bench/support/registry-push.js';
import { createRegistryClient, RegistryRateLimitError, type RegistryOptions } from '../../../src/registry/index.js';
import { startFaultProxy, type FaultProxy } from '../../support/registry/fault-proxy.js';
import { startPlainRegistry, type TestRegistry } from '../../support/registry/servers.js';

const NOW = Date.parse('2025-04-01T09:30:00Z');
const PLATFORMS = [
  { os: 'linux', architecture: 'amd64', created: '2024-04-03T10:00:00Z' },
  { os: 'linux', architecture: 'arm64', variant: 'v8', created: '2024-04-03T11:00:00Z' },
];

describe('registry on Docker Hub: its tags API first, the pull budget on the registry API', () => {
  let server: TestRegistry;
  let proxy: FaultProxy;
  let hub: HubApiStub;
  let python: PushedImage;
  let older: PushedImage;
  let busybox: PushedImage;
  const python3119 = { registry: 'docker.io', repository: 'python' };
  const many = { registry: 'docker.io', repository: 'library/many' };

  beforeAll(async () => {
    server = await startPlainRegistry();
    python = await server.pusher.pushImage({
      repository: 'library/python',
      tags: ['3.11.9-slim', '3.11-slim', '3.11-slim-bookworm'],
      platforms: PLATFORMS,
      salt: 'py3119',
    });
    older = await server.pusher.pushImage({ repository: 'library/python', tags: ['3.11.8-slim'], platforms: PLATFORMS, salt: 'py3118' });
    busybox = await server.pusher.pushImage({ repository: 'library/busybox', tags: ['1.36.1'], created: '2023-05-19T00:00:00Z' });
    const tags = Array.from({ length: 101 }, (_, index) => `t${String(index).padStart(3, '0')}`);
    await server.pusher.pushImage({ repository: 'library/many', tags, salt: 'many' });
    proxy = await startFaultProxy({ upstream: server.registry.url, rateLimit: { limit: 5, windowSeconds: 21_600 } });
    hub = await startHubApiStub(server.registry.url);
  });

  afterEach(() => {
    proxy.reset();
    hub.reset();
  });

  afterAll(async () => {
    await hub.stop();
    await proxy.stop();
    await server.stop();
  });

  function client(options: RegistryOptions = {}): ReturnType<typeof createRegistryClient> {
    return createRegistryClient({
      dockerHub: { registryUrl: proxy.url, hubApiUrl: hub.url },
      now: () => NOW,
      sleep: () => Promise.resolve(),
      ...options,
    });
  }

  it('reads digest, platforms and push dates from the tags API: one page for three tags, no pull', async () => {
    const registry = client();

    const [digest, manifest, created, alias] = await Promise.all([
      registry.getDigest(python3119, '3.11.9-slim'),
      registry.getManifest(python3119, '3.11.9-slim'),
      registry.getCreated(python3119, '3.11.9-slim', { os: 'linux', architecture: 'arm64' }),
      registry.getDigest(python3119, '3.11-slim'),
    ]);

    expect(digest).toEqual({ digest: python.digest, mediaType: 'application/vnd.oci.image.index.v1+json' });
    expect(alias.digest).toBe(python.digest);
    expect(manifest.entries).toEqual(python.images.map((image) => ({ digest: image.digest, platform: image.platform })));
    expect(created?.toISOString()).toBe('2024-04-03T11:00:00.000Z');
    expect(hub.requests).toEqual(['/v2/namespaces/library/repositories/python/tags?page_size=100&ordering=last_updated']);
    expect(proxy.requests).toEqual([]);
    expect(registry.stats().byHost).toEqual({ [hub.host]: { 'hub-api': 1 } });
  });

  it('asks for a tag that is not on the newest page by itself', async () => {
    const registry = client();

    await registry.getDigest(many, 't100');

    expect(hub.requests).toEqual([
      '/v2/namespaces/library/repositories/many/tags?page_size=100&ordering=last_updated',
      '/v2/namespaces/library/repositories/many/tags/t100',
    ]);
  });

  it('describes a single-platform image with its one platform and the push date', async () => {
    const registry = client();

    const facts = await registry.getFacts({ registry: 'docker.io', repository: 'busybox' }, '1.36.1', { created: true });

    expect(facts).toMatchObject({
      digest: busybox.digest,
      kind: 'image',
      platforms: [{ os: 'linux', architecture: 'amd64' }],
      created: new Date('2023-05-19T00:00:00Z'),
      createdFrom: 'hub-pushed',
    });
    expect(proxy.pulls()).toBe(0);
  });

  it('falls back to the registry API for a tag Hub describes without a digest: a HEAD, then a counted GET', async () => {
    hub.degrade(['3.11.8-slim']);
    const registry = client();

    const facts = await registry.getFacts(python3119, '3.11.8-slim', { created: true });

    expect(facts).toMatchObject({ kind: 'index', created: new Date('2024-04-03T10:00:00Z'), createdFrom: 'config' });
    expect(proxy.requests.map((request) => request.method)).toEqual(['HEAD', 'GET', 'GET', 'GET']);
    expect(proxy.pulls()).toBe(2);
  });

  it('falls back to the registry API when Hub’s API keeps failing', async () => {
    hub.fail(500, 100);
    const registry = client({ retries: 1 });

    const digest = await registry.getDigest(python3119, '3.11.9-slim');

    expect(digest.digest).toBe(python.digest);
    expect(proxy.requests.map((request) => request.method)).toEqual(['HEAD']);
  });

  it('stops counted requests at the budget less the margin, then fails them at once with the retry time', async () => {
    const registry = client({ dockerHub: { registryUrl: proxy.url, hubApiUrl: hub.url, useHubApi: false } });
    const digests = [python.digest, older.digest, ...python.images.map((image) => image.digest)];
    await registry.getDigest(python3119, '3.11.9-slim');

    const results = await Promise.allSettled(digests.map((digest) => registry.getManifest(python3119, digest)));
    const refused = results.find((result) => result.status === 'rejected');

    // limit 5, margin 2: the HEAD says 5 are left, so three pulls go and the rest wait for the window.
    expect(proxy.pulls()).toBe(3);
    expect(refused?.reason).toBeInstanceOf(RegistryRateLimitError);
    expect((refused?.reason as Error).message).toBe('rate limit of docker.io reached; retry after 15:30 UTC');
    expect(registry.rateLimits()).toEqual([
      { authority: proxy.host, account: 'anonymous', limit: 5, remaining: 2, blockedUntil: NOW + 21_600_000 },
    ]);
  });

  it('keeps HEADs and tag lists going once counted requests stopped', async () => {
    const registry = client({ dockerHub: { registryUrl: proxy.url, hubApiUrl: hub.url, useHubApi: false }, rateLimitMargin: 5 });
    await registry.getDigest(python3119, '3.11.9-slim');

    const manifest = await registry.getManifest(python3119, python.digest).catch((error: unknown) => error);
    const tags = await registry.listTags(python3119);
    const digest = await registry.getDigest(python3119, '3.11.8-slim');

    expect(manifest).toBeInstanceOf(RegistryRateLimitError);
    expect(tags.tags.toSorted()).toEqual(['3.11-slim', '3.11-slim-bookworm', '3.11.8-slim', '3.11.9-slim']);
    expect(digest.digest).toMatch(/^sha256:/);
    expect(proxy.pulls()).toBe(0);
  });
});
