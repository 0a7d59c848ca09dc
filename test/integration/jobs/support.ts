/**
 * Support for the BullMQ tests: replicas (a queue and its worker on their own connections) over
 * one real Redis, and a handler whose runs the test finishes by hand and can wait for.
 */
import {
  createBullQueue,
  connectRedis,
  type BullQueueOptions,
  type BullQueue,
  type JobRun,
  type RedisConnections,
} from '../../../src/jobs/index.js';
import { createRecordingLog, mergeTestJobs, type TestJob } from '../../unit/jobs/fakes.js';

/** A run the handler saw. */
export interface SeenRun {
  job: TestJob;
  run: JobRun;
  replica: string;
}

/** A handler shared by replicas: each run waits until the test finishes it (or fails it). */
export interface GatedRuns {
  handlerFor(replica: string): (job: TestJob, run: JobRun) => Promise<void>;
  runs: SeenRun[];
  /** Resolves once `count` runs have started. */
  started(count: number): Promise<void>;
  /** Finishes the oldest unfinished run, successfully or with `error`. */
  finish(error?: Error): void;
  /** Most runs of one key active at once, over all replicas. */
  maxActivePerKey(): number;
}

/** Creates a {@link GatedRuns}; `autoFinish` lets every run end by itself. */
export function createGatedRuns(options: { autoFinish?: boolean } = {}): GatedRuns {
  const runs: SeenRun[] = [];
  const gates: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const active = new Map<string, number>();
  let max = 0;
  const wake = (): void => {
    for (const waiter of waiters.filter((w) => runs.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  return {
    handlerFor: (replica) => async (job, run) => {
      runs.push({ job, run, replica });
      const now = (active.get(job.key) ?? 0) + 1;
      active.set(job.key, now);
      max = Math.max(max, now);
      wake();
      try {
        if (options.autoFinish !== true) {
          await new Promise<void>((resolve, reject) => gates.push({ resolve, reject }));
        }
      } finally {
        active.set(job.key, (active.get(job.key) ?? 1) - 1);
      }
    },
    runs,
    started: (count) =>
      runs.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => {
            waiters.push({ count, resolve });
          }),
    finish: (error) => {
      const gate = gates.shift();
      if (gate === undefined) throw new Error('no run to finish');
      if (error === undefined) gate.resolve();
      else gate.reject(error);
    },
    maxActivePerKey: () => max,
  };
}

/** One replica: its connections and its queue. */
export interface Replica {
  connections: RedisConnections;
  log: ReturnType<typeof createRecordingLog>;
  queue: BullQueue<TestJob>;
  close(): Promise<void>;
}

/** Starts a replica on `url` running `handle`; quick settings unless `options` say otherwise. */
export function startReplica(
  url: string,
  handle: (job: TestJob, run: JobRun) => Promise<void>,
  options: Partial<BullQueueOptions<TestJob>> & { prefix: string },
): Replica {
  const log = createRecordingLog();
  const connections = connectRedis({ url, log });
  const queue = createBullQueue<TestJob>({
    connections,
    handle,
    merge: mergeTestJobs,
    log,
    settleMs: 0,
    backoffMs: 20,
    lockMs: 2_000,
    ...options,
  });
  return {
    connections,
    log,
    queue,
    async close() {
      await queue.close();
      await connections.close();
    },
  };
}
