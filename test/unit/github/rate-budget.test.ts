import { describe, expect, it } from 'vitest';
import { createInstallationBudget } from '../../../src/github/rate-budget.js';

const NOW = Date.parse('2025-04-01T12:00:00Z');
const RESET = Date.parse('2025-04-01T12:30:00Z');

describe('github/rate-budget', () => {
  it('pauses an installation at its reserve until the reset, and no other one', async () => {
    const budget = createInstallationBudget({ reserve: 100, now: () => new Date(NOW) });

    await budget.observe('7', { remaining: 100, resetAt: RESET });
    await budget.observe('8', { remaining: 101, resetAt: RESET });

    expect(await budget.pausedUntil(7)).toEqual(new Date(RESET));
    expect(await budget.pausedUntil(8)).toBeNull();
    expect(await budget.pausedUntil(9)).toBeNull();
  });

  it('keeps the lowest reading of a window (answers come out of order), and a new window replaces it', async () => {
    const budget = createInstallationBudget({ reserve: 100, now: () => new Date(NOW) });

    await budget.observe('7', { remaining: 40, resetAt: RESET });
    await budget.observe('7', { remaining: 900, resetAt: RESET });
    const sameWindow = await budget.pausedUntil(7);
    await budget.observe('7', { remaining: 5000, resetAt: RESET + 3_600_000 });
    await budget.observe('7', { remaining: 30, resetAt: RESET });

    expect(sameWindow).toEqual(new Date(RESET));
    expect(await budget.pausedUntil(7)).toBeNull();
  });

  it('lets jobs run once the reset has passed, and ignores the app and a reserve of 0 until nothing is left', async () => {
    let now = NOW;
    const budget = createInstallationBudget({ reserve: 0, now: () => new Date(now) });

    await budget.observe('app', { remaining: 0, resetAt: RESET });
    await budget.observe('7', { remaining: 1, resetAt: RESET });
    const oneLeft = await budget.pausedUntil(7);
    await budget.observe('7', { remaining: 0, resetAt: RESET });
    const noneLeft = await budget.pausedUntil(7);
    now = RESET;

    expect(oneLeft).toBeNull();
    expect(noneLeft).toEqual(new Date(RESET));
    expect(await budget.pausedUntil(7)).toBeNull();
  });
});
