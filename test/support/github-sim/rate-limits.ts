/**
 * Owns GitHub's primary rate limit and conditional requests, as GitHub's REST documentation
 * describes them ("Rate limits for the REST API", "Best practices": conditional requests):
 *
 * - Each installation (and the app's JWT, `app`) has a fixed window of an hour from its first
 *   request, with `limit` requests (5,000 unless a test sets another); every answer carries
 *   `x-ratelimit-limit`, `-remaining`, `-used`, `-reset` (epoch seconds) and `-resource: core`.
 * - A request with none left gets 403 "API rate limit exceeded for installation ID N." with
 *   `x-ratelimit-remaining: 0`, and does nothing.
 * - A GET answered 200 with a JSON body carries an `ETag` (weak, from the body and the caller:
 *   GitHub's answers vary by `Authorization` and `Accept`); the same GET with that value in
 *   `If-None-Match` gets `304 Not Modified` with no body, and a 304 does not count.
 *
 * Imports nothing from the simulator. Must not know routes or state beyond the clock.
 */
import { createHash } from 'node:crypto';

/** One caller's window. */
interface Window {
  limit: number;
  used: number;
  resetAt: number;
}

/** The headers and outcome of one request against the limit. */
export interface RateDecision {
  /** False when the window is used up: the request must be refused with `exceededBody`. */
  allowed: boolean;
  headers: Record<string, string>;
}

/** Rate limits by caller (`app` or an installation id). */
export class RateLimits {
  readonly #windows = new Map<string, Window>();
  readonly #limits = new Map<string, number>();
  readonly #now: () => Date;

  readonly #defaultLimit: number;

  /** `defaultLimit`: the hourly limit of a caller without its own (GitHub's 5,000 for an installation). */
  constructor(now: () => Date, defaultLimit = 5000) {
    this.#now = now;
    this.#defaultLimit = defaultLimit;
  }

  /** Sets the hourly limit of `caller` (`app` or an installation id); `used` starts the current window with that many requests. */
  setLimit(caller: string, limit: number, used?: number): void {
    this.#limits.set(caller, limit);
    const window = this.#window(caller);
    window.limit = limit;
    if (used !== undefined) window.used = used;
  }

  /** Requests `caller` made in its current window. */
  used(caller: string): number {
    return this.#window(caller).used;
  }

  /** Counts a request (unless `free`: a 304) and returns its headers; refuses one past the limit. */
  take(caller: string, options: { free: boolean; check: boolean }): RateDecision {
    const window = this.#window(caller);
    if (options.check && window.used >= window.limit) return { allowed: false, headers: this.#headers(window) };
    if (!options.free) window.used += 1;
    return { allowed: true, headers: this.#headers(window) };
  }

  /** The body GitHub sends with a 403 for an exhausted primary limit. */
  static exceededBody(caller: string): { message: string; documentation_url: string } {
    const who = caller === 'app' ? 'the app' : `installation ID ${caller}`;
    return {
      message: `API rate limit exceeded for ${who}.`,
      documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
    };
  }

  #window(caller: string): Window {
    const now = this.#now().getTime();
    let window = this.#windows.get(caller);
    if (window === undefined || now >= window.resetAt) {
      window = { limit: this.#limits.get(caller) ?? this.#defaultLimit, used: 0, resetAt: now + 3_600_000 };
      this.#windows.set(caller, window);
    }
    return window;
  }

  #headers(window: Window): Record<string, string> {
    return {
      'x-ratelimit-limit': String(window.limit),
      'x-ratelimit-remaining': String(Math.max(0, window.limit - window.used)),
      'x-ratelimit-used': String(window.used),
      'x-ratelimit-reset': String(Math.floor(window.resetAt / 1000)),
      'x-ratelimit-resource': 'core',
    };
  }
}

/** The weak ETag of a GET's JSON answer for this caller and `Accept`. */
export function etagOf(payload: string, caller: string, accept: string | undefined): string {
  const hash = createHash('sha256')
    .update(`${caller}\n${accept ?? ''}\n${payload}`)
    .digest('hex')
    .slice(0, 40);
  return `W/"${hash}"`;
}

/** Whether an `If-None-Match` header names `etag` (a list, or `*`). */
export function matchesIfNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const values = (Array.isArray(header) ? header.join(',') : header).split(',').map((value) => value.trim());
  const bare = (value: string): string => value.replace(/^W\//, '');
  return values.some((value) => value === '*' || bare(value) === bare(etag));
}
