/**
 * The in-process scheduler: enqueues each repository's scheduled run into the `JobQueue` at
 * its cron times plus a stable per-repository offset, and catches up a run missed while the
 * process was down.
 *
 * Owns: the single timer loop of scheduled runs. May import: jobs ports, schedule, util/.
 * Must not: run jobs itself (the queue keeps one run per repository at a time), read
 * `Date.now` or set timers other than through the injected `Clock`.
 *
 * Why one timer loop and not a node-cron task per repository: node-cron cannot take an
 * injected clock, cannot add a per-repository offset that crosses minute, hour or day
 * boundaries, and AND-s the two day fields where cron (Vixie) OR-s them. Expressions are still
 * validated by node-cron's `validate` (through `validateCron`).
 */
import { InvalidScheduleError } from './errors.js';
import type { Clock, JobLog, JobQueue, Schedule, ScheduledRuns, Scheduler } from './ports.js';
import { isMissedRun, nextRunAfter, scheduleOffsetMs, validateCron, validateTimeZone } from './schedule.js';

/** Options of `createCronScheduler`. */
export interface CronSchedulerOptions {
  clock: Clock;
  queue: JobQueue;
  log: JobLog;
  /** Per-repository offsets spread over this window after each cron time. @default 1 hour */
  windowMs?: number;
}

/** Longest single timer: the loop wakes at least this often, so a suspended host or a clock jump is noticed. @default 10 minutes */
export const MAX_TIMER_MS = 10 * 60_000;

interface Entry {
  schedule: Required<Pick<Schedule, 'cron' | 'timezone'>>;
  offsetMs: number;
  run: () => Promise<void>;
  /** Epoch milliseconds of the next run, offset included. */
  nextAt: number;
}

/** Creates a scheduler over one timer driven by `nextRunAfter`. */
export function createCronScheduler(options: CronSchedulerOptions): Scheduler {
  const { clock, queue, log } = options;
  const windowMs = options.windowMs ?? 3_600_000;
  const entries = new Map<string, Entry>();
  let timer: { handle: unknown } | null = null;
  let stopped = false;

  /** The first cron time plus offset strictly after `afterMs`. */
  const nextFire = (entry: Omit<Entry, 'nextAt'>, afterMs: number): number => {
    const { cron, timezone } = entry.schedule;
    return nextRunAfter(cron, timezone, new Date(afterMs - entry.offsetMs)).getTime() + entry.offsetMs;
  };

  const enqueue = (key: string, run: () => Promise<void>, why: 'scheduled' | 'missed'): void => {
    log.info({ key, why }, why === 'missed' ? 'running a missed scheduled run' : 'scheduled run');
    queue.enqueue({ key, run }).catch((error: unknown) => {
      log.error({ key, err: error }, 'could not enqueue a scheduled run');
    });
  };

  const disarm = (): void => {
    if (timer !== null) clock.clearTimeout(timer.handle);
    timer = null;
  };

  function arm(): void {
    disarm();
    if (stopped || entries.size === 0) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const entry of entries.values()) earliest = Math.min(earliest, entry.nextAt);
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, earliest - clock.now().getTime()));
    timer = { handle: clock.setTimeout(tick, delay) };
  }

  function tick(): void {
    timer = null;
    const now = clock.now().getTime();
    for (const [key, entry] of entries) {
      if (entry.nextAt > now) continue;
      // Computed from now: runs missed while the loop was late collapse into this one.
      entry.nextAt = nextFire(entry, now);
      enqueue(key, entry.run, 'scheduled');
    }
    arm();
  }

  return {
    schedule(key: string, schedule: Schedule, run: () => Promise<void>): Promise<ScheduledRuns> {
      const { cron, timezone } = schedule;
      const reason = validateCron(cron) ?? validateTimeZone(timezone);
      if (reason !== null) return Promise.reject(new InvalidScheduleError({ key, cron, timezone, reason }));
      if (stopped) return Promise.reject(new Error('the scheduler is stopped'));
      const offsetMs = scheduleOffsetMs(key, windowMs);
      const now = clock.now();
      const base = { schedule: { cron, timezone }, offsetMs, run };
      const entry: Entry = { ...base, nextAt: nextFire(base, now.getTime()) };
      entries.set(key, entry);
      const caughtUp = isMissedRun({ cron, timezone, lastRunAt: schedule.lastRunAt ?? null, now, offsetMs });
      if (caughtUp) enqueue(key, run, 'missed');
      arm();
      return Promise.resolve({ nextRunAt: new Date(entry.nextAt), offsetMs, caughtUp });
    },

    unschedule(key: string): Promise<void> {
      if (entries.delete(key)) arm();
      return Promise.resolve();
    },

    stop(): Promise<void> {
      stopped = true;
      entries.clear();
      disarm();
      return Promise.resolve();
    },
  };
}
