import { describe, expect, it } from 'vitest';
import { parseAppEnv } from '../../../src/config/env.js';
import { ConfigError } from '../../../src/util/errors.js';

describe('config/env FRESHBASE_OSV_URL', () => {
  it('leaves the OSV URL to the client default when unset, and takes a mirror without its trailing slash', () => {
    expect(parseAppEnv({}).osvUrl).toBeUndefined();
    expect(parseAppEnv({ FRESHBASE_OSV_URL: 'http://127.0.0.1:8080/' }).osvUrl).toBe('http://127.0.0.1:8080');
  });

  it.each(['ftp://osv.example', 'not a url', 'https://user:secret@osv.example'])('refuses %s, naming the variable', (value) => {
    expect(() => parseAppEnv({ FRESHBASE_OSV_URL: value })).toThrow(ConfigError);
    expect(() => parseAppEnv({ FRESHBASE_OSV_URL: value })).toThrow(/FRESHBASE_OSV_URL/);
    expect(() => parseAppEnv({ FRESHBASE_OSV_URL: value })).not.toThrow(/secret@/);
  });
});
