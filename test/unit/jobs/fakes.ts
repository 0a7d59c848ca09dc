/** Test doubles for jobs: a clock tests move by hand, a recording log, and jobs they finish by hand. */
import type { JobLog } from '../../../src/jobs/ports.js';

export { createFakeClock, settle, type FakeClock } from '../../support/fake-clock.js';

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
