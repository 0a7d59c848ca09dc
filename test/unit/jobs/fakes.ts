/** Test doubles for jobs: a clock tests move by hand, a recording log, and jobs they finish by hand. */
import type { Clock, JobLog } from '../../../src/jobs/ports.js';

/** A `Clock` whose time moves only when the test says so. */
export interface FakeClock extends Clock {
  /** Moves time forward to `target`, firing due timers in order, letting promises settle after each. */
  advanceTo(target: Date): Promise<void>;
  advanceBy(ms: number): Promise<void>;
  /** Timers set and not yet fired or cleared. */
  pendingTimers(): number;
}

/** Lets every queued promise callback run (one macrotask turn, no time passes). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function createFakeClock(start: Date): FakeClock {
  let now = start.getTime();
  let sequence = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();

  const nextDue = (limit: number): [number, { at: number; callback: () => void }] | undefined => {
    let best: [number, { at: number; callback: () => void }] | undefined;
    for (const entry of timers) {
      if (entry[1].at <= limit && (best === undefined || entry[1].at < best[1].at || (entry[1].at === best[1].at && entry[0] < best[0]))) best = entry;
    }
    return best;
  };

  const clock: FakeClock = {
    now: () => new Date(now),
    setTimeout(callback, ms) {
      const id = ++sequence;
      timers.set(id, { at: now + Math.max(0, ms), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    async advanceTo(target) {
      const limit = target.getTime();
      for (let due = nextDue(limit); due !== undefined; due = nextDue(limit)) {
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].callback();
        await settle();
      }
      now = Math.max(now, limit);
      await settle();
    },
    advanceBy(ms) {
      return clock.advanceTo(new Date(now + ms));
    },
    pendingTimers: () => timers.size,
  };
  return clock;
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

/** A job body the test finishes by hand, counting how many runs are active at once. */
export function createGatedJob(): {
  run: () => Promise<void>;
  /** Finishes the oldest unfinished run. */
  finish: () => void;
  starts: () => number;
  active: () => number;
  maxActive: () => number;
} {
  const gates: (() => void)[] = [];
  let starts = 0;
  let active = 0;
  let maxActive = 0;
  return {
    run: async () => {
      starts++;
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise<void>((resolve) => gates.push(resolve));
      active--;
    },
    finish: () => gates.shift()?.(),
    starts: () => starts,
    active: () => active,
    maxActive: () => maxActive,
  };
}
