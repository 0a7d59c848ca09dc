/**
 * Day arithmetic for release lines. A date of endoflife.date is the last day of a phase
 * (as the site computes it: a line is end-of-life after that day, UTC).
 */
import type { PhaseEnd } from './release-data.js';

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of an instant, in UTC. */
export function isoDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** The first instant after a phase that ends on `date` (the next midnight, UTC). */
export function endOfPhase(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) + DAY_MS;
}

/** Whether a phase that ends at `end` is over at `now`: a date once the day has passed, `true` always, `false` never. */
export function isPhaseOver(end: PhaseEnd, now: Date): boolean {
  return typeof end === 'boolean' ? end : endOfPhase(end) <= now.getTime();
}

/** Whether a date (a start, such as a release) has come at `now`: the day has begun, UTC. */
export function hasDayCome(date: string, now: Date): boolean {
  return Date.parse(`${date}T00:00:00Z`) <= now.getTime();
}

/** Milliseconds left before a phase ends; `Infinity` when it has no end date yet (`false`), 0 when over. */
export function timeLeft(end: PhaseEnd, now: Date): number {
  if (typeof end === 'boolean') return end ? 0 : Number.POSITIVE_INFINITY;
  return Math.max(0, endOfPhase(end) - now.getTime());
}
