/**
 * The time budget of one repository's run (`FRESHBASE_SCAN_TIMEOUT`): the reads and the scan
 * race a timer; when it fires the run stops with `ScanStoppedError`, and the work still under
 * way is cut off at its next call to GitHub or a registry (each port is guarded by the signal),
 * so it can neither write nor go on spending requests.
 *
 * Owns: `ScanStoppedError`, `runWithDeadline`, `guardPort`. May import: util/.
 * Must not: write anything (the run decides what a stopped run writes).
 */
import { FreshbaseError } from '../util/errors.js';

/** How a duration reads in a message: `10 minutes`, `90 seconds`, `2 hours`. */
function formatDuration(ms: number): string {
  const unit = (value: number, name: string): string => `${value} ${name}${value === 1 ? '' : 's'}`;
  if (ms % 3_600_000 === 0) return unit(ms / 3_600_000, 'hour');
  if (ms % 60_000 === 0) return unit(ms / 60_000, 'minute');
  return unit(Math.round(ms / 1000), 'second');
}

/** A repository's run passed its time budget and stopped. */
export class ScanStoppedError extends FreshbaseError {
  override name = 'ScanStoppedError';
  readonly timeoutMs: number;

  constructor(fields: { timeoutMs: number }) {
    super(
      'scan-timeout',
      `the scan of this repository took longer than ${formatDuration(fields.timeoutMs)}; it stopped and will run again at the next trigger`,
      { temporary: true },
    );
    this.timeoutMs = fields.timeoutMs;
  }
}

/**
 * Runs `work` with a signal that aborts after `timeoutMs` (0: never). Resolves or rejects as
 * `work` does while the time lasts; after it, rejects with `ScanStoppedError` at once, whatever
 * `work` is waiting for (its later outcome is dropped).
 */
export async function runWithDeadline<T>(timeoutMs: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  if (timeoutMs <= 0) return work(controller.signal);
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    onAbort = () => {
      reject(controller.signal.reason as Error);
    };
    controller.signal.addEventListener('abort', onAbort, { once: true });
  });
  const timer = setTimeout(() => {
    controller.abort(new ScanStoppedError({ timeoutMs }));
  }, timeoutMs);
  const running = work(controller.signal);
  // Once stopped, what `work` ends with is nobody's business: it is cut off at its next guarded call.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, stopped]);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) controller.signal.removeEventListener('abort', onAbort);
  }
}

/**
 * `port` with every method refusing to start once `signal` is aborted (throwing its reason),
 * so a scan that outlived its budget stops at its next call instead of going on in the background.
 */
export function guardPort<T extends object>(port: T, signal: AbortSignal): T {
  return new Proxy(port, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        signal.throwIfAborted();
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
