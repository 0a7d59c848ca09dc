import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PushedImage } from '../../../bench/support/registry-push.js';
import {
  createRegistryClient,
  RegistryRateLimitError,
  RegistryResponseError,
  RegistryUnavailableError,
  type RegistryOptions,
} from '../../../src/registry/index.js';
import { startFaultProxy, type FaultProxy } from '../../support/registry/fault-proxy.js';
import { startPlainRegistry, type TestRegistry } from '../../support/registry/servers.js';

const MIB = 1024 * 1024;

describe('registry/transport faults injected by a proxy in front of distribution 2.8', () => {
  let server: TestRegistry;
  let proxy: FaultProxy;
  let image: PushedImage;
  let sleeps: number[];
  const name = { registry: '', repository: 'library/alpine' };

  beforeAll(async () => {
    server = await startPlainRegistry();
    image = await server.pusher.pushImage({ repository: 'library/alpine', tags: ['3.19', '3.20'] });
    proxy = await startFaultProxy({ upstream: server.registry.url });
    name.registry = proxy.host;
  });

  afterEach(() => {
    proxy.reset();
  });

  afterAll(async () => {
    await proxy.stop();
    await server.stop();
  });

  function client(options: RegistryOptions = {}): ReturnType<typeof createRegistryClient> {
    sleeps = [];
    return createRegistryClient({
      insecureHosts: [proxy.host, proxy.otherHost],
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
      now: () => Date.parse('2025-01-01T00:00:00Z'),
      ...options,
    });
  }

  function tagRequests(): number {
    return proxy.requests.filter((request) => request.path.includes('/tags/list')).length;
  }

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    const registry = client();
    proxy.inject({ path: '/tags/list', fault: { kind: 'status', status: 429, headers: { 'retry-after': '7' } } });

    const list = await registry.listTags(name);

    expect(list.tags.toSorted()).toEqual(['3.19', '3.20']);
    expect(sleeps).toEqual([7000]);
    expect(registry.stats()).toMatchObject({ retries: 1, byHost: { [proxy.host]: { tags: 2 } } });
  });

  it('reads the wait from an HTTP date and from RateLimit-Reset', async () => {
    const registry = client();
    proxy.inject({
      path: '/tags/list',
      fault: { kind: 'status', status: 429, headers: { 'retry-after': 'Wed, 01 Jan 2025 00:00:12 GMT' } },
    });
    proxy.inject({ path: '/tags/list', fault: { kind: 'status', status: 429, headers: { 'ratelimit-reset': '3' } } });

    await registry.listTags(name);

    expect(sleeps).toEqual([12_000, 3000]);
  });

  it('holds back other requests to a host while it is rate limited', async () => {
    const waits: number[] = [];
    const parked: (() => void)[] = [];
    let released = false;
    const registry = client({
      sleep: (ms) =>
        new Promise<void>((resume) => {
          waits.push(ms);
          if (released) resume();
          else parked.push(resume);
        }),
    });
    proxy.inject({ path: '/tags/list', fault: { kind: 'status', status: 429, headers: { 'retry-after': '5' } } });

    const list = registry.listTags(name);
    await vi.waitFor(() => {
      expect(waits).toHaveLength(1);
    });
    const digest = registry.getDigest(name, '3.19');
    await vi.waitFor(() => {
      expect(waits).toHaveLength(2);
    });
    const headsWhileLimited = proxy.requests.filter((request) => request.method === 'HEAD').length;
    released = true;
    for (const resume of parked) resume();
    await Promise.all([list, digest]);

    expect(waits).toEqual([5000, 5000]);
    expect(headsWhileLimited).toBe(0);
  });

  it('throws RegistryRateLimitError with retryAfterMs when the wait exceeds the cap, without sleeping', async () => {
    const registry = client({ maxRetryWaitMs: 60_000 });
    proxy.inject({ path: '/tags/list', fault: { kind: 'status', status: 429, headers: { 'retry-after': '3600' } } });

    const error: unknown = await registry.listTags(name).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RegistryRateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 3_600_000, temporary: true, status: 429, host: proxy.host, repository: 'library/alpine' });
    expect((error as Error).message).toBe(`rate limit of ${proxy.host} reached; retry after 01:00 UTC`);
    expect(sleeps).toEqual([]);
  });

  it('gives up on a 429 burst after the configured retries', async () => {
    const registry = client({ retries: 2 });
    proxy.inject({ path: '/tags/list', times: 10, fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } } });

    await expect(registry.listTags(name)).rejects.toMatchObject({ name: 'RegistryRateLimitError', retryAfterMs: 1000 });
    expect(tagRequests()).toBe(3);
  });

  it('retries 5xx answers with capped exponential backoff and jitter', async () => {
    const registry = client({ backoffBaseMs: 100, backoffMaxMs: 300 });
    proxy.inject({ path: '/tags/list', times: 3, fault: { kind: 'status', status: 500 } });

    const list = await registry.listTags(name);

    expect(list.tags).toHaveLength(2);
    expect(sleeps).toEqual([75, 150, 225]);
  });

  it('throws a temporary RegistryUnavailableError when 5xx answers persist', async () => {
    const registry = client({ retries: 2 });
    proxy.inject({ path: '/manifests/', times: 10, fault: { kind: 'status', status: 503 } });

    const error: unknown = await registry.getDigest(name, '3.19').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(error).toMatchObject({ status: 503, temporary: true });
    expect(proxy.requests).toHaveLength(3);
  });

  it('times out a slow answer and retries it', async () => {
    const registry = client({ timeoutMs: 1000 });
    proxy.inject({ path: '/tags/list', fault: { kind: 'delay', ms: 1500 } });

    const list = await registry.listTags(name);

    expect(list.tags).toHaveLength(2);
    expect(registry.stats().retries).toBe(1);
  });

  it('reports a request that keeps timing out as unavailable', async () => {
    const registry = client({ timeoutMs: 1000, retries: 1 });
    proxy.inject({ path: '/manifests/', times: 2, fault: { kind: 'delay', ms: 1500 } });

    await expect(registry.getDigest(name, '3.19')).rejects.toThrow('manifest-head request timed out');
  });

  it('retries a truncated body', async () => {
    const registry = client();
    proxy.inject({ path: '/manifests/', method: 'GET', fault: { kind: 'truncate' } });

    const info = await registry.getManifest(name, '3.20');

    expect(info.digest).toBe(image.digest);
    expect(registry.stats().retries).toBe(1);
  });

  it('throws RegistryResponseError for bad JSON, without retrying', async () => {
    const registry = client();
    proxy.inject({ path: '/tags/list', fault: { kind: 'bad-json' } });

    const error: unknown = await registry.listTags(name).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RegistryResponseError);
    expect(error).toMatchObject({
      temporary: false,
      message: `${proxy.host}/library/alpine: unexpected response: tag list is not valid JSON`,
    });
    expect(tagRequests()).toBe(1);
  });

  it('refuses a manifest whose bytes do not match its digest', async () => {
    const registry = client();
    proxy.inject({ path: '/manifests/', method: 'GET', fault: { kind: 'corrupt' } });

    await expect(registry.getManifest(name, '3.19')).rejects.toThrow(`manifest ${image.digest} does not match its digest`);
  });

  it.each([
    ['streamed without a length', false],
    ['with a declared length', true],
  ])('stops reading a tag page at the 10 MiB cap %s and reports the list as cut there', async (_label, declareLength) => {
    const registry = client();
    proxy.inject({ path: '/tags/list', fault: { kind: 'oversize', bytes: 11 * MIB, declareLength } });

    const list = await registry.listTags(name);

    expect(list).toEqual({
      tags: [],
      complete: false,
      pages: 1,
      truncated: {
        reason: 'bytes',
        limit: 10 * MIB,
        message: 'the tag list was cut at 10,485,760 bytes (the limit per repository); newer tags may be missing',
      },
    });
  });

  it('refuses a manifest over a configured cap', async () => {
    const registry = client({ limits: { manifestBytes: 100 } });

    await expect(registry.getManifest(name, '3.19')).rejects.toThrow(RegistryResponseError);
  });

  it('falls back to a GET when HEAD gives no Docker-Content-Digest', async () => {
    const registry = client();
    proxy.inject({
      path: '/manifests/',
      method: 'HEAD',
      fault: { kind: 'status', status: 200, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: '' },
    });

    const digest = await registry.getDigest(name, '3.19');

    expect(digest.digest).toBe(image.digest);
    expect(registry.stats().byHost[proxy.host]).toEqual({ 'manifest-head': 1, 'manifest-get': 1 });
  });

  it('never sends Authorization to the redirect host and never logs secrets', async () => {
    const logged: string[] = [];
    const registry = client({
      credentials: [{ host: proxy.host, token: 'static-secret-token' }],
      log: { debug: (fields) => logged.push(JSON.stringify(fields)) },
    });
    proxy.inject({ path: '/blobs/', fault: { kind: 'redirect-to-other-host' } });

    const created = await registry.getCreated(name, '3.19');

    expect(created?.toISOString()).toBe('2024-01-01T00:00:00.000Z');
    // HEAD of the tag, GET of its manifest by digest, GET of the config blob redirected to the other host.
    expect(proxy.requests.map((request) => [request.listener, request.method, request.authorization])).toEqual([
      ['proxy', 'HEAD', 'bearer'],
      ['proxy', 'GET', 'bearer'],
      ['proxy', 'GET', 'bearer'],
      ['other-host', 'GET', null],
    ]);
    expect(logged.join('\n')).not.toMatch(/static-secret-token|secret-signature/);
    expect(logged.join('\n')).toContain('sig=REDACTED');
  });
});
