/**
 * Which hosts the registry client contacts, proven on loopback: every registry here is on
 * 127.0.0.x, so each test allow-lists what it means to reach, and a listening socket on a
 * refused address records that no connection was ever made to it.
 */
import type { LookupAddress } from 'node:dns';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, RegistryHostRefusedError, type LookupFunction, type RegistryOptions } from '../../../src/registry/index.js';
import { startConnectionRecorder, type ConnectionRecorder } from '../../support/registry/connection-recorder.js';
import { startFaultProxy, type FaultProxy } from '../../support/registry/fault-proxy.js';
import { startPlainRegistry, type TestRegistry } from '../../support/registry/servers.js';

/** Resolves `*.test` names from a table, everything else as unknown. */
function tableLookup(table: Record<string, string>): LookupFunction {
  return (hostname, options, callback) => {
    const address = table[hostname];
    if (address === undefined) {
      callback(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
      return;
    }
    const entry: LookupAddress = { address, family: 4 };
    if (options.all === true) callback(null, [entry]);
    else callback(null, address, 4);
  };
}

describe('registry access rules on loopback (allow-list, realms, redirects, rebinding names)', () => {
  let server: TestRegistry;
  let proxy: FaultProxy;
  let target: ConnectionRecorder;
  let sameHost: ConnectionRecorder;
  const alpine = { registry: '', repository: 'library/alpine' };

  beforeAll(async () => {
    server = await startPlainRegistry();
    await server.pusher.pushImage({ repository: 'library/alpine', tags: ['3.20'] });
    proxy = await startFaultProxy({ upstream: server.registry.url });
    target = await startConnectionRecorder('127.0.0.3');
    sameHost = await startConnectionRecorder('127.0.0.1');
    alpine.registry = proxy.host;
  });

  afterEach(() => {
    proxy.reset();
  });

  afterAll(async () => {
    await Promise.all([target.stop(), sameHost.stop(), proxy.stop()]);
    await server.stop();
  });

  function client(options: RegistryOptions = {}): ReturnType<typeof createRegistryClient> {
    return createRegistryClient({ insecureHosts: [proxy.host], retries: 0, ...options });
  }

  async function failure(work: Promise<unknown>): Promise<Error> {
    const error: unknown = await work.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!(error instanceof Error)) throw new Error('expected the lookup to fail');
    return error;
  }

  it('refuses a token realm on a private address that is not allow-listed, without connecting there', async () => {
    proxy.inject({
      path: '/tags/list',
      fault: { kind: 'status', status: 401, headers: { 'www-authenticate': `Bearer realm="http://${target.host}/token",service="reg"` } },
    });

    const error = await failure(client().listTags(alpine));

    expect(error).toBeInstanceOf(RegistryHostRefusedError);
    expect(error.message).toBe(
      `${proxy.host}/library/alpine: refused to contact the host: token request to 127.0.0.3 resolves to 127.0.0.3, which is not a public address, and it is not an allowed registry (FRESHBASE_ALLOWED_REGISTRIES); no connection made`,
    );
    expect(target.connections()).toBe(0);
  });

  it('refuses a redirect to a private address, without connecting there', async () => {
    proxy.inject({ path: '/blobs/', fault: { kind: 'redirect', location: `http://${target.host}/blob` } });

    const error = await failure(client().getCreated(alpine, '3.20'));

    expect(error).toBeInstanceOf(RegistryHostRefusedError);
    expect(error.message).toContain('redirect to 127.0.0.3 resolves to 127.0.0.3, which is not a public address');
    expect(target.connections()).toBe(0);
  });

  it('refuses a redirect to the cloud metadata address', async () => {
    proxy.inject({ path: '/manifests/', method: 'GET', fault: { kind: 'redirect', location: 'http://169.254.169.254/latest/meta-data/' } });

    const error = await failure(client().getManifest(alpine, '3.20'));

    expect(error.message).toContain('redirect to 169.254.169.254 resolves to 169.254.169.254');
  });

  it('checks a registry name on the address its connection resolves to: a rebinding name is refused', async () => {
    // Not allow-listed, so https (the guarded lookup refuses before any TLS handshake).
    const registry = client({ lookup: tableLookup({ 'rebind.test': '127.0.0.3' }) });

    const error = await failure(registry.listTags({ registry: `rebind.test:${target.port}`, repository: 'team/app' }));

    expect(error).toBeInstanceOf(RegistryHostRefusedError);
    expect(error.message).toContain('rebind.test resolves to 127.0.0.3, which is not a public address');
    expect(target.connections()).toBe(0);
  });

  it('contacts an allow-listed name whatever it resolves to', async () => {
    const registry = createRegistryClient({
      lookup: tableLookup({ 'mirror.test': '127.0.0.3' }),
      insecureHosts: [`mirror.test:${target.port}`],
      allowedHosts: [`mirror.test:${target.port}`],
      retries: 0,
    });
    const before = target.connections();

    const error = await failure(registry.listTags({ registry: `mirror.test:${target.port}`, repository: 'team/app' }));

    expect(error.name).toBe('RegistryNotFoundError');
    expect(target.connections()).toBe(before + 1);
  });

  it('never carries credentials to another port of the same host on a redirect', async () => {
    proxy.inject({ path: '/blobs/', fault: { kind: 'redirect', location: `http://${sameHost.host}/blob` } });
    const registry = client({ credentials: [{ host: proxy.host, token: 'registry-token' }], insecureHosts: [proxy.host, sameHost.host] });

    await failure(registry.getCreated(alpine, '3.20'));

    expect(sameHost.authorizations).toEqual([null]);
    expect(proxy.requests.every((request) => request.authorization === 'bearer')).toBe(true);
  });
});
