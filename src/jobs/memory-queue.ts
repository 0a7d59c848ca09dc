/**
 * The in-process job queue, the default of a single-process deployment.
 *
 * Owns: per-key serialization, coalescing, delayed jobs (`notBefore`, on a timer) and the global
 * concurrency limit of `JobQueue`, and each key's record of runs that failed in a row.
 * May import: jobs ports, util/. Must not: know what a job does (it calls the one handler it
 * is given), persist anything, or let one job's failure reach another.
 */
import { describeError } from '../util/errors.js';
import type { EnqueueOptions, FailureRecord, JobData, JobHandler, JobLog, JobQueue, MergeJobs, QueueCounts } from './ports.js';

/** Options of `createMemoryQueue`. */
export interface MemoryQueueOptions<T extends JobData> {
  /** Runs each job. */
  handle: JobHandler<T>;
  /** Folds a job into the one of its key that already waits. */
  merge: MergeJobs<T>;
  /** Most jobs running at once. @default 4 */
  concurrency?: number;
  log: JobLog;
  /** The clock failures are dated and `notBefore` is read against. @default the system clock */
  now?: () => Date;
}

interface Pending<T> {
  job: T;
  sources: string[];
}

/**
 * Creates an in-memory `JobQueue`. Keys wait in first-in, first-out order; a key enqueued
 * while it waits or runs keeps one place: one follow-up run after the current one, carrying
 * every job enqueued meanwhile, merged. A failed run is not retried (the next trigger, at the
 * latest the weekly pass, runs the repository again), but counted for the next run to report.
 */
export function createMemoryQueue<T extends JobData>(options: MemoryQueueOptions<T>): JobQueue<T> {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a positive integer, not ${String(concurrency)}`);
  const { log, handle, merge } = options;
  const now = options.now ?? ((): Date => new Date());
  /** Keys ready to start, in order. */
  const ready: string[] = [];
  /** The job of each key that waits (in `ready`, or behind its running job). */
  const pending = new Map<string, Pending<T>>();
  const running = new Set<string>();
  const failures = new Map<string, FailureRecord>();
  /** Jobs waiting for their `notBefore`, outside the queue. */
  /** Jobs waiting for their `notBefore`, outside the queue: one per key (merged; the latest `notBefore` holds them all). */
  const delayed = new Map<string, Pending<T> & { timer: ReturnType<typeof setTimeout> }>();
  let idleWaiters: (() => void)[] = [];
  let closed = false;
  let runs = 0;

  const isIdle = (): boolean => running.size === 0 && ready.length === 0;

  const settleIdle = (): void => {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const recordFailure = (key: string, error: unknown): void => {
    const at = now().toISOString();
    const previous = failures.get(key);
    failures.set(key, { count: (previous?.count ?? 0) + 1, lastError: describeError(error), firstAt: previous?.firstAt ?? at, lastAt: at });
  };

  const execute = async ({ job, sources }: Pending<T>): Promise<void> => {
    runs += 1;
    const id = `memory-${runs}`;
    try {
      await handle(job, { id, attempt: 1, sources, failures: failures.get(job.key) ?? null });
      failures.delete(job.key);
    } catch (error: unknown) {
      recordFailure(job.key, error);
      log.error({ key: job.key, jobId: id, deliveries: sources, err: error, error: describeError(error) }, 'job failed');
    } finally {
      running.delete(job.key);
      if (pending.has(job.key) && !closed) ready.push(job.key);
      pump();
      settleIdle();
    }
  };

  function pump(): void {
    while (running.size < concurrency && ready.length > 0) {
      const key = ready.shift() ?? '';
      const next = pending.get(key);
      if (next === undefined) continue;
      pending.delete(key);
      running.add(key);
      void execute(next);
    }
  }

  const onIdle = (): Promise<void> => {
    if (isIdle()) return Promise.resolve();
    return new Promise((resolve) => idleWaiters.push(resolve));
  };

  function add(job: T, sources: readonly string[]): void {
    const waiting = pending.get(job.key);
    pending.set(
      job.key,
      waiting === undefined
        ? { job, sources: [...sources] }
        : { job: merge(waiting.job, job), sources: [...new Set([...waiting.sources, ...sources])] },
    );
    if (waiting === undefined && !running.has(job.key)) ready.push(job.key);
    pump();
  }

  return {
    enqueue(job: T, enqueueOptions: EnqueueOptions = {}): Promise<void> {
      if (closed) {
        log.warn({ key: job.key }, 'job dropped: the queue is closed');
        return Promise.resolve();
      }
      const { notBefore } = enqueueOptions;
      const sources = enqueueOptions.id === undefined ? [] : [enqueueOptions.id];
      const wait = notBefore === undefined ? 0 : notBefore.getTime() - now().getTime();
      if (wait <= 0) {
        add(job, sources);
        return Promise.resolve();
      }
      const held = delayed.get(job.key);
      if (held !== undefined) clearTimeout(held.timer);
      const merged =
        held === undefined ? { job, sources } : { job: merge(held.job, job), sources: [...new Set([...held.sources, ...sources])] };
      const timer = setTimeout(() => {
        delayed.delete(job.key);
        if (!closed) add(merged.job, merged.sources);
      }, wait);
      delayed.set(job.key, { ...merged, timer });
      return Promise.resolve();
    },

    onIdle,

    close(): Promise<void> {
      closed = true;
      for (const { timer } of delayed.values()) clearTimeout(timer);
      if (delayed.size > 0) log.info({ dropped: delayed.size }, 'queue closed; delayed jobs dropped');
      delayed.clear();
      if (pending.size > 0) log.info({ dropped: [...pending.keys()] }, 'queue closed; waiting jobs dropped');
      ready.length = 0;
      pending.clear();
      settleIdle();
      return onIdle();
    },

    counts(): Promise<QueueCounts> {
      return Promise.resolve({ waiting: pending.size, active: running.size, delayed: delayed.size, failed: failures.size });
    },

    isReachable: () => Promise.resolve(true),
  };
}
