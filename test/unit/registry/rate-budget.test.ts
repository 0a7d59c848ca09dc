import { describe, expect, it } from 'vitest';
import { RegistryRateLimitError } from '../../../src/registry/errors.js';
import { createRateBudget, parseRateLimitHeader } from '../../../src/registry/rate-budget.js';

const request = { authority: 'registry-1.docker.io', account: 'anonymous', host: 'docker.io', repository: 'library/python' };

function headers(limit: string, remaining: string): Headers {
  return new Headers({ 'ratelimit-limit': limit, 'ratelimit-remaining': remaining });
}

describe('registry/rate-budget', () => {
  it.each([
    ['100;w=21600', { value: 100, windowSeconds: 21600 }],
    ['76', { value: 76 }],
    [' 0 ; w=3600', { value: 0, windowSeconds: 3600 }],
    ['none', undefined],
    [null, undefined],
  ])('parses the Docker Hub header %s', (text, expected) => {
    expect(parseRateLimitHeader(text)).toEqual(expected);
  });

  it('lets counted requests go until the margin, then refuses them until the window has passed', () => {
    let now = Date.parse('2025-04-01T12:00:00Z');
    const budget = createRateBudget({ now: () => now, margin: 1 });
    budget.observe(request.authority, request.account, headers('100;w=3600', '3;w=3600'));

    const first = budget.reserve(request);
    first({ headers: headers('100;w=3600', '2;w=3600') });
    budget.observe(request.authority, request.account, headers('100;w=3600', '2;w=3600'));
    const second = budget.reserve(request);
    const refused = (() => {
      try {
        budget.reserve(request);
        return undefined;
      } catch (error: unknown) {
        return error;
      }
    })();
    second({ headers: undefined });
    now += 3_600_000;
    const later = budget.reserve(request);

    expect(refused).toBeInstanceOf(RegistryRateLimitError);
    expect((refused as Error).message).toBe('rate limit of docker.io reached; retry after 13:00 UTC');
    expect(refused).toMatchObject({ retryAt: Date.parse('2025-04-01T13:00:00Z'), retryAfterMs: 3_600_000, temporary: true });
    expect(typeof later).toBe('function');
  });

  it('keeps budgets apart per credential', () => {
    const budget = createRateBudget({ now: () => 0, margin: 0 });
    budget.block(request.authority, 'anonymous', 60_000);

    expect(() => budget.reserve(request)).toThrow(RegistryRateLimitError);
    expect(() => budget.reserve({ ...request, account: 'c-0123456789abcdef' })).not.toThrow();
  });

  it('sends every request while no answer has said how much is left', () => {
    const budget = createRateBudget({ now: () => 0, margin: 2 });

    const released = Array.from({ length: 20 }, () => budget.reserve(request));

    expect(released).toHaveLength(20);
    expect(budget.snapshot()).toEqual([{ authority: request.authority, account: 'anonymous' }]);
  });
});
