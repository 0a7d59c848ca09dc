/**
 * The shared job queue of several replicas: BullMQ on Redis, behind the same `JobQueue` port as
 * the in-process queue.
 *
 * How one key gets one queued or running run across every replica, with every reason kept:
 * - A trigger is first written to the key's inbox (job-inbox.ts), under its id (a webhook's
 *   delivery id), atomically with "was this id seen?": a redelivery, to this replica or another,
 *   adds nothing.
 * - Then a BullMQ job `{ key }` is added with the deduplication id `key` and `keepLastIfActive`:
 *   while a job of the key waits (or sits out its settle delay), the add joins it; while one
 *   runs, BullMQ keeps one follow-up job and starts it when the running one ends. So at most one
 *   job per key runs and at most one waits, on all replicas together (BullMQ Pro's groups are not
 *   needed for this).
 * - `reschedule` with a settle delay: a trigger for a key that waits pushes its start back by the
 *   settle time (never past `maxWaitMs` after the oldest waiting trigger), so a burst of webhooks
 *   for one repository is one run.
 * - The run merges every inbox entry (`MergeJobs`), and deletes those entries only after it
 *   succeeded. A failed attempt is retried with exponential backoff and finds them again (with
 *   whatever came since); a worker killed mid-run loses its lock, BullMQ moves the stalled job
 *   back to waiting after `lockMs`, and another replica runs it, once.
 * - Runs of a key that failed for good are counted in `<prefix>:failures` (cleared by a run that
 *   succeeds) and handed to the next run, which reports them.
 * - A job enqueued with `notBefore` goes to the key's deferred inbox (`<prefix>:deferred:…`, merged
 *   like the other), and one delayed BullMQ `release` job per key (deduplicated by `release:key`,
 *   its delay replaced by the latest `notBefore`) moves it into the key's inbox at that time and
 *   queues its run, where it is merged with whatever else waits. `onIdle` does not wait for it.
 *
 * Owns: `createBullQueue`. May import: bullmq, ioredis (through redis-connection), jobs/*, util/.
 * Must not: know what a job does, or make a webhook wait on Redis longer than a few seconds.
 */
import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from 'bullmq';
import { describeError } from '../util/errors.js';
import { QueueUnavailableError } from './errors.js';
import { createJobInbox, LOCAL_ID_PREFIX } from './job-inbox.js';
import type { EnqueueOptions, FailureRecord, JobData, JobHandler, JobLog, JobQueue, MergeJobs, QueueCounts } from './ports.js';
import type { RedisConnections } from './redis-connection.js';

/** Options of `createBullQueue`. */
export interface BullQueueOptions<T extends JobData> {
  connections: RedisConnections;
  handle: JobHandler<T>;
  merge: MergeJobs<T>;
  log: JobLog;
  /** Prefix of every key freshbase keeps in Redis (BullMQ's included). @default 'freshbase' */
  prefix?: string;
  /** BullMQ queue name. @default 'scans' */
  name?: string;
  /** Jobs this replica runs at once. @default 2 */
  concurrency?: number;
  /** How long a trigger waits for others of its key before the run starts. @default 3000 */
  settleMs?: number;
  /** Longest a trigger waits while more keep coming. @default 60_000 */
  maxWaitMs?: number;
  /** How long a silent replica keeps its running job before another takes it over. @default 30_000 */
  lockMs?: number;
  /** Attempts of a run (the first and its retries). @default 4 */
  attempts?: number;
  /** First retry delay; each next one doubles. @default 30_000 */
  backoffMs?: number;
  /** Whether a failure may pass on a retry. @default every failure */
  retryable?: (error: unknown) => boolean;
  /** Run jobs in this process (a replica), or only enqueue. @default true */
  work?: boolean;
  /** @default Date.now */
  now?: () => number;
}

