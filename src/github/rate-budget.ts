/**
 * Each installation's GitHub rate limit, as its answers report it (`x-ratelimit-remaining`,
 * `x-ratelimit-reset`): once an installation has no more than the reserve left, its jobs wait
 * until the reset (the job handler defers them), so freshbase neither spends an installation's
 * last requests nor gets refused halfway through a run. A run that starts above the reserve
 * finishes. With Redis the replicas share a low reading (kept in the shared store until the reset),
 * so one replica's answers pause the installation on every replica.
 *
 * Owns: `createInstallationBudget`. May import: conditional-requests' store port. Must not: make
 * a request, or let the store fail a run (a store that cannot answer knows nothing).
 */
import type { ResponseStore } from './conditional-requests.js';

/** What one answer said of its installation's limit. */
export interface RateReading {
  remaining: number;
  /** When the window resets (epoch ms). */
  resetAt: number;
}

/** Options of `createInstallationBudget`. */
export interface BudgetOptions {
  /** Requests left untouched (`FRESHBASE_GITHUB_RESERVE`). */
  reserve: number;
  now: () => Date;
  /** Shared with the other replicas, when there are some. */
  store?: ResponseStore;
}

/** The installations' budgets in this process (and, with a store, of every replica). */
export interface InstallationBudget {
  /**
   * Records what one answer for `installation` (an id; `app` is ignored) said of its limit.
   * Resolves once a low reading is shared (callers need not wait: it never rejects).
   */
  observe(installation: string, reading: RateReading | undefined): Promise<void>;
  /** When the installation's jobs may run again, or null when they may run now. */
  pausedUntil(installationId: number): Promise<Date | null>;
}

function parse(bytes: Uint8Array): RateReading | undefined {
  try {
    const value = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<RateReading>;
    return typeof value.remaining === 'number' && typeof value.resetAt === 'number'
      ? { remaining: value.remaining, resetAt: value.resetAt }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the budgets. */
export function createInstallationBudget(options: BudgetOptions): InstallationBudget {
  const { reserve, now, store } = options;
  const readings = new Map<string, RateReading>();
  const key = (installation: string): string => `github-budget:${installation}`;
  const isLow = (reading: RateReading | undefined): reading is RateReading =>
    reading !== undefined && reading.remaining <= reserve && reading.resetAt > now().getTime();
  return {
    async observe(installation, reading) {
      if (installation === 'app' || reading === undefined) return;
      const known = readings.get(installation);
      // A later window replaces the reading; within one window, answers may arrive out of order: the lowest counts.
      if (known !== undefined && known.resetAt === reading.resetAt && known.remaining <= reading.remaining) return;
      if (known !== undefined && known.resetAt > reading.resetAt) return;
      readings.set(installation, reading);
      if (store !== undefined && isLow(reading))
        await store.set(key(installation), Buffer.from(JSON.stringify(reading)), reading.resetAt - now().getTime()).catch(() => undefined);
    },
    async pausedUntil(installationId) {
      const local = readings.get(String(installationId));
      if (isLow(local)) return new Date(local.resetAt);
      const shared = store === undefined ? undefined : await store.get(key(String(installationId))).catch(() => undefined);
      const reading = shared === undefined ? undefined : parse(shared.value);
      return isLow(reading) ? new Date(reading.resetAt) : null;
    },
  };
}
