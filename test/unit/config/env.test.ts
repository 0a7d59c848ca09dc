import { describe, expect, it } from 'vitest';
import { parseAppEnv } from '../../../src/config/env.js';

describe('config/env registry settings', () => {
  it.each([
    [{ FRESHBASE_CACHE_DIR: '/var/cache/fb', XDG_CACHE_HOME: '/x', HOME: '/h' }, '/var/cache/fb'],
    [{ XDG_CACHE_HOME: '/x', HOME: '/h' }, '/x/freshbase'],
    [{ HOME: '/h' }, '/h/.cache/freshbase'],
    [{}, undefined],
  ])('places the cache directory from %j at %s', (env, expected) => {
    expect(parseAppEnv(env).registry.cacheDir).toBe(expected);
  });

  it('reads the allow-list, the tag cap and the cache size', () => {
    const registry = parseAppEnv({
      FRESHBASE_ALLOWED_REGISTRIES: 'registry.internal, 10.0.0.5:5000,',
      FRESHBASE_MAX_TAGS: '5000',
      FRESHBASE_CACHE_MAX_MB: '64',
    }).registry;

    expect([registry.allowedHosts, registry.maxTags, registry.cacheMaxBytes]).toEqual([
      ['registry.internal', '10.0.0.5:5000'],
      5000,
      64 * 1024 * 1024,
    ]);
  });

  it('defaults to no allow-list, 100,000 tags and 256 MiB of cache', () => {
    const registry = parseAppEnv({}).registry;

    expect([registry.allowedHosts, registry.maxTags, registry.cacheMaxBytes]).toEqual([[], 100_000, 256 * 1024 * 1024]);
  });

  it.each([
    [{ FRESHBASE_CACHE_DIR: 'relative/dir' }, 'environment variable FRESHBASE_CACHE_DIR: "relative/dir" is not an absolute path'],
    [{ FRESHBASE_MAX_TAGS: 'many' }, 'environment variable FRESHBASE_MAX_TAGS: "many" is not a whole number from 1 to 10000000'],
    [{ FRESHBASE_CACHE_MAX_MB: '0' }, 'environment variable FRESHBASE_CACHE_MAX_MB: "0" is not a whole number from 1 to 1048576'],
  ])('fails start-up on %j, naming the variable', (env, message) => {
    expect(() => parseAppEnv(env)).toThrow(message);
  });
});

describe('config/env FRESHBASE_SCAN_TIMEOUT', () => {
  it.each([
    [{}, 600_000],
    [{ FRESHBASE_SCAN_TIMEOUT: '90s' }, 90_000],
    [{ FRESHBASE_SCAN_TIMEOUT: '2h' }, 7_200_000],
    [{ FRESHBASE_SCAN_TIMEOUT: '0' }, 0],
  ])('reads %j as %d ms', (env, ms) => {
    expect(parseAppEnv(env).scanTimeoutMs).toBe(ms);
  });

  it.each(['soon', '500ms', '2d'])('fails start-up on %j, naming the variable and the range', (value) => {
    expect(() => parseAppEnv({ FRESHBASE_SCAN_TIMEOUT: value })).toThrow(/^environment variable FRESHBASE_SCAN_TIMEOUT: /);
  });
});
