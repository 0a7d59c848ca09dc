import { describe, expect, it } from 'vitest';
import { parseAppEnv } from '../../../src/config/env.js';
import { buildRegistryOptions } from '../../../src/scan/registry-options.js';

function failure(act: () => unknown): Error {
  try {
    act();
  } catch (error: unknown) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected an error');
}

describe('scan/registry-options', () => {
  it('masks a password holding / and @ in a --mirror flag and in FRESHBASE_MIRRORS', () => {
    const flag = failure(() => buildRegistryOptions(parseAppEnv({}).registry, { mirrors: ['docker.io=http://bot:p/a@ss@mirror:5000'] }));
    const env = failure(() =>
      buildRegistryOptions(parseAppEnv({ FRESHBASE_MIRRORS: 'docker.io=http://bot:p%2Fa%40ss@mirror:5000' }).registry),
    );

    expect(flag.message).toContain('--mirror docker.io=http://***@mirror:5000');
    expect([flag.message, env.message].join('\n')).not.toMatch(/p\/a@ss|p%2Fa%40ss/);
  });

  it('reads installations and owners binding FRESHBASE_REGISTRY_CREDENTIALS entries', () => {
    const json = JSON.stringify([
      { host: 'ghcr.io', username: 'bot', password: 'pw', owners: ['acme'], installations: [12] },
      { host: 'quay.io', token: 'tok' },
    ]);

    const options = buildRegistryOptions(parseAppEnv({ FRESHBASE_REGISTRY_CREDENTIALS: json }).registry);

    expect(options.credentials).toEqual([
      { host: 'ghcr.io', username: 'bot', password: 'pw', owners: ['acme'], installations: [12] },
      { host: 'quay.io', token: 'tok' },
    ]);
  });

  it.each([
    [{ installations: ['12'] }, '[0].installations: must be a list of installation ids'],
    [{ owners: [''] }, '[0].owners: must be a list of GitHub organization or user logins'],
  ])('refuses a bad binding %j, naming the entry and never the secret', (binding, message) => {
    const json = JSON.stringify([{ host: 'ghcr.io', username: 'bot', password: 'hunter2', ...binding }]);

    const error = failure(() => buildRegistryOptions(parseAppEnv({ FRESHBASE_REGISTRY_CREDENTIALS: json }).registry));

    expect(error.message).toContain(message.replace('[0].', ' at [0].'));
    expect(error.message).not.toContain('hunter2');
  });

  it('uses the cache directory of the environment, another one given by flag, or none with --no-cache', () => {
    const env = parseAppEnv({ HOME: '/home/dev' }).registry;

    expect(buildRegistryOptions(env).cacheDir).toBe('/home/dev/.cache/freshbase');
    expect(buildRegistryOptions(env, { cacheDir: '/tmp/ci-cache' }).cacheDir).toBe('/tmp/ci-cache');
    expect(buildRegistryOptions(env, { noCache: true }).cacheDir).toBeUndefined();
  });
});
