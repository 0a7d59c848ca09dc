/**
 * The shared scheduler of several replicas: one BullMQ job scheduler per repository (per cron
 * expression, when its offset splits the expression), kept in Redis, so a weekly pass runs once
 * whichever replica is up, and a pass that fell due while every replica was down runs once when
 * the first one starts (BullMQ keeps the due job; the next one is computed from then on).
 *
 * Each iteration is a job of its own queue (`schedules`), with the id BullMQ derives from the
 * scheduler and the time (`repeat:<key>:<ms>`): one job per pass, whichever replica computed it.
 * A replica's worker hands it to the scan queue with that id as the trigger id, so a handoff
 * retried after a crash adds nothing twice, and the pass merges with whatever else waits for the
 * repository (one queued or running run per repository). A changed `schedule.cron` upserts the
 * scheduler under the same id, which replaces its pending iteration.
 *
 * Owns: `createBullScheduler`. May import: bullmq, jobs/* (offset arithmetic, cron strategy),
 * config/cron (validation). Must not: run scans itself.
 */
import { Queue, Worker, type Job } from 'bullmq';
import { checkCron, checkTimeZone } from '../config/cron.js';
import { describeError } from '../util/errors.js';
import { nodeCronRepeatStrategy } from './cron-strategy.js';
import { InvalidScheduleError } from './errors.js';
import type { JobData, JobLog, JobQueue, Schedule, ScheduledRuns, Scheduler } from './ports.js';
import type { RedisConnections } from './redis-connection.js';
import { foldOffset, MAX_WINDOW_MS, scheduleOffsetMinutes } from './schedule.js';

/** Options of `createBullScheduler`. */
export interface BullSchedulerOptions<T extends JobData> {
  connections: RedisConnections;
  /** Where a due pass goes: the shared scan queue. */
  queue: Pick<JobQueue<T>, 'enqueue'>;
  log: JobLog;
  /** @default 'freshbase' */
  prefix?: string;
  /** @default 'schedules' */
  name?: string;
  /** Per-repository offsets spread over this window after each cron time (at most a day). @default 1 hour */
  windowMs?: number;
  /** Hand due passes to the scan queue from this process. @default true */
  work?: boolean;
  /**
   * The time schedules are computed from when they are set. Production leaves it unset (BullMQ
   * uses the clock); tests set a start in the future, so a simulated week has its own dates.
   */
  startAt?: () => Date;
}

/** Most expressions one schedule folds into (an offset splits a list of hours at most a few ways). */
const MAX_EXPRESSIONS = 8;

function schedulerId(key: string, index: number): string {
  return index === 0 ? key : `${key}#${index}`;
}

/** Creates the scheduler and (unless `work: false`) this replica's handoff worker. */
export function createBullScheduler<T extends JobData>(options: BullSchedulerOptions<T>): Scheduler<T> {
  const { connections, log } = options;
  const prefix = options.prefix ?? 'freshbase';
  const name = options.name ?? 'schedules';
  const windowMs = Math.min(options.windowMs ?? 3_600_000, MAX_WINDOW_MS);
  const settings = { repeatStrategy: nodeCronRepeatStrategy };
  const queue = new Queue<JobData>(name, { connection: connections.client, prefix, settings });
  queue.on('error', (error: unknown) => {
    log.warn({ queue: name, err: describeError(error) }, 'schedule queue error');
  });
  const handOff = async (job: Job<JobData>): Promise<void> => {
    log.info({ key: job.data.key, jobId: job.id }, 'scheduled run');
    // The template's data is the job `schedule` was given: a `T`.
    await options.queue.enqueue(job.data as T, { id: `schedule:${String(job.id)}` });
  };
  const worker =
    options.work === false
      ? undefined
      : new Worker<JobData>(name, handOff, { connection: connections.worker, prefix, settings, concurrency: 8 });
  worker?.on('error', (error: unknown) => {
    log.warn({ queue: name, err: describeError(error) }, 'schedule worker error');
  });

  /** The scheduler ids a key has now. */
  const idsOf = async (key: string): Promise<string[]> => {
    const ids: string[] = [];
    for (let index = 0; index < MAX_EXPRESSIONS; index++) {
      const id = schedulerId(key, index);
      if ((await queue.getJobScheduler(id)) !== undefined) ids.push(id);
    }
    return ids;
  };

  const upsert = async (id: string, pattern: string, timezone: string, job: T): Promise<void> => {
    const existing = await queue.getJobScheduler(id);
    const same =
      existing?.pattern === pattern && existing.tz === timezone && JSON.stringify(existing.template?.data) === JSON.stringify(job);
    if (same) return;
    const startDate = options.startAt?.();
    await queue.upsertJobScheduler(
      id,
      { pattern, tz: timezone, ...(startDate === undefined ? {} : { startDate }) },
      {
        name: 'pass',
        data: job,
        opts: { attempts: 10, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: true, removeOnFail: { count: 1_000 } },
      },
    );
  };

  return {
    async schedule(schedule: Schedule, job: T): Promise<ScheduledRuns> {
      const { cron, timezone } = schedule;
      const reason = checkCron(cron) ?? checkTimeZone(timezone);
      if (reason !== null) throw new InvalidScheduleError({ key: job.key, cron, timezone, reason });
      const offsetMinutes = scheduleOffsetMinutes(job.key, windowMs);
      const expressions = foldOffset(cron, offsetMinutes, Math.floor(windowMs / 60_000)).slice(0, MAX_EXPRESSIONS);
      for (const [index, expression] of expressions.entries()) await upsert(schedulerId(job.key, index), expression, timezone, job);
      for (let index = expressions.length; index < MAX_EXPRESSIONS; index++) {
        await queue.removeJobScheduler(schedulerId(job.key, index));
      }
      return { expressions, offsetMinutes };
    },

    async nextRun(key: string): Promise<Date | null> {
      const times: number[] = [];
      for (const id of await idsOf(key)) {
        const next = (await queue.getJobScheduler(id))?.next;
        if (next !== undefined) times.push(next);
      }
      return times.length === 0 ? null : new Date(Math.min(...times));
    },

    async unschedule(key: string): Promise<void> {
      for (let index = 0; index < MAX_EXPRESSIONS; index++) await queue.removeJobScheduler(schedulerId(key, index));
    },

    async stop(): Promise<void> {
      await worker?.close();
      await queue.close();
    },
  };
}
