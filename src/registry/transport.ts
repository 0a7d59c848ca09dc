/**
 * The HTTP layer of the registry client: one `fetch` per attempt with a timeout, retries with
 * backoff, rate-limit waits and the pull budget, manual redirects checked hop by hop, capped or
 * streamed body reads, counters and redacted logs.
 *
 * Owns: `createTransport` and the rules that every hop (redirects, token realms, page links) is
 * checked against the access policy before any connection, a redirect to another origin loses
 * `Authorization`, a redirect never downgrades to plain http unless configured, redirect chains
 * stop after 5 hops, and 429/5xx/timeouts are retried.
 * May import: registry/{address-policy,backoff,errors,host-limiter,rate-budget,request-stats,
 * response-body,types}. Must not: know about auth challenges, manifests or tags; log headers or
 * query secrets.
 */
import { findRefusal, type AccessPolicy, type AddressRefusal } from './address-policy.js';
import { computeBackoffMs, parseRetryAfterMs } from './backoff.js';
import { RegistryHostRefusedError, RegistryRateLimitError, RegistryResponseError, RegistryUnavailableError } from './errors.js';
import type { HostLimiter } from './host-limiter.js';
import type { RateBudget } from './rate-budget.js';
import type { RequestCounters } from './request-stats.js';
import { readResponseCapped } from '../util/read-body-capped.js';
import { discardBody, redactUrl, streamBody, type BodySink } from './response-body.js';
import type { RegistryLogger, RequestKind } from './types.js';

/** One logical request; the transport may send it several times. */
export interface TransportRequest {
  method: 'GET' | 'HEAD';
  url: string;
  kind: RequestKind;
  /** May hold `authorization`; it is dropped on a redirect to another origin. */
  headers?: Readonly<Record<string, string>>;
  /** Cap on a 2xx body (error bodies are capped at 64 KiB). */
  maxBytes: number;
  /**
   * What a 2xx body over `maxBytes` (declared by `Content-Length` or streamed) becomes: an error
   * (`refuse`), or an answer with `oversize: true` and no body (`report`). @default 'refuse'
   */
  oversize?: 'refuse' | 'report';
  /** For a streamed 2xx body: a fresh sink per attempt receives the chunks instead of `body`. */
  sink?: () => BodySink;
  /** Registry host and repository named in errors; `via` is the mirror that answers for it. */
  context: { registry: string; repository: string; via?: string };
  /** The credential id the request is sent with (`anonymous` or `c-…`): the pull budget is per credential. */
  account?: string;
}

/** A final answer: any status but 429 and retryable 5xx, which become errors after retries. */
export interface TransportResponse {
  status: number;
  headers: Headers;
  /** The body (empty for HEAD, redirects and streamed bodies). */
  body: Uint8Array;
  /** URL of the last hop. */
  url: string;
  /** Set when the body was larger than `maxBytes` and the request asked for a report (`oversize: 'report'`). */
  oversize?: true;
}

/** Settings of `createTransport`, already defaulted by the client. */
export interface TransportSettings {
  fetch: typeof fetch;
  timeoutMs: number;
  retries: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  maxRetryWaitMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  random: () => number;
  limiter: HostLimiter;
  /** Whether plain http to this `host[:port]` is configured. */
  allowHttp: (authority: string) => boolean;
  policy: AccessPolicy;
  budget: RateBudget;
  counters: RequestCounters;
  log?: RegistryLogger;
}

/** Sends requests. */
export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
}

const MAX_REDIRECTS = 5;
const ERROR_BODY_BYTES = 64 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Requests Docker Hub counts as pulls. */
const COUNTED_KINDS: ReadonlySet<RequestKind> = new Set(['manifest-get']);

/** Whether a status is worth retrying (5xx but not "not implemented" or "version not supported"). */
function isRetryableStatus(status: number): boolean {
  return status >= 500 && status !== 501 && status !== 505;
}

/** A failed attempt that may succeed when repeated. */
type AttemptFailure = { kind: 'status'; response: TransportResponse } | { kind: 'network'; timedOut: boolean; cause: unknown };

