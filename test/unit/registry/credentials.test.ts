import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialStore, normalizeCredentialHost, parseDockerConfig } from '../../../src/registry/credentials.js';
import { ConfigError } from '../../../src/util/errors.js';

function b64(text: string): string {
  return Buffer.from(text).toString('base64');
}

describe('registry/credentials', () => {
  let dir = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'freshbase-credentials-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['http://localhost:5000', 'localhost:5000'],
    ['GHCR.io', 'ghcr.io'],
    ['europe-docker.pkg.dev/project', 'europe-docker.pkg.dev'],
  ])('normalizes the auths key %s to %s', (key, host) => {
    expect(normalizeCredentialHost(key)).toBe(host);
  });

  it('reads auth, username/password and registrytoken entries and skips identitytoken-only ones', () => {
    const text = JSON.stringify({
      auths: {
        'https://index.docker.io/v1/': { auth: b64('hub-user:p:ss') },
        'ghcr.io': { username: 'octo', password: 'ghp_x' },
        'quay.io': { registrytoken: 'qt' },
        'gcr.io': { identitytoken: 'refresh' },
        'empty.example': {},
      },
      credsStore: 'desktop',
    });

    const credentials = parseDockerConfig(text, '/home/u/.docker/config.json');

    expect(credentials).toEqual([
      { host: 'docker.io', username: 'hub-user', password: 'p:ss' },
      { host: 'ghcr.io', username: 'octo', password: 'ghp_x' },
      { host: 'quay.io', token: 'qt' },
    ]);
  });

  it('reports a bad auth value by key path without echoing it', () => {
    const act = (): unknown => parseDockerConfig(JSON.stringify({ auths: { 'ghcr.io': { auth: b64('no-colon-secret') } } }), 'cfg.json');

    expect(act).toThrow(ConfigError);
    expect(act).toThrow('cfg.json at auths["ghcr.io"].auth');
    expect(act).not.toThrow('no-colon-secret');
  });

  it('reports invalid JSON without quoting the text', () => {
    const act = (): unknown => parseDockerConfig('{"auths": {"x": {"auth": "c2VjcmV0"', 'cfg.json');

    expect(act).toThrow(/cfg\.json: is not valid JSON/);
    expect(act).not.toThrow('c2VjcmV0');
  });

  it('reports a wrong shape with its path', () => {
    expect(() => parseDockerConfig('{"auths": {"x": {"auth": 5}}}', 'cfg.json')).toThrow('cfg.json at auths.x.auth');
  });

  it('finds listed credentials first, then the Docker config, by normalized host', async () => {
    const path = join(dir, 'config.json');
    await writeFile(
      path,
      JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: b64('file:one') }, 'ghcr.io': { auth: b64('file:two') } } }),
    );
    const store = createCredentialStore({ credentials: [{ host: 'ghcr.io', token: 'listed' }], dockerConfigPath: path });

    const found = await Promise.all(['ghcr.io', 'registry-1.docker.io', 'quay.io'].map((host) => store.access(host, { kind: 'all' })));

    expect(found.map((access) => access.credential)).toEqual([
      { host: 'ghcr.io', token: 'listed' },
      { host: 'docker.io', username: 'file', password: 'one' },
      undefined,
    ]);
    expect(found.map((access) => access.account === 'anonymous')).toEqual([false, false, true]);
  });

  it('reads installations and owners of a Docker config entry, which binds it to them', () => {
    const text = JSON.stringify({ auths: { 'ghcr.io': { auth: b64('bot:pw'), owners: ['acme'], installations: [7] } } });

    expect(parseDockerConfig(text, 'cfg.json')).toEqual([
      { host: 'ghcr.io', username: 'bot', password: 'pw', owners: ['acme'], installations: [7] },
    ]);
  });

  describe('scopes', () => {
    const acme = { kind: 'installation', installationId: 7, owner: 'Acme' } as const;
    const other = { kind: 'installation', installationId: 8, owner: 'other' } as const;
    const credentials = [
      { host: 'ghcr.io', username: 'acme-bot', password: 'a', owners: ['acme'] },
      { host: 'ghcr.io', username: 'shared-bot', password: 's' },
      { host: 'quay.io', username: 'eight', password: 'q', installations: [8] },
    ];

    it('gives an installation the credential bound to its owner before an unbound one', async () => {
      const store = createCredentialStore({ credentials });

      const access = await store.access('ghcr.io', acme);

      expect(access.credential).toMatchObject({ username: 'acme-bot' });
      expect(access.withheld).toBe(false);
    });

    it('gives another installation only the unbound credential, under another account id', async () => {
      const store = createCredentialStore({ credentials });

      const [mine, theirs] = await Promise.all([store.access('ghcr.io', acme), store.access('ghcr.io', other)]);

      expect(theirs.credential).toMatchObject({ username: 'shared-bot' });
      expect(theirs.account).not.toBe(mine.account);
    });

    it('withholds a credential bound to another installation: anonymous, and marked so', async () => {
      const store = createCredentialStore({ credentials });

      const access = await store.access('quay.io', acme);

      expect(access).toEqual({ account: 'anonymous', withheld: true });
    });

    it('lets the CLI scope use every credential, and lists the hosts of unbound ones', async () => {
      const store = createCredentialStore({ credentials });

      const access = await store.access('quay.io', { kind: 'all' });

      expect(access.credential).toMatchObject({ username: 'eight' });
      expect(await store.unboundHosts()).toEqual(['ghcr.io']);
    });

    it('keeps account ids free of the secret and stable across stores', async () => {
      const first = await createCredentialStore({ credentials }).access('ghcr.io', acme);
      const second = await createCredentialStore({ credentials }).access('ghcr.io', acme);

      expect(first.account).toMatch(/^c-[0-9a-f]{16}$/);
      expect(second.account).toBe(first.account);
    });
  });

  it('fails with a ConfigError naming a Docker config file that cannot be read', async () => {
    const store = createCredentialStore({ dockerConfigPath: join(dir, 'missing.json') });

    await expect(store.access('ghcr.io', { kind: 'all' })).rejects.toThrow(/missing\.json: cannot be read/);
  });
});
