/**
 * The next time of a cron expression for BullMQ's job schedulers, read the way node-cron (and
 * so the in-process scheduler and `schedule.cron`'s validation) reads it.
 *
 * BullMQ computes next times with cron-parser, which fires when *either* day field matches if
 * both are restricted (classic cron); node-cron fires only when *both* match (`0 3 1-7 * 1` is
 * the first Monday of a month there, and "day 1 to 7 or any Monday" for cron-parser). The
 * candidates cron-parser gives are a superset of node-cron's times, so this strategy walks them
 * and keeps the first one node-cron's matcher accepts. Everything else (time zones, daylight
 * saving) stays BullMQ's.
 *
 * Owns: `nodeCronRepeatStrategy`. May import: bullmq (`getNextMillis`), node-cron (matching only).
 * Must not: start a node-cron task (the matcher task is never started).
 */
import { getNextMillis, type RepeatOptions } from 'bullmq';
import nodeCron, { type ScheduledTask } from 'node-cron';

/** Candidates tried before giving up: enough for years of a sparse expression. */
const MAX_CANDIDATES = 5_000;
const matchers = new Map<string, ScheduledTask>();

function matcher(pattern: string, timezone: string | undefined): ScheduledTask {
  const id = `${pattern}\u0000${timezone ?? 'UTC'}`;
  let task = matchers.get(id);
  if (task === undefined) {
    // Never started: only `match` is used. Destroyed? No: a stopped task holds no timer.
    task = nodeCron.createTask(pattern, () => undefined, timezone === undefined ? {} : { timezone });
    if (matchers.size > 1_000) matchers.clear();
    matchers.set(id, task);
  }
  return task;
}

/**
 * BullMQ `settings.repeatStrategy`: the first time after `millis` (or `startDate`) that both
 * cron-parser and node-cron accept, or undefined when there is none within reach.
 */
export function nodeCronRepeatStrategy(millis: number, options: RepeatOptions): number | undefined {
  const { pattern } = options;
  if (pattern === undefined) return getNextMillis(millis, options);
  const task = matcher(pattern, options.tz);
  let from = millis;
  for (let i = 0; i < MAX_CANDIDATES; i++) {
    const next = getNextMillis(from, options);
    if (next === undefined || !Number.isFinite(next)) return undefined;
    if (task.match(new Date(next))) return next;
    from = next;
  }
  return undefined;
}
