/**
 * Ports of the job layer: the queue that runs one repository's work at a time, the scheduler
 * that enqueues scheduled runs, and the clock and log they are given.
 *
 * Owns: `Job`, `JobQueue`, `Scheduler`, `Schedule`, `Clock`, `JobLog`.
 * May import: nothing. Must not: hold an implementation (memory-queue, cron-scheduler and a later
 * BullMQ pair match these shapes structurally).
 */

/** One unit of work for one repository. */
export interface Job {
  /** What must never run twice at once, usually the repository: `owner/repo`. */
  key: string;
  run: () => Promise<void>;
}

/**
 * Runs jobs: never two runs of one key at once; a job for a key already waiting or running is
 * coalesced (it runs once more after the current run, however often it was enqueued, with the
 * latest `run`); a global concurrency limit; a failing job is logged and never stops the others.
 */
export interface JobQueue {
  /** Accepts a job. Resolves once the job is queued, not when it has run. */
  enqueue(job: Job): Promise<void>;
  /** Resolves when no job is running or waiting (for tests and graceful shutdown). */
  onIdle(): Promise<void>;
  /** Stops taking jobs, drops waiting ones and resolves when the running ones have finished. */
  close(): Promise<void>;
}

/** When a repository's scheduled runs happen: `schedule` of the repository config. */
export interface Schedule {
  /** Five-field cron expression: minute hour day-of-month month day-of-week. */
  cron: string;
  /** IANA time zone the expression is read in: `UTC`, `Europe/Berlin`. */
  timezone: string;
  /** When the last scheduled run happened; a run missed since then runs once right away. */
  lastRunAt?: Date | null;
}

/** What `Scheduler.schedule` set up. */
export interface ScheduledRuns {
  /** The next scheduled run, offset included. */
  nextRunAt: Date;
  /** This key's stable delay after each cron time, so installations do not all fire at once. */
  offsetMs: number;
  /** Whether a missed run was enqueued right away. */
  caughtUp: boolean;
}

/** Enqueues each key's `run` on its cron schedule, into a `JobQueue` under the same key. */
export interface Scheduler {
  /** Sets or replaces the schedule of `key`. Rejects with `InvalidScheduleError` for a bad cron or time zone. */
  schedule(key: string, schedule: Schedule, run: () => Promise<void>): Promise<ScheduledRuns>;
  /** Removes the schedule of `key`; a run already queued still happens. */
  unschedule(key: string): Promise<void>;
  /** Removes every schedule and timer. */
  stop(): Promise<void>;
}

/** Time, injected so tests drive it without sleeping. */
export interface Clock {
  now(): Date;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The log calls jobs make; pino's and Probot's loggers match it. */
export interface JobLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
