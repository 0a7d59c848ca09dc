import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PushedImage } from '../../../bench/support/registry-push.js';
import {
  createRegistryClient,
  RegistryHostRefusedError,
  RegistryNotFoundError,
  type RegistryOptions,
} from '../../../src/registry/index.js';
import { startPlainRegistry, type TestRegistry } from '../../support/registry/servers.js';

const AMD64 = { os: 'linux', architecture: 'amd64', created: '2024-03-01T10:00:00Z' };
const ARM64 = { os: 'linux', architecture: 'arm64', variant: 'v8', created: '2024-03-02T10:00:00Z' };

describe('registry/client against distribution 2.8 without auth', () => {
  let server: TestRegistry;
  let multi: PushedImage;
  let single: PushedImage;

  beforeAll(async () => {
    server = await startPlainRegistry();
    const pusher = server.pusher;
    multi = await pusher.pushImage({
      repository: 'library/python',
      tags: ['3.12', '3.12-slim', '3.13'],
      platforms: [AMD64, ARM64],
      attestation: true,
    });
    single = await pusher.pushImage({ repository: 'bitnami/spark', tags: ['3.5.1'], format: 'docker', created: '2023-11-05T08:30:00Z' });
    await pusher.pushImage({
      repository: 'team/arm-first',
      tags: ['1'],
      platforms: [ARM64, { os: 'linux', architecture: 's390x', created: '2020-01-01T00:00:00Z' }],
      format: 'docker',
    });
    await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((name) => pusher.pushImage({ repository: `five/${name}`, tags: ['1.0', '1.1'], salt: name })),
    );
  });

  afterAll(async () => {
    await server.stop();
  });

  function client(options: RegistryOptions = {}): ReturnType<typeof createRegistryClient> {
    return createRegistryClient({ insecureHosts: [server.host], ...options });
  }

  function name(repository: string): { registry: string; repository: string } {
    return { registry: server.host, repository };
  }

  it('lists every tag of a repository', async () => {
    const registry = client();

    const list = await registry.listTags(name('library/python'));

    expect({ ...list, tags: list.tags.toSorted() }).toEqual({ tags: ['3.12', '3.12-slim', '3.13'], complete: true, pages: 1 });
  });

  it('resolves a digest with one HEAD and no GET', async () => {
    const registry = client();

    const digest = await registry.getDigest(name('library/python'), '3.13');

    expect(digest).toEqual({ digest: multi.digest, mediaType: 'application/vnd.oci.image.index.v1+json' });
    expect(registry.stats().byHost[server.host]).toEqual({ 'manifest-head': 1 });
  });

  it('resolves a Docker schema 2 manifest digest by HEAD too', async () => {
    const registry = client();

    const digest = await registry.getDigest(name('bitnami/spark'), '3.5.1');

    expect(digest).toEqual({ digest: single.digest, mediaType: 'application/vnd.docker.distribution.manifest.v2+json' });
  });

  it('lists the platforms of an index with each entry digest, leaving out the attestation', async () => {
    const registry = client();

    const info = await registry.getManifest(name('library/python'), '3.12');

    expect(info).toEqual({
      digest: multi.digest,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      kind: 'index',
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
      ],
      entries: multi.images.map((image) => ({ digest: image.digest, platform: image.platform })),
    });
  });

  it('reads the platform of a single image from its config blob', async () => {
    const registry = client();

    const info = await registry.getManifest(name('bitnami/spark'), '3.5.1');

    expect(info).toMatchObject({
      kind: 'image',
      platforms: [{ os: 'linux', architecture: 'amd64' }],
      entries: [{ digest: single.digest }],
    });
    // The tag's digest by HEAD (free), then the manifest by that digest (kept for good) and its config.
    expect(registry.stats().byHost[server.host]).toEqual({ 'manifest-head': 1, 'manifest-get': 1, blob: 1 });
  });

  it('fetches a manifest by digest and verifies it', async () => {
    const info = await client().getManifest(name('library/python'), multi.digest);

    expect(info.digest).toBe(multi.digest);
  });

  it('reads created from linux/amd64 of an index by default, fetching configs only when asked', async () => {
    const registry = client();
    await registry.getManifest(name('library/python'), '3.12');
    const before = registry.stats().byHost[server.host]?.blob ?? 0;

    const created = await registry.getCreated(name('library/python'), '3.12');

    expect(before).toBe(0);
    expect(created?.toISOString()).toBe('2024-03-01T10:00:00.000Z');
  });

  it('reads created of a chosen platform, and of the first entry when linux/amd64 is missing', async () => {
    const registry = client();

    const arm = await registry.getCreated(name('library/python'), '3.12', { os: 'linux', architecture: 'arm64' });
    const first = await registry.getCreated(name('team/arm-first'), '1');
    const missing = await registry.getCreated(name('team/arm-first'), '1', { os: 'windows', architecture: 'amd64' });

    expect([arm?.toISOString(), first?.toISOString(), missing]).toEqual([
      '2024-03-02T10:00:00.000Z',
      '2024-03-02T10:00:00.000Z',
      undefined,
    ]);
  });

  it('reads created of a single image without fetching its config twice', async () => {
    const registry = client();
    await registry.getManifest(name('bitnami/spark'), '3.5.1');

    const created = await registry.getCreated(name('bitnami/spark'), '3.5.1');

    expect(created?.toISOString()).toBe('2023-11-05T08:30:00.000Z');
    expect(registry.stats().byHost[server.host]).toEqual({ 'manifest-head': 1, 'manifest-get': 1, blob: 1 });
  });

  it('throws RegistryNotFoundError naming host and repository for a missing repository or tag', async () => {
    const registry = client();

    const [repository, tag] = await Promise.allSettled([
      registry.listTags(name('library/nope')),
      registry.getDigest(name('library/python'), '0.0-missing'),
    ]);

    expect(repository.status === 'rejected' ? repository.reason : undefined).toBeInstanceOf(RegistryNotFoundError);
    expect(repository.status === 'rejected' ? String(repository.reason) : '').toContain(`${server.host}/library/nope`);
    expect(tag.status === 'rejected' ? tag.reason : undefined).toMatchObject({
      status: 404,
      temporary: false,
      repository: 'library/python',
    });
  });

  it('walks the tag list once for concurrent callers of one repository', async () => {
    const registry = client();

    const lists = await Promise.all(Array.from({ length: 10 }, () => registry.listTags(name('library/python'))));

    expect(new Set(lists.map((list) => list.tags.toSorted().join()))).toEqual(new Set(['3.12,3.12-slim,3.13']));
    expect(registry.stats()).toMatchObject({ tagWalks: 1, cacheHits: 9, requests: 1 });
  });

  it('lists each repository once for 50 lookups over 5 images', async () => {
    const registry = client();
    const lookups = Array.from({ length: 50 }, (_, index) => name(`five/${'abcde'.charAt(index % 5)}`));

    await Promise.all(lookups.slice(0, 25).map((lookup) => registry.listTags(lookup)));
    for (const lookup of lookups.slice(25)) await registry.listTags(lookup);

    expect(registry.stats()).toMatchObject({ tagWalks: 5, cacheHits: 45, byHost: { [server.host]: { tags: 5 } } });
  });

  it('walks again once the cache TTL has passed on the injected clock', async () => {
    let now = 1_000_000;
    const registry = client({ now: () => now, cacheTtlMs: 60_000 });

    await registry.listTags(name('library/python'));
    now += 59_000;
    await registry.listTags(name('library/python'));
    now += 2_000;
    await registry.listTags(name('library/python'));

    expect(registry.stats().tagWalks).toBe(2);
  });

  it('sends every docker.io lookup to a configured mirror, library/ kept', async () => {
    const registry = createRegistryClient({ mirrors: { 'docker.io': server.registry.url } });

    const list = await registry.listTags({ registry: 'docker.io', repository: 'library/python' });
    const digest = await registry.getDigest({ registry: 'docker.io', repository: 'library/python' }, '3.13');

    expect(list.tags).toContain('3.13');
    expect(digest.digest).toBe(multi.digest);
    expect(Object.keys(registry.stats().byHost)).toEqual([server.host]);
  });

  it('names the mirror in errors about a mirrored lookup', async () => {
    const registry = createRegistryClient({ mirrors: { 'docker.io': server.registry.url } });

    await expect(registry.listTags({ registry: 'docker.io', repository: 'library/absent' })).rejects.toThrow(
      `docker.io/library/absent: not found (HTTP 404): tag list via mirror ${server.host}`,
    );
  });

  it('speaks https, not http, to a host the configuration does not name as insecure', async () => {
    const registry = createRegistryClient({ retries: 0, allowedHosts: [server.host] });

    await expect(registry.listTags(name('library/python'))).rejects.toMatchObject({ name: 'RegistryUnavailableError', temporary: true });
  });

  it('refuses a registry on 127.0.0.1 that is not allow-listed, naming the host, without connecting', async () => {
    const registry = createRegistryClient({ retries: 0 });

    const error: unknown = await registry.listTags(name('library/python')).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RegistryHostRefusedError);
    expect((error as Error).message).toBe(
      `${server.host}/library/python: refused to contact the host: tags request to 127.0.0.1 resolves to 127.0.0.1, which is not a public address, and it is not an allowed registry (FRESHBASE_ALLOWED_REGISTRIES); no connection made`,
    );
    expect(registry.stats().requests).toBe(0);
  });
});
