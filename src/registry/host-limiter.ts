/**
 * A concurrency limit per host: at most `limit` requests to one host run at once, the rest
 * queue in arrival order.
 *
 * Owns: `createHostLimiter`. May import: nothing. Must not: do I/O.
 */

/** Runs tasks with at most `limit` at once per host key. */
export interface HostLimiter {
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
}

interface Slots {
  active: number;
  waiting: (() => void)[];
}

/** Creates a limiter allowing `limit` concurrent tasks per host (a tiny semaphore per key). */
export function createHostLimiter(limit: number): HostLimiter {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  const hosts = new Map<string, Slots>();

  function acquire(host: string): Promise<void> {
    let slots = hosts.get(host);
    if (slots === undefined) {
      slots = { active: 0, waiting: [] };
      hosts.set(host, slots);
    }
    if (slots.active < limit) {
      slots.active += 1;
      return Promise.resolve();
    }
    const queue = slots.waiting;
    return new Promise((resolve) => queue.push(resolve));
  }

  function release(host: string): void {
    const slots = hosts.get(host);
    if (slots === undefined) return;
    const next = slots.waiting.shift();
    if (next !== undefined) {
      next();
      return;
    }
    slots.active -= 1;
    if (slots.active === 0) hosts.delete(host);
  }

  return {
    async run(host, task) {
      await acquire(host);
      try {
        return await task();
      } finally {
        release(host);
      }
    },
  };
}
