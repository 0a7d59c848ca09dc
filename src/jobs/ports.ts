/**
 * Ports of the job layer: the queue that runs one repository's work at a time, the scheduler
 * that enqueues scheduled runs, and the log they are given.
 *
 * Owns: `JobData`, `JobQueue`, `EnqueueOptions`, `JobHandler`, `JobRun`, `MergeJobs`, `Scheduler`, `Schedule`, `JobLog`.
 * May import: nothing. Must not: hold an implementation (memory-queue and cron-scheduler in one
 * process, bullmq-queue and bullmq-scheduler across replicas, match these shapes structurally).
 *
 * A job is plain data that survives `JSON.stringify`: the queue may keep it in Redis. What a
 * job does is the one handler the queue was created with, never a closure inside the job.
 */

/** What every job carries: the key that must never run twice at once (usually `owner/repo`). */
export interface JobData {
  key: string;
}

/** The runs of one key that failed in a row, as the queue remembers them (reset by a run that succeeds). */
export interface FailureRecord {
  /** Runs that failed for good (after their retries), in a row. */
  count: number;
  /** The error of the last one, described (never a secret). */
  lastError: string;
  /** When the first and the last of them failed (ISO 8601). */
  firstAt: string;
  lastAt: string;
}

/** One run of a job, as the queue sees it: handed to the handler beside the job data. */
export interface JobRun {
  /** The queue's id of this run (BullMQ's job id, or `memory-N`), for logs. */
  id: string;
  /** 1 for the first attempt; more when the queue retries after a failure. */
  attempt: number;
  /** The ids of the triggers merged into this run (webhook delivery ids, `schedule:…`), when they had one. */
  sources: string[];
  /** The runs of this key that failed before this one, or null when the last one succeeded. */
  failures: FailureRecord | null;
}

/** Runs one job. A queue has exactly one. */
export type JobHandler<T extends JobData> = (job: T, run: JobRun) => Promise<void>;

/**
 * Folds a job enqueued while another of its key waits or runs into that one: the result is
 * the one follow-up run, carrying the reasons of both. Pure; `waiting` came first.
 */
export type MergeJobs<T extends JobData> = (waiting: T, added: T) => T;

/** Options of `JobQueue.enqueue`. */
export interface EnqueueOptions {
  /**
   * The trigger's own id (a webhook's `X-GitHub-Delivery`, a scheduled iteration's id): a queue
   * that remembers ids accepts each one once per key, so a redelivered webhook does not count twice.
   */
  id?: string;
  /**
   * Not before this time (a rate limit resets then): the job waits until it (outside the queue in
   * process, where `onIdle` does not wait for it; as a delayed job in Redis), then runs as any
   * other (merged with a job of its key).
   * @default now
   */
  notBefore?: Date;
}

/** Jobs by state, for metrics (of every replica, when the queue is shared). */
export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

/**
 * Runs jobs: never two runs of one key at once; a job for a key already waiting or running is
 * coalesced (the key runs once more after the current run, with every job enqueued meanwhile
 * merged into one); a global concurrency limit; a failing job is logged and never stops the others.
 */
export interface JobQueue<T extends JobData> {
  /**
   * Accepts a job (to run at `notBefore` or later, when given). Resolves once the job is stored,
   * not when it has run; rejects with `QueueUnavailableError` when it cannot be stored (a shared
   * queue's Redis is unreachable).
   */
  enqueue(job: T, options?: EnqueueOptions): Promise<void>;
  /** Resolves when no job is running or waiting (for tests and graceful shutdown). */
  onIdle(): Promise<void>;
  /**
   * Stops taking jobs in this process and resolves when its running ones have finished. Waiting
   * jobs are dropped by an in-process queue and kept by a shared one (another replica runs them).
   */
  close(): Promise<void>;
  /** How many jobs are in each state. */
  counts(): Promise<QueueCounts>;
  /** Whether the queue's store answers (always true in process). */
  isReachable(): Promise<boolean>;
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
  /** Sets or replaces the schedule of `job.key`. Rejects with `InvalidScheduleError` for a bad cron or time zone. */
  schedule(schedule: Schedule, job: T): Promise<ScheduledRuns>;
  /** The next scheduled run of `key` (offset included), or null when it has none. */
  nextRun(key: string): Promise<Date | null>;
  /** Removes the schedule of `key`; a run already queued still happens. */
  unschedule(key: string): Promise<void>;
  /**
   * Stops this process's part: in-process schedules end; shared ones (kept in Redis) stay for
   * the other replicas and the next start.
   */
  stop(): Promise<void>;
}

/** The log calls jobs make; pino's and Probot's loggers match it. */
export interface JobLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
