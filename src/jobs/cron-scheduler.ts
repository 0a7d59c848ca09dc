/**
 * The in-process scheduler: one node-cron task per repository (two or more only when its
 * offset splits the expression), each enqueueing the repository's job data into the queue at
 * its cron times plus a stable per-repository offset, in the schedule's time zone.
 *
 * Owns: the node-cron tasks of scheduled runs. May import: node-cron, config/ (validation),
 * jobs ports, schedule, util/. Must not: run jobs itself (the queue keeps one run per
 * repository at a time and merges a run that comes while one waits).
 */
import nodeCron, { type Logger, type ScheduledTask } from 'node-cron';
import { checkCron, checkTimeZone } from '../config/cron.js';
import { describeError } from '../util/errors.js';
import { InvalidScheduleError } from './errors.js';
import type { JobData, JobLog, JobQueue, Schedule, ScheduledRuns, Scheduler } from './ports.js';
import { foldOffset, MAX_WINDOW_MS, scheduleOffsetMinutes } from './schedule.js';

/** Options of `createCronScheduler`. */
export interface CronSchedulerOptions<T extends JobData> {
  queue: Pick<JobQueue<T>, 'enqueue'>;
  log: JobLog;
  /** Per-repository offsets spread over this window after each cron time (at most a day). @default 1 hour */
  windowMs?: number;
}

/** node-cron's log lines, into the job log. */
function cronLogger(log: JobLog): Logger {
  return {
    info: (message) => {
      log.info({}, message);
    },
    warn: (message) => {
      log.warn({}, message);
    },
    error: (message, error) => {
      log.error({ err: error === undefined ? undefined : describeError(error) }, String(message));
    },
    debug: () => undefined,
  };
}

/** Creates a scheduler whose runs are node-cron tasks. */
export function createCronScheduler<T extends JobData>(options: CronSchedulerOptions<T>): Scheduler<T> {
  const { queue, log } = options;
  const windowMs = Math.min(options.windowMs ?? 3_600_000, MAX_WINDOW_MS);
  const tasks = new Map<string, ScheduledTask[]>();
  const logger = cronLogger(log);

  const remove = (key: string): void => {
    for (const task of tasks.get(key) ?? []) void task.destroy();
    tasks.delete(key);
  };

  return {
    schedule(schedule: Schedule, job: T): Promise<ScheduledRuns> {
      const { cron, timezone } = schedule;
      const reason = checkCron(cron) ?? checkTimeZone(timezone);
      if (reason !== null) return Promise.reject(new InvalidScheduleError({ key: job.key, cron, timezone, reason }));
      const offsetMinutes = scheduleOffsetMinutes(job.key, windowMs);
      const expressions = foldOffset(cron, offsetMinutes, Math.floor(windowMs / 60_000));
      remove(job.key);
      const fire = (): void => {
        log.info({ key: job.key }, 'scheduled run');
        queue.enqueue(job).catch((error: unknown) => {
          log.error({ key: job.key, err: describeError(error) }, 'could not enqueue a scheduled run');
        });
      };
      const created = expressions.map((expression) => nodeCron.createTask(expression, fire, { timezone, name: job.key, logger }));
      for (const task of created) void task.start();
      tasks.set(job.key, created);
      return Promise.resolve({ expressions, offsetMinutes });
    },

    nextRun(key: string): Promise<Date | null> {
      const runs = (tasks.get(key) ?? []).flatMap((task) => task.getNextRun() ?? []);
      return Promise.resolve(runs.length === 0 ? null : new Date(Math.min(...runs.map((run) => run.getTime()))));
    },

    unschedule(key: string): Promise<void> {
      remove(key);
      return Promise.resolve();
    },

    stop(): Promise<void> {
      for (const key of [...tasks.keys()]) remove(key);
      return Promise.resolve();
    },
  };
}
