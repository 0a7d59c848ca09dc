/**
 * Wall-clock time in an IANA time zone through `Intl.DateTimeFormat`: the local date of an
 * instant, and the instant of a local time with daylight-saving rules applied the way
 * Temporal's `compatible` disambiguation does (a repeated time is its first occurrence; a
 * skipped time moves forward by the length of the gap).
 */

/** A calendar day in some time zone. */
export interface LocalDate {
  year: number;
  /** 1-12. */
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** Null when the time zone is known, else why not. */
export function validateTimeZone(timezone: string): string | null {
  if (timezone === '' || timezone.length > 64) return `"${timezone}" is not an IANA time zone`;
  try {
    formatterOf(timezone);
    return null;
  } catch (error: unknown) {
    if (error instanceof RangeError) return `"${timezone}" is not an IANA time zone like UTC or Europe/Berlin`;
    throw error;
  }
}

/** The wall-clock time of an instant, as milliseconds of a UTC date with the same fields (whole seconds). */
function wallTime(ms: number, timezone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterOf(timezone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const { year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** How far the zone's clock is ahead of UTC at an instant, in milliseconds. */
export function offsetAt(ms: number, timezone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallTime(whole, timezone) - whole;
}

/** The local calendar day of an instant. */
export function toLocalDate(ms: number, timezone: string): LocalDate {
  const wall = new Date(wallTime(ms, timezone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() };
}

/** `date` moved by `days` calendar days. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** A change of the zone's offset: `before` until the instant `at`, `after` from then on. */
export interface OffsetChange {
  before: number;
  after: number;
  at: number;
}

/**
 * The offset change within a day of `date` (from the day before to the day after), found by
 * bisection to the second; null when the offset stays the same. Zones change at most once there.
 */
export function findOffsetChange(date: LocalDate, timezone: string): OffsetChange | null {
  const start = Date.UTC(date.year, date.month - 1, date.day);
  let low = start - DAY_MS;
  let high = start + 2 * DAY_MS;
  const before = offsetAt(low, timezone);
  const after = offsetAt(high, timezone);
  if (before === after) return null;
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (offsetAt(middle, timezone) === before) low = middle;
    else high = middle;
  }
  return { before, after, at: high };
}

/**
 * The instant of a wall-clock time (`wall` = milliseconds of a UTC date with the local fields)
 * near an offset change. A time that happens twice gives the first; a time the clock skips
 * gives the instant the earlier offset names, which reads as the time moved forward by the gap.
 */
export function wallToInstant(wall: number, change: OffsetChange): number {
  const offsetOf = (instant: number): number => (instant < change.at ? change.before : change.after);
  const early = wall - change.before;
  const late = wall - change.after;
  const valid = [early, late].filter((instant) => instant + offsetOf(instant) === wall);
  return valid.length > 0 ? Math.min(...valid) : early;
}
