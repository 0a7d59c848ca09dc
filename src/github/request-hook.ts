/**
 * Watching what an Octokit sends GitHub, for the metrics: each request's route template, method
 * and answer status, the rate limit left, and the `state` it set (a closed pull request). The
 * hook only reports plain values; app.ts hands them to the metrics.
 *
 * Owns: `observeRequests`. May import: github types. Must not: change a request or its answer,
 * or report anything that may hold a secret (no URL with its query, no header but the rate limit).
 */
import { statusOf, type GitHub } from './types.js';

/** One request, as reported. */
export interface ObservedRequest {
  method: string;
  route: string;
  status: number;
  installation: string;
  rateLimitRemaining?: number;
  /** When the installation's rate-limit window resets (epoch seconds), with `rateLimitRemaining`. */
  rateLimitReset?: number;
  state?: string;
}

function numberOf(headers: Record<string, unknown> | undefined, name: string): number | undefined {
  const value = Number(headers?.[name]);
  return Number.isFinite(value) && headers?.[name] !== undefined ? value : undefined;
}

/** The rate-limit fields of an answer's headers (none when it has no `x-ratelimit-remaining`). */
function rateOf(headers: Record<string, unknown> | undefined): Pick<ObservedRequest, 'rateLimitRemaining' | 'rateLimitReset'> {
  const remaining = numberOf(headers, 'x-ratelimit-remaining');
  const reset = numberOf(headers, 'x-ratelimit-reset');
  if (remaining === undefined) return {};
  return { rateLimitRemaining: remaining, ...(reset === undefined ? {} : { rateLimitReset: reset }) };
}

function described(options: { method?: unknown; url?: unknown; state?: unknown }, installation: string): Omit<ObservedRequest, 'status'> {
  return {
    method: typeof options.method === 'string' ? options.method : 'GET',
    route: typeof options.url === 'string' ? (options.url.split('?')[0] ?? '') : '',
    installation,
    ...(typeof options.state === 'string' ? { state: options.state } : {}),
  };
}

/** Reports every request `octokit` makes for `installation` (an id, or `app`) to `observe`. Returns `octokit`. */
export function observeRequests(octokit: GitHub, installation: string, observe: (request: ObservedRequest) => void): GitHub {
  octokit.hook.after('request', (response, options) => {
    observe({ ...described(options, installation), status: response.status, ...rateOf(response.headers) });
  });
  octokit.hook.error('request', (error, options) => {
    const response = (error as { response?: { headers?: Record<string, unknown> } }).response;
    observe({ ...described(options, installation), status: statusOf(error) ?? 0, ...rateOf(response?.headers) });
    throw error;
  });
  return octokit;
}
