/**
 * When scheduled runs happen: the next and previous time of a cron expression in an IANA time
 * zone, a stable per-repository offset that spreads installations over a window, and whether a
 * run was missed while the process was down.
 *
 * Owns: cron validation (freshbase's parser, cross-checked by node-cron's `validate`) and date
 * arithmetic of schedules. May import: node-cron (validation only), node:crypto, util/.
 * Must not: read the clock, set timers or do I/O (`now` and `after` are arguments).
 */
import { createHash } from 'node:crypto';
import nodeCron from 'node-cron';
import { expandCronMacro, matchesCronDay, parseCronExpression, type CronFields } from '../util/cron-expression.js';
import { InvalidScheduleError } from './errors.js';
import {
  addDays,
  findOffsetChange,
  offsetAt,
  toLocalDate,
  validateTimeZone,
  wallToInstant,
  weekdayOf,
  type LocalDate,
} from '../util/zoned-time.js';

export { validateTimeZone } from '../util/zoned-time.js';

/** Days searched for a matching date: longer than the 28-year cycle of weekdays and leap days. */
const SEARCH_DAYS = 366 * 30;
const MINUTE_MS = 60_000;

/** Null when the expression is a valid five-field cron expression that matches some date, else why not. */
export function validateCron(expression: string): string | null {
  const parsed = parseCronExpression(expression);
  if (!parsed.ok) return parsed.reason;
  const probe = toLocalDate(Date.UTC(2000, 0, 1), 'UTC');
  if (searchDays(parsed.fields, 'UTC', probe, 1, (instants) => instants[0] ?? null) === null) return 'it never matches a date';
  const checked = nodeCron.validateDetailed(expandCronMacro(expression));
  if (!checked.valid) return `node-cron rejects it: ${checked.errors[0]?.message ?? 'invalid'}`;
  return null;
}

function fieldsOf(cron: string, timezone: string): CronFields {
  const parsed = parseCronExpression(cron);
  const reason = parsed.ok ? validateTimeZone(timezone) : parsed.reason;
  if (!parsed.ok || reason !== null) throw new InvalidScheduleError({ cron, timezone, reason: reason ?? 'invalid' });
  return parsed.fields;
}

/** The instants of a matching day's times, ascending and unique. */
function instantsOn(fields: CronFields, date: LocalDate, timezone: string): number[] {
  const midnight = Date.UTC(date.year, date.month - 1, date.day);
  const walls = fields.hours.flatMap((hour) => fields.minutes.map((minute) => midnight + (hour * 60 + minute) * MINUTE_MS));
  const change = findOffsetChange(date, timezone);
  if (change === null) {
    const offset = offsetAt(midnight, timezone);
    return walls.map((wall) => wall - offset);
  }
  return [...new Set(walls.map((wall) => wallToInstant(wall, change)))].sort((a, b) => a - b);
}

/** Walks days from `start` in `direction` until `pick` chooses an instant of a matching day. */
function searchDays(
  fields: CronFields,
  timezone: string,
  start: LocalDate,
  direction: 1 | -1,
  pick: (instants: number[]) => number | null,
): number | null {
  let date = start;
  for (let i = 0; i < SEARCH_DAYS; i++) {
    if (matchesCronDay(fields, { month: date.month, day: date.day, weekday: weekdayOf(date) })) {
      const found = pick(instantsOn(fields, date, timezone));
      if (found !== null) return found;
    }
    date = addDays(date, direction);
  }
  return null;
}

/**
 * The first time the expression names that is strictly after `after`, read in `timezone`.
 * Throws `InvalidScheduleError` for an invalid expression or time zone.
 */
export function nextRunAfter(cron: string, timezone: string, after: Date): Date {
  const fields = fieldsOf(cron, timezone);
  const limit = after.getTime();
  // Start a day early: a time skipped by a transition at midnight lands on the next day.
  const start = addDays(toLocalDate(limit, timezone), -1);
  const found = searchDays(fields, timezone, start, 1, (instants) => instants.find((instant) => instant > limit) ?? null);
  if (found === null) throw new InvalidScheduleError({ cron, timezone, reason: 'it never matches a date' });
  return new Date(found);
}

/** The last time the expression names that is strictly before `before`; null when none in 30 years. */
export function previousRunBefore(cron: string, timezone: string, before: Date): Date | null {
  const fields = fieldsOf(cron, timezone);
  const limit = before.getTime();
  const start = addDays(toLocalDate(limit, timezone), 1);
  const found = searchDays(fields, timezone, start, -1, (instants) => instants.findLast((instant) => instant < limit) ?? null);
  return found === null ? null : new Date(found);
}

/**
 * A stable delay in [0, windowMs) for a key: the first 48 bits of its SHA-256, scaled. The same
 * repository always gets the same offset; a thousand repositories spread evenly.
 */
export function scheduleOffsetMs(key: string, windowMs: number): number {
  if (!Number.isFinite(windowMs) || windowMs <= 0) return 0;
  const fraction = createHash('sha256').update(key).digest().readUIntBE(0, 6) / 2 ** 48;
  return Math.floor(fraction * windowMs);
}

/** Inputs of `isMissedRun`. */
export interface MissedRunInput {
  cron: string;
  timezone: string;
  /** The last scheduled run; null when there was none (nothing is missed, the install scan covers it). */
  lastRunAt: Date | null;
  now: Date;
  /** The key's `scheduleOffsetMs`. */
  offsetMs: number;
}

/** Whether a scheduled time (plus the offset) passed after `lastRunAt` and by `now`: the run was missed. */
export function isMissedRun(input: MissedRunInput): boolean {
  if (input.lastRunAt === null) return false;
  const latest = previousRunBefore(input.cron, input.timezone, new Date(input.now.getTime() - input.offsetMs + 1));
  return latest !== null && latest.getTime() + input.offsetMs > input.lastRunAt.getTime();
}
