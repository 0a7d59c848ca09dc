import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, RegistryAuthError, type RegistryCredential, type RegistryOptions } from '../../../src/registry/index.js';
import { startFaultProxy, type FaultProxy } from '../../support/registry/fault-proxy.js';
import { startTokenRegistry, TEST_PASSWORD, TEST_USER, type TokenTestRegistry } from '../../support/registry/servers.js';

describe('registry/auth with token auth on distribution 2.8', () => {
  let server: TokenTestRegistry;
  let proxy: FaultProxy;

  beforeAll(async () => {
    server = await startTokenRegistry({ expiresIn: 120 });
    await Promise.all([
      server.pusher.pushImage({ repository: 'public/base', tags: ['1', '2'] }),
      server.pusher.pushImage({ repository: 'public/other', tags: ['7'] }),
      server.pusher.pushImage({
        repository: 'private/app',
        tags: ['1.0'],
        platforms: [
          { os: 'linux', architecture: 'amd64' },
          { os: 'linux', architecture: 'arm64' },
        ],
      }),
    ]);
    proxy = await startFaultProxy({ upstream: server.registry.url });
  });

  afterEach(() => {
    server.tokens.requests.length = 0;
    proxy.reset();
  });

  afterAll(async () => {
    await proxy.stop();
    await server.stop();
  });

  function client(options: RegistryOptions = {}): ReturnType<typeof createRegistryClient> {
    // Every server here is on 127.0.0.1: the registries are allowed as insecure hosts, the token realm explicitly.
    return createRegistryClient({
      insecureHosts: [server.host, proxy.host],
      allowedHosts: [new URL(server.tokens.realm).host],
      ...options,
    });
  }

  const credentials = (host: string): RegistryCredential[] => [{ host, username: TEST_USER, password: TEST_PASSWORD }];

  it('pulls a public repository with an anonymous token', async () => {
    const registry = client();

    const tags = await registry.listTags({ registry: server.host, repository: 'public/base' });

    expect(tags.tags.toSorted()).toEqual(['1', '2']);
    expect(server.tokens.requests).toEqual([
      { scopes: ['repository:public/base:pull'], service: 'freshbase-test-registry', user: null, granted: true },
    ]);
  });

  it('fails with RegistryAuthError on a private repository without credentials', async () => {
    const registry = client();

    await expect(registry.listTags({ registry: server.host, repository: 'private/app' })).rejects.toThrow(RegistryAuthError);
  });

  it('gets a token with credentials, sent only to the token realm; the registry sees the Bearer token', async () => {
    const registry = client({ credentials: credentials(proxy.host) });

    const info = await registry.getManifest({ registry: proxy.host, repository: 'private/app' }, '1.0');

    expect(info.platforms.map((platform) => platform.architecture)).toEqual(['amd64', 'arm64']);
    expect(server.tokens.requests.map((request) => request.user)).toEqual([TEST_USER]);
    expect(new Set(proxy.requests.map((request) => request.authorization))).toEqual(new Set([null, 'bearer']));
  });

  it('fails with RegistryAuthError when the token server refuses the credentials', async () => {
    const registry = client({ credentials: [{ host: server.host, username: TEST_USER, password: 'nope' }] });

    const error: unknown = await registry.listTags({ registry: server.host, repository: 'private/app' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RegistryAuthError);
    expect(String(error)).toContain('token server refused');
  });

  it('caches a token per scope and authenticates up front once the challenge is known', async () => {
    const registry = client();
    const base = { registry: server.host, repository: 'public/base' };

    await registry.listTags(base);
    await registry.getDigest(base, '1');
    await registry.getManifest(base, '2');
    await registry.listTags({ registry: server.host, repository: 'public/other' });

    expect(server.tokens.requests.map((request) => request.scopes)).toEqual([
      ['repository:public/base:pull'],
      ['repository:public/other:pull'],
    ]);
    // HEADs resolve tags 1 and 2; the manifest of 2 is then fetched by digest.
    expect(registry.stats().byHost[server.host]).toEqual({ tags: 3, 'manifest-head': 2, 'manifest-get': 1, blob: 1 });
  });

  it('fetches one token for concurrent lookups of one scope', async () => {
    const registry = client();
    const base = { registry: server.host, repository: 'public/base' };
    await registry.listTags({ registry: server.host, repository: 'public/other' });
    server.tokens.requests.length = 0;

    await Promise.all([registry.getDigest(base, '1'), registry.getDigest(base, '2'), registry.getManifest(base, '1')]);

    expect(server.tokens.requests).toHaveLength(1);
  });

  it('fetches a new token once the cached one has expired on the injected clock', async () => {
    let now = Date.now();
    const registry = client({ now: () => now, cacheTtlMs: 1 });
    const base = { registry: server.host, repository: 'public/base' };

    await registry.getDigest(base, '1');
    now += 100_000;
    await registry.getDigest(base, '2');
    now += 20_000;
    await registry.getDigest(base, '1');

    expect(server.tokens.requests).toHaveLength(2);
  });

  it('keeps the password, the Basic header and the tokens out of every log line and error', async () => {
    const logged: string[] = [];
    const log = {
      debug: (fields: Record<string, unknown>, message: string): void => void logged.push(`${message} ${JSON.stringify(fields)}`),
    };
    const good = client({ credentials: credentials(proxy.host), log });
    const bad = client({ credentials: [{ host: server.host, username: TEST_USER, password: 'wrong-password-value' }], log });
    server.tokens.requests.length = 0;

    await good.getCreated({ registry: proxy.host, repository: 'private/app' }, '1.0');
    const error: unknown = await bad.listTags({ registry: server.host, repository: 'private/app' }).catch((caught: unknown) => caught);
    const basic = Buffer.from(`${TEST_USER}:${TEST_PASSWORD}`).toString('base64');
    const text = [...logged, String(error), JSON.stringify(error), (error as Error).stack ?? ''].join('\n');

    expect(logged.length).toBeGreaterThan(3);
    expect(text).not.toContain(TEST_PASSWORD);
    expect(text).not.toContain('wrong-password-value');
    expect(text).not.toContain(basic);
    expect(text).not.toMatch(/Bearer |eyJ[A-Za-z0-9_-]{10,}/);
  });
});
