/** Test doubles for jobs: a recording log, and job data whose runs the test finishes by hand. */
import type { JobLog } from '../../../src/jobs/ports.js';

/** Lets every queued promise callback run (one macrotask turn, no time passes). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A log that keeps every entry. */
export function createRecordingLog(): JobLog & { entries: { level: string; fields: Record<string, unknown>; message: string }[] } {
  const entries: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  return {
    entries,
    info: (fields, message) => entries.push({ level: 'info', fields, message }),
    warn: (fields, message) => entries.push({ level: 'warn', fields, message }),
    error: (fields, message) => entries.push({ level: 'error', fields, message }),
  };
}

/** Job data for the queue tests: a key and the reasons it was enqueued for. */
export interface TestJob {
  key: string;
  reasons: string[];
}

/** Merges test jobs the way repository jobs merge: the union of their reasons, in order. */
export function mergeTestJobs(waiting: TestJob, added: TestJob): TestJob {
  return { key: added.key, reasons: [...new Set([...waiting.reasons, ...added.reasons])] };
}

/**
 * A queue handler whose runs the test finishes by hand: it records the job data of each run
 * and counts how many runs are active at once, per key and in all.
 */
export function createGatedHandler(): {
  handle: (job: TestJob) => Promise<void>;
  /** Finishes the oldest unfinished run. */
  finish: () => void;
  /** The job data of every run started, in order. */
  runs: TestJob[];
  active: () => number;
  maxActivePerKey: () => number;
} {
  const gates: (() => void)[] = [];
  const runs: TestJob[] = [];
  const activeKeys = new Map<string, number>();
  let active = 0;
  let maxPerKey = 0;
  return {
    handle: async (job) => {
      runs.push(job);
      active++;
      const count = (activeKeys.get(job.key) ?? 0) + 1;
      activeKeys.set(job.key, count);
      maxPerKey = Math.max(maxPerKey, count);
      await new Promise<void>((resolve) => gates.push(resolve));
      activeKeys.set(job.key, (activeKeys.get(job.key) ?? 1) - 1);
      active--;
    },
    finish: () => gates.shift()?.(),
    runs,
    active: () => active,
    maxActivePerKey: () => maxPerKey,
  };
}
