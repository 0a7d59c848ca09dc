/**
 * How long to wait before a retry: capped exponential backoff with jitter, and the
 * waits registries ask for in `Retry-After` and rate-limit headers.
 *
 * Owns: `computeBackoffMs`, `parseRetryAfterMs`. May import: nothing. Must not: do I/O or sleep.
 */

/** Inputs of `computeBackoffMs`. */
export interface BackoffInput {
  /** 0 for the first retry. */
  attempt: number;
  baseMs: number;
  maxMs: number;
  /** A number in [0, 1). */
  random: () => number;
}

/**
 * "Equal jitter" backoff: the step `min(maxMs, baseMs * 2^attempt)` is halved and the other
 * half is random, so waits grow, never exceed the cap, and callers do not retry in lock step.
 */
export function computeBackoffMs(input: BackoffInput): number {
  const step = Math.min(input.maxMs, input.baseMs * 2 ** Math.max(0, input.attempt));
  const jitter = Math.min(1, Math.max(0, input.random()));
  return Math.round(step / 2 + (step / 2) * jitter);
}

/** Epoch seconds are larger than this; smaller reset values are delays in seconds. */
const EPOCH_SECONDS_THRESHOLD = 1_000_000_000;

function parseSeconds(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+(?:\.\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** `Retry-After`: delay seconds or an HTTP date. */
function parseRetryAfterHeader(value: string, now: number): number | undefined {
  const seconds = parseSeconds(value);
  if (seconds !== undefined) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A reset value: delay seconds, or epoch seconds (GitHub-style `x-ratelimit-reset`). */
function parseResetValue(value: string, now: number): number | undefined {
  const first = value.split(/[;,]/)[0] ?? '';
  const seconds = parseSeconds(first);
  if (seconds === undefined) return undefined;
  return seconds > EPOCH_SECONDS_THRESHOLD ? Math.max(0, seconds * 1000 - now) : seconds * 1000;
}

/** The structured `RateLimit: limit=100, remaining=0, reset=30` form (`reset` or `t`). */
function parseStructuredRateLimit(value: string): number | undefined {
  const match = /(?:^|[\s,;])(?:reset|t)=(\d+(?:\.\d+)?)/.exec(value);
  return match?.[1] === undefined ? undefined : Number(match[1]) * 1000;
}

/**
 * The wait a response asks for, in milliseconds, from `Retry-After` (seconds or HTTP date),
 * then `RateLimit-Reset` / `X-RateLimit-Reset` (delay or epoch seconds), then the structured
 * `RateLimit` header. Undefined when none is present and valid.
 */
export function parseRetryAfterMs(headers: Headers, now: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const ms = parseRetryAfterHeader(retryAfter, now);
    if (ms !== undefined) return ms;
  }
  for (const name of ['ratelimit-reset', 'x-ratelimit-reset']) {
    const value = headers.get(name);
    if (value === null) continue;
    const ms = parseResetValue(value, now);
    if (ms !== undefined) return ms;
  }
  const structured = headers.get('ratelimit');
  return structured === null ? undefined : parseStructuredRateLimit(structured);
}
