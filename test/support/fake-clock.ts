/** A clock tests move by hand, for the scheduler and the scenario harness. */
import type { Clock } from '../../src/jobs/ports.js';

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
      if (entry[1].at <= limit && (best === undefined || entry[1].at < best[1].at || (entry[1].at === best[1].at && entry[0] < best[0])))
        best = entry;
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
