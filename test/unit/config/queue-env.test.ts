import { describe, expect, it } from 'vitest';
import { parseAppEnv } from '../../../src/config/env.js';

describe('config/env shared queue settings', () => {
  it('defaults to one process: no Redis, runs settling for 3 s, a 30 s lock, 3 retries from 30 s', () => {
    const env = parseAppEnv({});

    expect(env.redisUrl).toBeUndefined();
    expect(env.queue).toEqual({ settleMs: 3_000, lockMs: 30_000, retries: 3, backoffMs: 30_000 });
    expect(env.githubReserve).toBe(100);
  });

  it('reads FRESHBASE_GITHUB_RESERVE, 0 included', () => {
    expect(parseAppEnv({ FRESHBASE_GITHUB_RESERVE: '0' }).githubReserve).toBe(0);
    expect(parseAppEnv({ FRESHBASE_GITHUB_RESERVE: '500' }).githubReserve).toBe(500);
  });

  it('reads REDIS_URL and the queue settings', () => {
    const env = parseAppEnv({
      REDIS_URL: 'rediss://:s3cret@redis.internal:6380/2',
      FRESHBASE_QUEUE_SETTLE: '10s',
      FRESHBASE_JOB_LOCK: '1m',
      FRESHBASE_JOB_RETRIES: '0',
      FRESHBASE_JOB_BACKOFF: '5s',
    });

    expect(env.redisUrl).toBe('rediss://:s3cret@redis.internal:6380/2');
    expect(env.queue).toEqual({ settleMs: 10_000, lockMs: 60_000, retries: 0, backoffMs: 5_000 });
  });

  it.each([
    [{ REDIS_URL: 'http://:s3cret@redis.internal' }, 'environment variable REDIS_URL: is not a redis:// or rediss:// URL with a host'],
    [{ REDIS_URL: 'redis:// s3cret' }, 'environment variable REDIS_URL: is not a redis:// or rediss:// URL with a host'],
    [{ FRESHBASE_JOB_LOCK: '0' }, 'environment variable FRESHBASE_JOB_LOCK: "0" is shorter than 1s'],
    [{ FRESHBASE_JOB_RETRIES: '-1' }, 'environment variable FRESHBASE_JOB_RETRIES: "-1" is not a whole number from 0 to 20'],
    [{ FRESHBASE_GITHUB_RESERVE: 'most' }, 'environment variable FRESHBASE_GITHUB_RESERVE: "most" is not a whole number from 0 to 100000'],
    [{ FRESHBASE_QUEUE_SETTLE: 'soon' }, 'environment variable FRESHBASE_QUEUE_SETTLE: "soon" is not a duration like 30s, 10m or 1h'],
  ])('fails start-up on %j, naming the variable and never repeating a password', (env, message) => {
    expect(() => parseAppEnv(env)).toThrow(message);
    expect(() => parseAppEnv(env)).not.toThrow(/s3cret/);
  });
});
