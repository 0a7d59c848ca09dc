/**
 * Ports of the job layer: the queue that runs one repository's work at a time, the scheduler
 * that enqueues scheduled runs, and the log they are given.
 *
 * Owns: `JobData`, `JobQueue`, `EnqueueOptions`, `JobHandler`, `MergeJobs`, `Scheduler`, `Schedule`, `JobLog`.
 * May import: nothing. Must not: hold an implementation (memory-queue and cron-scheduler now,
 * a BullMQ pair later, match these shapes structurally).
 *
 * A job is plain data that survives `JSON.stringify`: the queue may keep it in Redis. What a
 * job does is the one handler the queue was created with, never a closure inside the job.
 */

/** What every job carries: the key that must never run twice at once (usually `owner/repo`). */
export interface JobData {
  key: string;
}

/** Runs one job. A queue has exactly one. */
export type JobHandler<T extends JobData> = (job: T) => Promise<void>;

/**
 * Folds a job enqueued while another of its key waits or runs into that one: the result is
 * the one follow-up run, carrying the reasons of both. Pure; `waiting` came first.
 */
export type MergeJobs<T extends JobData> = (waiting: T, added: T) => T;

/**
 * Runs jobs: never two runs of one key at once; a job for a key already waiting or running is
 * coalesced (the key runs once more after the current run, with every job enqueued meanwhile
 * merged into one); a global concurrency limit; a failing job is logged and never stops the others.
 */
export interface JobQueue<T extends JobData> {
  /** Accepts a job (to run at `notBefore` or later, when given). Resolves once the job is queued, not when it has run. */
  enqueue(job: T, options?: EnqueueOptions): Promise<void>;
  /** Resolves when no job is running or waiting (for tests and graceful shutdown). */
  onIdle(): Promise<void>;
  /** Stops taking jobs, drops waiting ones and resolves when the running ones have finished. */
  close(): Promise<void>;
}

/** How a job is queued. */
export interface EnqueueOptions {
  /**
   * Not before this time (a registry's rate limit resets then): the job waits until it, outside the
   * queue (`onIdle` does not wait for it), then is enqueued as any other (merged with a job of its key).
   * @default now
   */
  notBefore?: Date;
}

/** When a repository's scheduled runs happen: `schedule` of the repository config. */
export interface Schedule {
  /** Five-field cron expression: minute hour day-of-month month day-of-week (both day fields must match). */
  cron: string;
  /** IANA time zone the expression is read in: `UTC`, `Europe/Berlin`. */
  timezone: string;
}

/** What `Scheduler.schedule` set up. */
export interface ScheduledRuns {
  /** The cron expressions the runs follow: the repository's, with its offset folded into the minutes and hours. */
  expressions: string[];
  /** This key's stable delay after each cron time, in whole minutes, so installations do not all fire at once. */
  offsetMinutes: number;
}

/** Enqueues a job on each key's cron schedule, into a `JobQueue`. */
export interface Scheduler<T extends JobData> {
  /** Sets or replaces the schedule of `job.key`. Throws `InvalidScheduleError` for a bad cron or time zone. */
  schedule(schedule: Schedule, job: T): ScheduledRuns;
  /** The next scheduled run of `key` (offset included), or null when it has none. */
  nextRun(key: string): Date | null;
  /** Removes the schedule of `key`; a run already queued still happens. */
  unschedule(key: string): void;
  /** Removes every schedule. */
  stop(): void;
}

/** The log calls jobs make; pino's and Probot's loggers match it. */
export interface JobLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