/** Creates the transport. */
export function createTransport(settings: TransportSettings): Transport {
  /** Host → time before which requests wait, set by a 429 with a known wait. */
  const cooldowns = new Map<string, number>();

  function refused(request: TransportRequest, refusal: AddressRefusal, what: string): RegistryHostRefusedError {
    return new RegistryHostRefusedError({
      ...errorFields(request),
      reason: `${what} ${refusal.message}, and it is not an allowed registry (FRESHBASE_ALLOWED_REGISTRIES); no connection made`,
    });
  }

  /** Resolves a redirect target, refusing a downgrade to plain http that is not configured. */
  function redirectTarget(request: TransportRequest, from: URL, location: string): URL {
    if (!URL.canParse(location, from.href))
      throw new RegistryResponseError({ ...errorFields(request), reason: 'redirect with an invalid Location refused' });
    const target = new URL(location, from);
    const refusal = settings.policy.refusal(target);
    if (refusal !== undefined) throw refused(request, refusal, 'redirect to');
    const plainHttpOk = target.protocol === 'https:' || (target.protocol === 'http:' && settings.allowHttp(target.host));
    if (!plainHttpOk) {
      throw new RegistryResponseError({ ...errorFields(request), reason: `redirect to ${target.protocol}//${target.host} refused` });
    }
    return target;
  }

  /** One attempt: follow redirects by hand (each hop checked first), read the body with its cap. */
  async function attempt(request: TransportRequest, signal: AbortSignal): Promise<TransportResponse> {
    let url = new URL(request.url);
    const origin = url.origin;
    let headers: Record<string, string> = { ...request.headers };
    for (let hop = 0; ; hop += 1) {
      const refusal = settings.policy.refusal(url);
      if (refusal !== undefined) throw refused(request, refusal, hop === 0 ? `${request.kind} request to` : 'redirect to');
      settings.counters.sent(url.host, request.kind);
      const started = settings.now();
      const response = await settings.fetch(url, { method: request.method, headers, redirect: 'manual', signal });
      settings.counters.answered(url.host, request.kind, response.status);
      settings.budget.observe(url.host, request.account ?? 'anonymous', response.headers);
      settings.log?.debug(
        { method: request.method, url: redactUrl(url.href), status: response.status, kind: request.kind, ms: settings.now() - started },
        'registry request',
      );
      const location = response.headers.get('location');
      if (REDIRECT_STATUSES.has(response.status) && location !== null && hop < MAX_REDIRECTS) {
        await discardBody(response);
        url = redirectTarget(request, url, location);
        // Credentials belong to the registry's own origin: never carry them to a CDN or elsewhere.
        if (url.origin !== origin) headers = withoutAuthorization(headers);
        continue;
      }
      return finish(request, response, url);
    }
  }

  async function finish(request: TransportRequest, response: Response, url: URL): Promise<TransportResponse> {
    const ok = response.status >= 200 && response.status < 300;
    const empty = { status: response.status, headers: response.headers, body: new Uint8Array(0), url: url.href };
    if (request.method === 'HEAD' || (!ok && response.status >= 300 && response.status < 400)) {
      await discardBody(response);
      return empty;
    }
    if (ok && request.sink !== undefined) {
      await streamBody(response, request.sink());
      return empty;
    }
    const body = await readResponseCapped(response, ok ? request.maxBytes : ERROR_BODY_BYTES);
    if (body === undefined && ok) {
      if (request.oversize === 'report') return { ...empty, oversize: true };
      throw new RegistryResponseError({
        ...errorFields(request),
        reason: `${request.kind} response larger than ${request.maxBytes} bytes refused`,
      });
    }
    return { ...empty, body: body ?? new Uint8Array(0) };
  }

  /** Runs one attempt, classifying a retryable outcome as a failure. */
  async function tryOnce(request: TransportRequest): Promise<TransportResponse | AttemptFailure> {
    const signal = AbortSignal.timeout(settings.timeoutMs);
    try {
      const response = await attempt(request, signal);
      if (response.status === 429 || isRetryableStatus(response.status)) return { kind: 'status', response };
      return response;
    } catch (error: unknown) {
      if (error instanceof RegistryResponseError || error instanceof RegistryHostRefusedError) throw error;
      const refusal = findRefusal(error);
      if (refusal !== undefined) throw refused(request, refusal, `${request.kind} request to`);
      settings.counters.answered(new URL(request.url).host, request.kind, 'network');
      return { kind: 'network', timedOut: signal.aborted, cause: error };
    }
  }

  function rateLimited(request: TransportRequest, waitMs: number): RegistryRateLimitError {
    return new RegistryRateLimitError({
      ...errorFields(request),
      host: request.context.via ?? request.context.registry,
      status: 429,
      retryAt: settings.now() + waitMs,
      retryAfterMs: waitMs,
    });
  }

  async function waitForCooldown(request: TransportRequest, authority: string): Promise<void> {
    const until = cooldowns.get(authority);
    if (until === undefined) return;
    const wait = until - settings.now();
    if (wait <= 0) return;
    if (wait > settings.maxRetryWaitMs) throw rateLimited(request, wait);
    await settings.sleep(wait);
  }

  /** Decides the wait before the next attempt, or throws when retrying is over. */
  function planRetry(request: TransportRequest, failure: AttemptFailure, retry: number, authority: string): number {
    const backoff = computeBackoffMs({
      attempt: retry,
      baseMs: settings.backoffBaseMs,
      maxMs: settings.backoffMaxMs,
      random: settings.random,
    });
    if (failure.kind === 'status' && failure.response.status === 429) {
      const asked = parseRetryAfterMs(failure.response.headers, settings.now());
      const wait = asked ?? backoff;
      if (wait > settings.maxRetryWaitMs || retry >= settings.retries) {
        if (COUNTED_KINDS.has(request.kind)) settings.budget.block(authority, request.account ?? 'anonymous', settings.now() + wait);
        throw rateLimited(request, wait);
      }
      if (asked !== undefined) cooldowns.set(authority, settings.now() + asked);
      return wait;
    }
    if (retry >= settings.retries) throw unavailable(request, failure);
    // A 503 may say when to come back; honour it within the cap, else back off as usual.
    const asked = failure.kind === 'status' ? parseRetryAfterMs(failure.response.headers, settings.now()) : undefined;
    return asked !== undefined && asked <= settings.maxRetryWaitMs ? asked : backoff;
  }

  async function sendWithRetries(request: TransportRequest, authority: string): Promise<TransportResponse> {
    for (let retry = 0; ; retry += 1) {
      // After our own wait the cooldown is served; it holds back the other requests to the host.
      if (retry === 0) await waitForCooldown(request, authority);
      const release = COUNTED_KINDS.has(request.kind)
        ? settings.budget.reserve({ authority, account: request.account ?? 'anonymous', ...budgetNames(request) })
        : undefined;
      const outcome = await tryOnce(request).catch((error: unknown) => {
        release?.({ headers: undefined });
        throw error;
      });
      const headers = 'kind' in outcome ? (outcome.kind === 'status' ? outcome.response.headers : undefined) : outcome.headers;
      release?.({ headers });
      if (!('kind' in outcome)) {
        cooldowns.delete(authority);
        return outcome;
      }
      const wait = planRetry(request, outcome, retry, authority);
      settings.counters.retried();
      await settings.sleep(wait);
    }
  }

  return {
    async send(request) {
      const authority = new URL(request.url).host;
      return settings.limiter.run(authority, () => sendWithRetries(request, authority));
    },
  };
}

function budgetNames(request: TransportRequest): { host: string; repository: string } {
  return { host: request.context.via ?? request.context.registry, repository: request.context.repository };
}

function errorFields(request: TransportRequest): { host: string; repository: string } {
  return { host: request.context.registry, repository: request.context.repository };
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
}

function unavailable(request: TransportRequest, failure: AttemptFailure): RegistryUnavailableError {
  if (failure.kind === 'status') {
    return new RegistryUnavailableError({
      ...errorFields(request),
      status: failure.response.status,
      reason: `${request.kind} request kept failing`,
    });
  }
  return new RegistryUnavailableError({
    ...errorFields(request),
    reason: failure.timedOut ? `${request.kind} request timed out` : `${request.kind} request failed: connection broken`,
    cause: failure.cause,
  });
}
