import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, RegistryAuthError, type RegistryOptions } from '../../../src/registry/index.js';
import { startFaultProxy, type FaultProxy } from '../../support/registry/fault-proxy.js';
import { startBasicRegistry, TEST_PASSWORD, TEST_USER, type TestRegistry } from '../../support/registry/servers.js';

describe('registry/auth with htpasswd Basic auth on distribution 2.8', () => {
  let server: TestRegistry;
  let proxy: FaultProxy;
  let dir = '';
  const repository = { registry: '', repository: 'private/app' };

  beforeAll(async () => {
    server = await startBasicRegistry();
    await server.pusher.pushImage({ repository: 'private/app', tags: ['1.0', '1.1'] });
    proxy = await startFaultProxy({
      upstream: server.registry.url,
      upstreamAuthorization: `Basic ${Buffer.from(`${TEST_USER}:${TEST_PASSWORD}`).toString('base64')}`,
    });
    dir = await mkdtemp(join(tmpdir(), 'freshbase-docker-config-'));
    repository.registry = server.host;
  });

  afterEach(() => {
    proxy.reset();
  });

  afterAll(async () => {
    await proxy.stop();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  function client(options: RegistryOptions): ReturnType<typeof createRegistryClient> {
    return createRegistryClient({ insecureHosts: [server.host, proxy.host], ...options });
  }

  it('fails with RegistryAuthError without credentials', async () => {
    const registry = client({});

    const failure = registry.listTags(repository);

    await expect(failure).rejects.toThrow(RegistryAuthError);
    await expect(failure).rejects.toMatchObject({
      status: 401,
      temporary: false,
      message: expect.stringContaining(`${server.host}/private/app`) as unknown,
    });
  });

  it('answers the Basic challenge once, then sends credentials up front', async () => {
    const registry = client({ credentials: [{ host: server.host, username: TEST_USER, password: TEST_PASSWORD }] });

    const tags = await registry.listTags(repository);
    const digest = await registry.getDigest(repository, '1.0');

    expect(tags.tags.toSorted()).toEqual(['1.0', '1.1']);
    expect(digest.digest).toMatch(/^sha256:/);
    expect(registry.stats().byHost[server.host]).toEqual({ tags: 2, 'manifest-head': 1 });
  });

  it('reads credentials from a Docker config.json auths entry keyed by URL', async () => {
    const path = join(dir, 'config.json');
    const auth = Buffer.from(`${TEST_USER}:${TEST_PASSWORD}`).toString('base64');
    await writeFile(path, JSON.stringify({ auths: { [`http://${server.host}/v2/`]: { auth }, 'ghcr.io': { identitytoken: 'ignored' } } }));
    const registry = client({ dockerConfigPath: path });

    const tags = await registry.listTags(repository);

    expect(tags.tags).toHaveLength(2);
  });

  it('keeps a wrong password out of the error', async () => {
    const registry = client({ credentials: [{ host: server.host, username: TEST_USER, password: 'wrong-password-123' }] });

    const error: unknown = await registry.listTags(repository).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RegistryAuthError);
    expect(JSON.stringify(error) + String(error)).not.toContain('wrong-password-123');
    expect(String(error)).not.toContain(Buffer.from(`${TEST_USER}:wrong-password-123`).toString('base64'));
  });

  it('does not send credentials of docker.io to a docker.io mirror', async () => {
    const registry = createRegistryClient({
      mirrors: { 'docker.io': proxy.url },
      credentials: [{ host: 'docker.io', username: TEST_USER, password: TEST_PASSWORD }],
    });

    const failure = registry.listTags({ registry: 'docker.io', repository: 'private/app' });

    await expect(failure).rejects.toThrow(RegistryAuthError);
    expect(proxy.requests.map((request) => request.authorization)).toEqual([null]);
  });

  it('uses the credentials of the mirror host for a mirror', async () => {
    const registry = createRegistryClient({
      mirrors: { 'docker.io': proxy.url },
      credentials: [{ host: proxy.host, username: TEST_USER, password: TEST_PASSWORD }],
    });

    const tags = await registry.listTags({ registry: 'docker.io', repository: 'private/app' });

    expect(tags.tags).toHaveLength(2);
  });

  it('follows a blob redirect to another host without the Authorization header', async () => {
    const registry = client({
      credentials: [{ host: proxy.host, username: TEST_USER, password: TEST_PASSWORD }],
      insecureHosts: [proxy.host, proxy.otherHost],
    });
    proxy.inject({ path: '/blobs/', fault: { kind: 'redirect-to-other-host' } });

    const info = await registry.getManifest({ registry: proxy.host, repository: 'private/app' }, '1.0');

    expect(info.platforms).toEqual([{ os: 'linux', architecture: 'amd64' }]);
    const blobHops = proxy.requests.filter((request) => request.path.includes('/blobs/'));
    expect(blobHops.map((hop) => [hop.listener, hop.authorization])).toEqual([
      ['proxy', 'basic'],
      ['other-host', null],
    ]);
  });

  it('refuses a redirect to plain http on a host the configuration does not name', async () => {
    // Allow-listed (any address) but not insecure: the plain-http rule is what refuses it.
    const registry = client({
      credentials: [{ host: proxy.host, username: TEST_USER, password: TEST_PASSWORD }],
      allowedHosts: [proxy.otherHost],
    });
    proxy.inject({ path: '/blobs/', fault: { kind: 'redirect-to-other-host' } });

    const failure = registry.getManifest({ registry: proxy.host, repository: 'private/app' }, '1.0');

    await expect(failure).rejects.toThrow(`redirect to http://${proxy.otherHost} refused`);
    expect(proxy.requests.filter((request) => request.listener === 'other-host')).toEqual([]);
  });
});
