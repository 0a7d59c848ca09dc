import { describe, expect, it } from 'vitest';
import { computeBackoffMs, parseRetryAfterMs } from '../../../src/registry/backoff.js';

const NOW = Date.parse('2025-01-01T00:00:00Z');

describe('registry/backoff', () => {
  it.each([
    [0, 0, 250],
    [0, 0.999999, 500],
    [1, 0, 500],
    [3, 1, 4000],
    [10, 0, 5000],
    [10, 1, 10000],
  ])('attempt %i with random %f waits %i ms (base 500, cap 10 s)', (attempt, random, expected) => {
    expect(computeBackoffMs({ attempt, baseMs: 500, maxMs: 10_000, random: () => random })).toBe(expected);
  });

  it('never exceeds the cap however many attempts', () => {
    const waits = Array.from({ length: 60 }, (_, attempt) => computeBackoffMs({ attempt, baseMs: 500, maxMs: 10_000, random: () => 0.99 }));

    expect(Math.max(...waits)).toBeLessThanOrEqual(10_000);
  });

  it.each([
    [{ 'retry-after': '7' }, 7000],
    [{ 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }, 30_000],
    [{ 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }, 0],
    [{ 'ratelimit-reset': '12' }, 12_000],
    [{ 'x-ratelimit-reset': String(NOW / 1000 + 90) }, 90_000],
    [{ 'x-ratelimit-reset': '45;w=60' }, 45_000],
    [{ ratelimit: 'limit=100, remaining=0, reset=20' }, 20_000],
    [{ ratelimit: '"default";r=0;t=15' }, 15_000],
    [{ 'retry-after': 'soon', 'ratelimit-reset': '3' }, 3000],
  ])('reads the wait from %j', (headers, expected) => {
    expect(parseRetryAfterMs(new Headers(headers), NOW)).toBe(expected);
  });

  it('returns undefined when no header says how long to wait', () => {
    expect(parseRetryAfterMs(new Headers({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' }), NOW)).toBeUndefined();
  });
});