/** A BullMQ-backed queue; `name` and `prefix` say where it lives. */
export interface BullQueue<T extends JobData> extends JobQueue<T> {
  readonly name: string;
  readonly prefix: string;
}

const RUN = 'run';
const RELEASE = 'release';
const POLL_MS = 50;
/** How long an enqueue waits for a connection that is being made. */
const READY_WAIT_MS = 2_000;

/** Creates the shared queue, and (unless `work: false`) this replica's worker for it. */
export function createBullQueue<T extends JobData>(options: BullQueueOptions<T>): BullQueue<T> {
  const { connections, handle, log } = options;
  const prefix = options.prefix ?? 'freshbase';
  const name = options.name ?? 'scans';
  const now = options.now ?? Date.now;
  const settleMs = options.settleMs ?? 3_000;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const attempts = options.attempts ?? 4;
  const retryable = options.retryable ?? ((): boolean => true);
  const failuresKey = `${prefix}:failures`;
  const inbox = createJobInbox<T>({ producer: connections.client, consumer: connections.worker, prefix, merge: options.merge });
  const deferred = createJobInbox<T>({
    producer: connections.client,
    consumer: connections.worker,
    prefix: `${prefix}:deferred`,
    merge: options.merge,
  });
  const queue = new Queue<{ key: string }>(name, { connection: connections.client, prefix });
  queue.on('error', (error: unknown) => {
    log.warn({ queue: name, err: describeError(error) }, 'job queue error');
  });
  const jobOptions = (key: string, delay: number): JobsOptions => ({
    delay,
    deduplication: { id: key, keepLastIfActive: true, reschedule: true },
    attempts,
    backoff: { type: 'exponential', delay: options.backoffMs ?? 30_000 },
    removeOnComplete: true,
    removeOnFail: { count: 1_000 },
  });

  const releaseOptions = (key: string, delay: number): JobsOptions => ({
    delay,
    // One release per key: a later deferral moves its time; one that comes while it runs gets a release of its own after it.
    deduplication: { id: `${RELEASE}:${key}`, reschedule: true, keepLastIfActive: true },
    attempts: 10,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: true,
    removeOnFail: { count: 1_000 },
  });

  /** Moves the deferred jobs of a key into its inbox (once: the id names this release) and queues its run. */
  const release = async (job: Job<{ key: string }>): Promise<void> => {
    const { key } = job.data;
    const batch = await deferred.take(key);
    if (batch === null) return;
    await inbox.add(batch.job, `${LOCAL_ID_PREFIX}release:${String(job.id)}`, now());
    await deferred.done(key, batch.entries, now());
    await queue.add(RUN, { key }, jobOptions(key, 0));
    log.info({ key, jobId: job.id }, 'deferred job released');
  };

  const readFailures = async (key: string): Promise<FailureRecord | null> => {
    const text = await connections.worker.hget(failuresKey, key);
    return text === null ? null : (JSON.parse(text) as FailureRecord);
  };

  const recordFailure = async (key: string, error: unknown): Promise<FailureRecord> => {
    const at = new Date(now()).toISOString();
    const previous = await readFailures(key);
    const record = { count: (previous?.count ?? 0) + 1, lastError: describeError(error), firstAt: previous?.firstAt ?? at, lastAt: at };
    await connections.worker.hset(failuresKey, key, JSON.stringify(record));
    return record;
  };

  /** Runs one BullMQ job: the merged inbox of its key. */
  const processJob = async (job: Job<{ key: string }>): Promise<void> => {
    if (job.name === RELEASE) return release(job);
    const { key } = job.data;
    const where = { key, jobId: job.id, attempt: job.attemptsMade + 1 };
    const batch = await inbox.take(key);
    if (batch === null) {
      log.info(where, 'nothing to run: earlier runs served every trigger of this key');
      return;
    }
    try {
      await handle(batch.job, {
        id: String(job.id),
        attempt: job.attemptsMade + 1,
        sources: batch.sources,
        failures: await readFailures(key),
      });
    } catch (error: unknown) {
      const again = retryable(error) && job.attemptsMade + 1 < attempts;
      if (again) log.warn({ ...where, err: describeError(error) }, 'job failed; it will be retried with backoff');
      else {
        const record = await recordFailure(key, error);
        log.error({ ...where, err: describeError(error), failedRuns: record.count }, 'job failed for good; the next run reports it');
      }
      throw again ? error : new UnrecoverableError(describeError(error));
    }
    const left = await inbox.done(key, batch.entries, now());
    await connections.worker.hdel(failuresKey, key);
    // Entries this run did not read (past its cap) need a run of their own; one already queued absorbs this add.
    if (left > 0) await queue.add(RUN, { key }, jobOptions(key, 0));
  };

  const worker =
    options.work === false
      ? undefined
      : new Worker<{ key: string }>(name, processJob, {
          connection: connections.worker,
          prefix,
          concurrency: options.concurrency ?? 2,
          lockDuration: options.lockMs ?? 30_000,
          stalledInterval: options.lockMs ?? 30_000,
          maxStalledCount: 2,
        });
  worker?.on('error', (error: unknown) => {
    log.warn({ queue: name, err: describeError(error) }, 'job worker error');
  });
  let closed = false;

  const counts = async (): Promise<QueueCounts> => {
    const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
  };

  /**
   * Whether nothing waits or runs, but the releases of deferred jobs (they wait for their time,
   * outside). Delayed jobs are listed before counting: a job that moves or comes meanwhile shows in the counts.
   */
  const isIdle = async (): Promise<boolean> => {
    const delayed = await queue.getJobs(['delayed']);
    if (delayed.some((job) => job.name !== RELEASE)) return false;
    const c = await counts();
    return c.waiting + c.active === 0 && c.delayed <= delayed.length;
  };

  /** Keeps `job` in the key's deferred inbox until `notBefore`, when its release moves it into the queue. */
  const defer = async (job: T, id: string, delay: number): Promise<void> => {
    const added = await deferred.add(job, id, now());
    if (!added.added) {
      log.info({ key: job.key, delivery: id }, 'deferred trigger already accepted; nothing to do');
      return;
    }
    await queue.add(RELEASE, { key: job.key }, releaseOptions(job.key, delay));
  };

  return {
    name,
    prefix,
    async enqueue(job: T, enqueueOptions: EnqueueOptions = {}): Promise<void> {
      if (closed) {
        log.warn({ key: job.key }, 'job dropped: the queue is closed');
        return;
      }
      // A client that is not connected (within a moment, at start-up) fails: the webhook gets 503, not a long wait.
      if (!(await connections.ready(READY_WAIT_MS))) throw new QueueUnavailableError({ key: job.key });
      const id = enqueueOptions.id ?? `${LOCAL_ID_PREFIX}${randomUUID()}`;
      const wait = enqueueOptions.notBefore === undefined ? 0 : enqueueOptions.notBefore.getTime() - now();
      try {
        if (wait > 0) {
          await defer(job, id, wait);
          return;
        }
        const added = await inbox.add(job, id, now());
        if (!added.added && added.waiting === 0) {
          log.info({ key: job.key, delivery: enqueueOptions.id }, 'trigger already served (a redelivery); nothing to do');
          return;
        }
        const delay = Math.max(0, Math.min(settleMs, added.since + maxWaitMs - now()));
        await queue.add(RUN, { key: job.key }, jobOptions(job.key, delay));
      } catch (error: unknown) {
        throw new QueueUnavailableError({ key: job.key, cause: error });
      }
    },

    async onIdle() {
      for (;;) {
        // While Redis is away the answer is "not known yet": keep asking.
        if (await isIdle().catch(() => false)) return;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    },

    async close() {
      closed = true;
      await worker?.close();
      await queue.close();
    },

    counts,
    isReachable: () => connections.ping(),
  };
}
