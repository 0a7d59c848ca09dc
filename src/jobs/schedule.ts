/**
 * When scheduled runs happen: a stable per-repository offset that spreads installations over
 * a window, folded into the repository's cron expression, and whether a pass was missed while
 * the process was down.
 *
 * Owns: the offset, folding it into expressions, `isPassMissed`. May import: node-cron
 * (parsing only), node:crypto. Must not: read the clock, set timers or do I/O.
 */
import { createHash } from 'node:crypto';
import nodeCron from 'node-cron';

const MINUTES_PER_DAY = 24 * 60;
/** The longest window an offset is spread over: a pass stays on the day its cron expression names. */
export const MAX_WINDOW_MS = MINUTES_PER_DAY * 60_000;

/**
 * A stable offset in `[0, windowMs)` for `key`, from its SHA-256, so repositories spread over the
 * window and each keeps its slot across restarts and releases.
 */
export function scheduleOffsetMs(key: string, windowMs: number): number {
  if (windowMs <= 0) return 0;
  const fraction = createHash('sha256').update(key).digest().readUIntBE(0, 6) / 2 ** 48;
  return Math.floor(fraction * windowMs);
}

/** `key`'s offset in whole minutes, over a window of at most a day. */
export function scheduleOffsetMinutes(key: string, windowMs: number): number {
  return Math.floor(scheduleOffsetMs(key, Math.min(windowMs, MAX_WINDOW_MS)) / 60_000);
}

/**
 * The expressions that fire `offsetMinutes` after each time `cron` names: the offset is added to
 * the minute and hour fields (node-cron expands them), and times that share their minutes are
 * written as one expression. A time the offset would push past midnight runs `window - offset`
 * minutes before its cron time instead, so a pass never moves to another day.
 *
 * @example foldOffset('0 3 * * 1', 46, 60) // ['46 3 * * 1']
 */
export function foldOffset(cron: string, offsetMinutes: number, windowMinutes: number): string[] {
  const fields = nodeCron.parse(cron);
  const text = cron.trim().split(/\s+/);
  const days = text.length === 5 ? text.slice(2) : [fields.dayOfMonth, fields.month, fields.dayOfWeek].map((values) => values.join(','));
  const byHour = new Map<number, Set<number>>();
  for (const hour of fields.hour) {
    for (const minute of fields.minute) {
      let time = hour * 60 + minute + offsetMinutes;
      if (time >= MINUTES_PER_DAY) time -= windowMinutes;
      const at = Math.floor(time / 60);
      byHour.set(at, (byHour.get(at) ?? new Set()).add(time % 60));
    }
  }
  const hoursByMinutes = new Map<string, number[]>();
  for (const [hour, minutes] of [...byHour].sort(([a], [b]) => a - b)) {
    const list = [...minutes].sort((a, b) => a - b).join(',');
    hoursByMinutes.set(list, [...(hoursByMinutes.get(list) ?? []), hour]);
  }
  return [...hoursByMinutes].map(([minutes, hours]) => [minutes, hours.join(','), ...days].join(' '));
}

/** What `isPassMissed` knows, from the dashboard's marker. */
export interface PassRecord {
  /** When the next scheduled pass was due, as the last one recorded it. */
  nextPassAt: Date | null;
  /** When the last scheduled pass ran. */
  lastPassAt: Date | null;
}

/** How old a last pass may be, for a dashboard that recorded no next pass (written by earlier versions), before one counts as missed. */
export const LEGACY_PASS_INTERVAL_MS = 7 * 86_400_000;

/**
 * Whether a scheduled pass was due and did not run (freshbase was down): the recorded next pass
 * is not after `now`. A repository that never had a pass misses nothing (its onboarding scan
 * covers it); a dashboard without a recorded next pass counts weekly from its last one.
 */
export function isPassMissed(record: PassRecord, now: Date): boolean {
  if (record.nextPassAt !== null) return record.nextPassAt.getTime() <= now.getTime();
  if (record.lastPassAt === null) return false;
  return now.getTime() - record.lastPassAt.getTime() > LEGACY_PASS_INTERVAL_MS;
}
