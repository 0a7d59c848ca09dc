/**
 * The in-process job queue, the default of a single-process deployment.
 *
 * Owns: per-key serialization, coalescing, delayed jobs (`notBefore`, on a timer) and the global
 * concurrency limit of `JobQueue`.
 * May import: jobs ports, util/. Must not: know what a job does (it calls the one handler it
 * is given), persist anything, or let one job's failure reach another.
 */
import { describeError } from '../util/errors.js';
import type { EnqueueOptions, JobData, JobHandler, JobLog, JobQueue, MergeJobs } from './ports.js';

/** Options of `createMemoryQueue`. */
export interface MemoryQueueOptions<T extends JobData> {
  /** Runs each job. */
  handle: JobHandler<T>;
  /** Folds a job into the one of its key that already waits. */
  merge: MergeJobs<T>;
  /** Most jobs running at once. @default 4 */
  concurrency?: number;
  log: JobLog;
  /** The clock `notBefore` is read against. @default Date.now */
  now?: () => number;
}

/**
 * Creates an in-memory `JobQueue`. Keys wait in first-in, first-out order; a key enqueued
 * while it waits or runs keeps one place: one follow-up run after the current one, carrying
 * every job enqueued meanwhile, merged.
 */
export function createMemoryQueue<T extends JobData>(options: MemoryQueueOptions<T>): JobQueue<T> {
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be a positive integer, not ${String(concurrency)}`);
  const { log, handle, merge } = options;
  /** Keys ready to start, in order. */
  const ready: string[] = [];
  /** The job of each key that waits (in `ready`, or behind its running job). */
  const pending = new Map<string, T>();
  const running = new Set<string>();
  /** Jobs waiting for their `notBefore`, outside the queue. */
  const delayed = new Set<ReturnType<typeof setTimeout>>();
  const now = options.now ?? Date.now;
  let idleWaiters: (() => void)[] = [];
  let closed = false;

  const isIdle = (): boolean => running.size === 0 && ready.length === 0;

  const settleIdle = (): void => {
    if (!isIdle()) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const execute = async (job: T): Promise<void> => {
    try {
      await handle(job);
    } catch (error: unknown) {
      log.error({ key: job.key, err: error, error: describeError(error) }, 'job failed');
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
      const job = pending.get(key);
      if (job === undefined) continue;
      pending.delete(key);
      running.add(key);
      void execute(job);
    }
  }

  const onIdle = (): Promise<void> => {
    if (isIdle()) return Promise.resolve();
    return new Promise((resolve) => idleWaiters.push(resolve));
  };

  function add(job: T): void {
    const waiting = pending.get(job.key);
    pending.set(job.key, waiting === undefined ? job : merge(waiting, job));
    if (waiting === undefined && !running.has(job.key)) ready.push(job.key);
    pump();
  }

  return {
    enqueue(job: T, enqueueOptions: EnqueueOptions = {}): Promise<void> {
      if (closed) {
        log.warn({ key: job.key }, 'job dropped: the queue is closed');
        return Promise.resolve();
      }
      const wait = (enqueueOptions.notBefore?.getTime() ?? 0) - now();
      if (wait <= 0) {
        add(job);
        return Promise.resolve();
      }
      const timer = setTimeout(() => {
        delayed.delete(timer);
        if (!closed) add(job);
      }, wait);
      delayed.add(timer);
      return Promise.resolve();
    },

    onIdle,

    close(): Promise<void> {
      closed = true;
      for (const timer of delayed) clearTimeout(timer);
      if (delayed.size > 0) log.info({ dropped: delayed.size }, 'queue closed; delayed jobs dropped');
      delayed.clear();
      if (pending.size > 0) log.info({ dropped: [...pending.keys()] }, 'queue closed; waiting jobs dropped');
      ready.length = 0;
      pending.clear();
      settleIdle();
      return onIdle();
    },
  };
}
