/**
 * Server credentials bound to installations, against a token-auth distribution 2.8: one registry
 * (shared caches and budgets) hands out a view per installation; a view sees only what its own
 * credentials (or anonymous access) can see, and never an answer fetched with another's.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore, createRegistry, RegistryNotFoundError, type Registry } from '../../../src/registry/index.js';
import { startTokenRegistry, TEST_PASSWORD, TEST_USER, type TokenTestRegistry } from '../../support/registry/servers.js';

describe('registry views scoped to installations (credentials bound by installation and owner)', () => {
  let server: TokenTestRegistry;
  const acme = { kind: 'installation', installationId: 1, owner: 'acme' } as const;
  const other = { kind: 'installation', installationId: 2, owner: 'other' } as const;
  const privateApp = { registry: '', repository: 'private/app' };
  const publicBase = { registry: '', repository: 'public/base' };

  beforeAll(async () => {
    server = await startTokenRegistry({ expiresIn: 120 });
    await server.pusher.pushImage({ repository: 'private/app', tags: ['1.0', '1.1'] });
    await server.pusher.pushImage({ repository: 'public/base', tags: ['1'] });
    privateApp.registry = server.host;
    publicBase.registry = server.host;
  });

  afterEach(() => {
    server.tokens.requests.length = 0;
  });

  afterAll(async () => {
    await server.stop();
  });

  function registry(binding: { installations?: number[]; owners?: string[] }): Registry {
    return createRegistry({
      credentials: [{ host: server.host, username: TEST_USER, password: TEST_PASSWORD, ...binding }],
      insecureHosts: [server.host],
      allowedHosts: [new URL(server.tokens.realm).host],
      cache: createMemoryStore(),
    });
  }

  it('lets the bound installation list a private repository, and shows it as not found to another', async () => {
    const shared = registry({ installations: [1] });

    const mine = await shared.forScope(acme).listTags(privateApp);
    const theirs: unknown = await shared
      .forScope(other)
      .listTags(privateApp)
      .catch((error: unknown) => error);

    expect(mine.tags.toSorted()).toEqual(['1.0', '1.1']);
    expect(theirs).toBeInstanceOf(RegistryNotFoundError);
    expect((theirs as Error).message).toBe(`${server.host}/private/app: not found: not found, or not available to this installation`);
    // The other installation asked anonymously: the cached answer fetched with acme's credential did not serve it.
    const users = server.tokens.requests.map((request) => request.user);
    expect(users[0]).toBe(TEST_USER);
    expect(users.slice(1).every((user) => user === null)).toBe(true);
  });

  it('binds by owner login too, case-insensitively', async () => {
    const shared = registry({ owners: ['ACME'] });

    const digest = await shared.forScope(acme).getDigest(privateApp, '1.0');

    expect(digest.digest).toMatch(/^sha256:/);
  });

  it('keeps answers apart by credential even for a public repository, and shares them within one credential', async () => {
    const shared = registry({ installations: [1] });

    await shared.forScope(acme).listTags(publicBase);
    await shared.forScope(other).listTags(publicBase);
    await shared.forScope({ kind: 'installation', installationId: 3, owner: 'third' }).listTags(publicBase);
    await shared.forScope(acme).listTags(publicBase);

    // acme's walk (with its credential), one anonymous walk shared by installations 2 and 3, nothing for acme's second look.
    expect(shared.stats().tagWalks).toBe(2);
  });

  it('gives the CLI scope every credential', async () => {
    const shared = registry({ installations: [99] });

    const tags = await shared.forScope({ kind: 'all' }).listTags(privateApp);

    expect(tags.tags).toHaveLength(2);
  });

  it('lists the hosts whose credentials are bound to no installation, for the start-up warning', async () => {
    expect(await registry({}).unboundCredentialHosts()).toEqual([server.host]);
    expect(await registry({ owners: ['acme'] }).unboundCredentialHosts()).toEqual([]);
  });
});
