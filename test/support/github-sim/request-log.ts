/**
 * Owns the record of what clients did: every request (route, status, installation, write
 * or not), route violations, and injected faults waiting to fire. Imports nothing from the
 * simulator. Must not build responses.
 */

/** One request the simulator answered. */
export interface RequestRecord {
  readonly method: string;
  /** GitHub's path template (`/repos/{owner}/{repo}/pulls`), or null for unknown routes. */
  readonly route: string | null;
  /** The path as requested, without `/api/v3` and query string. */
  readonly path: string;
  readonly query: string;
  readonly status: number;
  /** The installation whose token the request carried. */
  readonly installationId: number | undefined;
  /** Whether the request changes state (not GET/HEAD, not an access-token request). */
  readonly isWrite: boolean;
  /** Whether the response came from {@link FaultRule}. */
  readonly injected: boolean;
  /** The request body as sent (UTF-8 text; empty when there was none), for tests that search what was written. */
  readonly body: string;
}

/** A request GitHub would not accept, or the simulator cannot answer. */
export interface Violation {
  readonly kind: 'unknown-route' | 'not-implemented' | 'simulator-error';
  readonly method: string;
  readonly path: string;
  readonly route: string | null;
  readonly message: string;
}

/** An injected failure: the next `times` matching requests get `status`. */
export interface FaultRule {
  /** @default any method */
  readonly method?: string;
  /** GitHub's path template, e.g. `/repos/{owner}/{repo}/pulls`. */
  readonly route: string;
  readonly status: number;
  /** @default 1 */
  readonly times?: number;
  /** @default a message GitHub would use for the status */
  readonly message?: string;
  /** Extra response headers, e.g. `{ 'retry-after': '1' }`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Requests to hold back: matching requests get no answer until the hold is released. */
export interface HoldRule {
  /** @default any method */
  readonly method?: string;
  /** GitHub's path template, e.g. `/repos/{owner}/{repo}/git/blobs/{file_sha}`. */
  readonly route: string;
}

/** A hold in place: requests it caught wait until `release`. */
export interface RequestHold {
  /** Settles when the first matching request arrives. */
  readonly reached: Promise<void>;
  /** How many requests wait now. */
  held(): number;
  /** Answers every waiting request and lets later ones through. */
  release(): void;
}

/** Which requests {@link RequestLog.count} counts; all fields narrow. */
export interface RequestFilter {
  readonly method?: string;
  readonly route?: string;
  readonly writesOnly?: boolean;
  readonly installationId?: number;
}

const NOT_WRITES = new Set(['POST /app/installations/{installation_id}/access_tokens']);

/** Whether a request changes GitHub state. Getting an access token does not. */
export function isWriteRequest(method: string, route: string | null): boolean {
  const upper = method.toUpperCase();
  if (upper === 'GET' || upper === 'HEAD') return false;
  return route === null || !NOT_WRITES.has(`${upper} ${route}`);
}

/** Requests, violations and pending faults. */
export class RequestLog {
  readonly requests: RequestRecord[] = [];
  readonly violations: Violation[] = [];
  readonly #faults: { rule: FaultRule; remaining: number }[] = [];
  readonly #holds: { rule: HoldRule; waiting: (() => void)[]; arrived: () => void }[] = [];

  /** Holds back matching requests until released. */
  addHold(rule: HoldRule): RequestHold {
    let arrived = (): void => undefined;
    const reached = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const hold = { rule, waiting: [] as (() => void)[], arrived };
    this.#holds.push(hold);
    return {
      reached,
      held: () => hold.waiting.length,
      release: () => {
        this.#holds.splice(this.#holds.indexOf(hold), 1);
        for (const answer of hold.waiting.splice(0)) answer();
      },
    };
  }

  /** Queues `answer` behind a hold matching the request and returns true, or returns false when none matches. */
  holdBack(method: string, route: string | null, answer: () => void): boolean {
    const hold = this.#holds.find(
      ({ rule }) => rule.route === route && (rule.method === undefined || rule.method.toUpperCase() === method),
    );
    if (hold === undefined) return false;
    hold.waiting.push(answer);
    hold.arrived();
    return true;
  }

  /** Queues a fault. */
  addFault(rule: FaultRule): void {
    this.#faults.push({ rule, remaining: rule.times ?? 1 });
  }

  /** Consumes and returns the first pending fault matching the request. */
  takeFault(method: string, route: string): FaultRule | undefined {
    const index = this.#faults.findIndex(
      ({ rule }) => rule.route === route && (rule.method === undefined || rule.method.toUpperCase() === method),
    );
    const pending = this.#faults[index];
    if (pending === undefined) return undefined;
    pending.remaining -= 1;
    if (pending.remaining <= 0) this.#faults.splice(index, 1);
    return pending.rule;
  }

  /** Counts logged requests matching the filter. */
  count(filter: RequestFilter = {}): number {
    return this.requests.filter(
      (record) =>
        (filter.method === undefined || record.method === filter.method.toUpperCase()) &&
        (filter.route === undefined || record.route === filter.route) &&
        (filter.writesOnly !== true || record.isWrite) &&
        (filter.installationId === undefined || record.installationId === filter.installationId),
    ).length;
  }

  /** Clears requests and violations (pending faults stay). */
  reset(): void {
    this.requests.length = 0;
    this.violations.length = 0;
  }
}
