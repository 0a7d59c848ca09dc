import { describe, expect, it } from 'vitest';
import { createRegistryClient, RegistryAuthError } from '../../../src/registry/index.js';

/** A stand-in registry that only ever challenges; records the URLs it was asked for. */
function challengingFetch(challenge: string, seen: string[]): typeof fetch {
  return (input) => {
    seen.push(input instanceof URL ? input.href : typeof input === 'string' ? input : input.url);
    return Promise.resolve(
      new Response('{"errors":[{"code":"UNAUTHORIZED"}]}', { status: 401, headers: { 'www-authenticate': challenge } }),
    );
  };
}

describe('registry/auth', () => {
  it('refuses a plain-http token realm named by an https registry, sending nothing there', async () => {
    const seen: string[] = [];
    const registry = createRegistryClient({
      fetch: challengingFetch('Bearer realm="http://auth.example/token",service="reg"', seen),
      credentials: [{ host: 'registry.example', username: 'u', password: 'secret-pw' }],
    });

    const error: unknown = await registry
      .listTags({ registry: 'registry.example', repository: 'team/app' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RegistryAuthError);
    expect(String(error)).toBe(
      'RegistryAuthError: registry.example/team/app: authentication failed: token realm http://auth.example refused: https required',
    );
    expect(seen).toEqual(['https://registry.example/v2/team/app/tags/list']);
  });

  it('refuses a challenge without a realm', async () => {
    const registry = createRegistryClient({ fetch: challengingFetch('Bearer service="reg"', []) });

    await expect(registry.listTags({ registry: 'registry.example', repository: 'a' })).rejects.toThrow(
      'Bearer challenge without a valid realm URL',
    );
  });

  it('gives up after one answered challenge instead of looping', async () => {
    const seen: string[] = [];
    const registry = createRegistryClient({
      fetch: challengingFetch('Basic realm="reg"', seen),
      credentials: [{ host: 'registry.example', username: 'u', password: 'p' }],
    });

    await expect(registry.listTags({ registry: 'registry.example', repository: 'a' })).rejects.toMatchObject({
      name: 'RegistryAuthError',
      status: 401,
    });
    expect(seen).toHaveLength(2);
  });
});
