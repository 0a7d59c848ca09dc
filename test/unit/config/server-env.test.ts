import { describe, expect, it } from 'vitest';
import { parseAppEnv, parseServerEnv } from '../../../src/config/env.js';
import { ConfigError } from '../../../src/util/errors.js';

const MISSING =
  'environment variable WEBHOOK_SECRET: must be set in production (NODE_ENV=production); ' +
  'without it Probot would accept webhooks signed with its public default secret';
const DEFAULT = `environment variable WEBHOOK_SECRET: must not be Probot's public default "development" in production (NODE_ENV=production)`;

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error: unknown) {
    return error;
  }
  return undefined;
}

describe('config/env parseServerEnv', () => {
  it.each([
    ['unset', {}, MISSING],
    ['empty', { WEBHOOK_SECRET: '' }, MISSING],
    ["Probot's public default", { WEBHOOK_SECRET: 'development' }, DEFAULT],
  ])('refuses a WEBHOOK_SECRET that is %s in production, naming the variable', (_case, secret: Record<string, string>, message) => {
    const error = errorOf(() => parseServerEnv({ NODE_ENV: 'production', ...secret }));

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(message);
    expect((error as ConfigError).file).toBe('environment variable WEBHOOK_SECRET');
  });

  it('accepts a real secret in production and never repeats it', () => {
    const env = { NODE_ENV: 'production', WEBHOOK_SECRET: 'a8f5f167f44f4964e6c998dee827110c' };

    const parsed = parseServerEnv(env);

    expect(parsed).toEqual(parseAppEnv(env));
    expect(JSON.stringify(parsed)).not.toContain('a8f5f167f44f4964e6c998dee827110c');
  });

  it.each([
    ['NODE_ENV unset', {}],
    ['NODE_ENV=development', { NODE_ENV: 'development' }],
    ['NODE_ENV=test', { NODE_ENV: 'test' }],
  ])("keeps Probot's set-up flow without a secret when %s", (_case, env: Record<string, string>) => {
    const parsed = parseServerEnv(env);

    expect(parsed.dryRun).toBe(false);
  });

  it('still names a bad FRESHBASE_* variable in production', () => {
    const error = errorOf(() =>
      parseServerEnv({ NODE_ENV: 'production', WEBHOOK_SECRET: 's3cret-value', FRESHBASE_SCAN_CONCURRENCY: 'many' }),
    );

    expect((error as Error).message).toBe('environment variable FRESHBASE_SCAN_CONCURRENCY: "many" is not a whole number from 1 to 64');
  });

  it('the CLI parser needs no secret, even in production', () => {
    const parsed = parseAppEnv({ NODE_ENV: 'production' });

    expect(parsed.scanConcurrency).toBe(2);
  });
});
