/**
 * The pull budget of each registry host: Docker Hub counts every manifest GET as a pull and says
 * how many are left (`ratelimit-limit: 100;w=21600`, `ratelimit-remaining: 76;w=21600`). Once
 * the remaining budget of a host (per credential) would fall to the margin, counted requests to
 * it stop until the window has passed, and fail at once with `RegistryRateLimitError`; HEADs,
 * tag lists and blobs go on.
 *
 * Owns: `createRateBudget`, `parseRateLimitHeader`. May import: registry/errors.
 * Must not: sleep, send requests, or count anything but the requests it is told about.
 */
import { RegistryRateLimitError } from './errors.js';

/** `100;w=21600` → `{ value: 100, windowSeconds: 21600 }`; undefined when there is no number first. */
export function parseRateLimitHeader(text: string | null): { value: number; windowSeconds?: number } | undefined {
  if (text === null) return undefined;
  const match = /^\s*(\d+)\s*(?:;(.*))?$/.exec(text);
  if (match?.[1] === undefined) return undefined;
  const window = /(?:^|;)\s*w\s*=\s*(\d+)/.exec(match[2] ?? '');
  return window?.[1] === undefined ? { value: Number(match[1]) } : { value: Number(match[1]), windowSeconds: Number(window[1]) };
}

/** What the budget knows of one host and credential. */
export interface RateLimitState {
  /** `host[:port]` requests go to, and the credential id (`anonymous` or `c-…`). */
  authority: string;
  account: string;
  limit?: number;
  /** Counted requests left, as last reported, less those sent since. */
  remaining?: number;
  /** When counted requests may go again (epoch ms), while they are held back. */
  blockedUntil?: number;
}

/** Who a counted request is for, and how errors name it. */
export interface BudgetRequest {
  authority: string;
  account: string;
  /** Registry host named in errors (`docker.io`, or the mirror that rations). */
  host: string;
  repository: string;
}

/** The budget of every host the client talks to. */
export interface RateBudget {
  /** Takes one counted request from the budget; throws `RegistryRateLimitError` when it is spent. Call the result when it is answered. */
  reserve(request: BudgetRequest): (answered: { headers: Headers | undefined }) => void;
  /** Reads the rate-limit headers of any answer from the host (HEADs carry them too, for free). */
  observe(authority: string, account: string, headers: Headers): void;
  /** Holds counted requests back until `until` (a 429 asked for longer than we wait). */
  block(authority: string, account: string, until: number): void;
  snapshot(): RateLimitState[];
}

interface State {
  limit?: number;
  remaining?: number;
  windowMs?: number;
  observedAt?: number;
  inFlight: number;
  blockedUntil?: number;
}

/** When nothing says how long a window is, wait an hour. */
const DEFAULT_WINDOW_MS = 60 * 60 * 1000;

/** Creates a budget that keeps `margin` counted requests unused on every host. */
export function createRateBudget(settings: { now: () => number; margin: number }): RateBudget {
  const states = new Map<string, State>();
  const keyOf = (authority: string, account: string): string => `${authority}\n${account}`;

  function stateOf(authority: string, account: string): State {
    const key = keyOf(authority, account);
    let state = states.get(key);
    if (state === undefined) {
      state = { inFlight: 0 };
      states.set(key, state);
    }
    return state;
  }

  /** Forgets a window that has passed: the next answer says how much is left. */
  function refresh(state: State): void {
    const now = settings.now();
    if (state.blockedUntil !== undefined && state.blockedUntil <= now) {
      delete state.blockedUntil;
      delete state.remaining;
    }
  }

  function windowEnd(state: State): number {
    return (state.observedAt ?? settings.now()) + (state.windowMs ?? DEFAULT_WINDOW_MS);
  }

  return {
    reserve(request) {
      const state = stateOf(request.authority, request.account);
      refresh(state);
      if (state.blockedUntil === undefined && state.remaining !== undefined && state.remaining - state.inFlight <= settings.margin) {
        state.blockedUntil = Math.max(windowEnd(state), settings.now() + 1000);
      }
      if (state.blockedUntil !== undefined) {
        const now = settings.now();
        throw new RegistryRateLimitError({
          host: request.host,
          repository: request.repository,
          retryAt: state.blockedUntil,
          retryAfterMs: state.blockedUntil - now,
        });
      }
      state.inFlight += 1;
      return ({ headers }) => {
        state.inFlight -= 1;
        const reported = headers === undefined ? undefined : parseRateLimitHeader(headers.get('ratelimit-remaining'));
        if (reported === undefined && state.remaining !== undefined) state.remaining = Math.max(0, state.remaining - 1);
      };
    },
    observe(authority, account, headers) {
      const remaining = parseRateLimitHeader(headers.get('ratelimit-remaining'));
      if (remaining === undefined) return;
      const state = stateOf(authority, account);
      const limit = parseRateLimitHeader(headers.get('ratelimit-limit'));
      state.remaining = remaining.value;
      if (limit !== undefined) state.limit = limit.value;
      const windowSeconds = remaining.windowSeconds ?? limit?.windowSeconds;
      if (windowSeconds !== undefined) state.windowMs = windowSeconds * 1000;
      state.observedAt = settings.now();
    },
    block(authority, account, until) {
      const state = stateOf(authority, account);
      state.blockedUntil = Math.max(state.blockedUntil ?? 0, until);
    },
    snapshot() {
      return [...states].map(([key, state]) => {
        const [authority = '', account = ''] = key.split('\n');
        refresh(state);
        return {
          authority,
          account,
          ...(state.limit === undefined ? {} : { limit: state.limit }),
          ...(state.remaining === undefined ? {} : { remaining: Math.max(0, state.remaining - state.inFlight) }),
          ...(state.blockedUntil === undefined ? {} : { blockedUntil: state.blockedUntil }),
        };
      });
    },
  };
}
