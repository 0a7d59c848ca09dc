/** The real clock: `Date` and the process timers. Tests inject a fake `Clock` instead. */
import type { Clock } from './ports.js';

/** Wall-clock time and Node's timers. */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
