import { describe, expect, it } from 'vitest';
import { createRefusalLimiter, REFUSAL_WINDOW_MS } from '../../../src/github/refusals.js';

describe('github/refusals', () => {
  it('answers a person once per issue within the hour, and again once the hour is over', () => {
    let now = new Date('2025-04-01T00:00:00Z');
    const limiter = createRefusalLimiter({ now: () => now });
    const key = { repo: 'acme/api', number: 7, login: 'mallory' };

    const first = limiter.shouldReply(key);
    const again = limiter.shouldReply({ ...key, login: 'MALLORY' });
    now = new Date(now.getTime() + REFUSAL_WINDOW_MS - 1);
    const justBefore = limiter.shouldReply(key);
    now = new Date(now.getTime() + 2);
    const after = limiter.shouldReply(key);

    expect([first, again, justBefore, after]).toEqual([true, false, false, true]);
  });

  it('counts each issue and each person on its own', () => {
    const limiter = createRefusalLimiter({ now: () => new Date('2025-04-01T00:00:00Z') });

    const answers = [
      limiter.shouldReply({ repo: 'acme/api', number: 7, login: 'mallory' }),
      limiter.shouldReply({ repo: 'acme/api', number: 8, login: 'mallory' }),
      limiter.shouldReply({ repo: 'acme/web', number: 7, login: 'mallory' }),
      limiter.shouldReply({ repo: 'acme/api', number: 7, login: 'eve' }),
    ];

    expect(answers).toEqual([true, true, true, true]);
  });

  it('keeps at most the given number of keys (the oldest are forgotten)', () => {
    const limiter = createRefusalLimiter({ now: () => new Date('2025-04-01T00:00:00Z'), maxEntries: 2 });

    limiter.shouldReply({ repo: 'a/a', number: 1, login: 'x' });
    limiter.shouldReply({ repo: 'a/a', number: 2, login: 'x' });
    limiter.shouldReply({ repo: 'a/a', number: 3, login: 'x' });

    expect(limiter.shouldReply({ repo: 'a/a', number: 1, login: 'x' })).toBe(true);
    expect(limiter.shouldReply({ repo: 'a/a', number: 3, login: 'x' })).toBe(false);
  });
});
