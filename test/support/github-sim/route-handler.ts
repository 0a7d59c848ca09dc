/**
 * Owns the contract between the HTTP server and per-area handlers: what a handler receives
 * (params, query, body, caller, the resolved repo) and returns. Imports state and shape
 * types only.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestAuth } from './app-auth.js';
import type { ShapeContext } from './shapes-repo.js';
import type { Account, Repo } from './sim-state.js';

/** Everything a handler may read about the request. */
export interface HandlerContext extends ShapeContext {
  readonly method: string;
  /** Decoded path params (`{ owner, repo, ref }`…). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Parsed JSON body (undefined when empty). */
  readonly body: unknown;
  readonly headers: IncomingHttpHeaders;
  readonly auth: RequestAuth;
  /** The account acting: the app's bot for installation tokens. */
  readonly actor: Account;
  /** The URL the client called (scheme, host, `/api/v3` prefix kept), for `Link` headers. */
  readonly requestUrl: URL;
  /** A required path param. */
  param(name: string): string;
  /** The `{owner}/{repo}` repo, checked visible to the caller (404 otherwise). */
  repo(): Repo;
}

/** A handler's answer. `text` sends a raw body instead of JSON. */
export interface HandlerResult {
  readonly status: number;
  readonly body?: unknown;
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A route implementation and the credential it needs. */
export interface RouteHandler {
  /** `app`: the app's JWT; `installation`: a token the simulator issued. */
  readonly auth: 'app' | 'installation';
  readonly handle: (ctx: HandlerContext) => HandlerResult;
}

/** Handlers by GitHub route key, e.g. `'GET /repos/{owner}/{repo}'`. */
export type RouteHandlers = Readonly<Record<string, RouteHandler>>;

/** A handler needing the app's JWT. */
export function withAppJwt(handle: RouteHandler['handle']): RouteHandler {
  return { auth: 'app', handle };
}

/** A handler needing an installation token. */
export function withInstallationToken(handle: RouteHandler['handle']): RouteHandler {
  return { auth: 'installation', handle };
}

/** A JSON response. */
export function json(status: number, body: unknown, headers?: Readonly<Record<string, string>>): HandlerResult {
  return headers === undefined ? { status, body } : { status, body, headers };
}

/** `204 No Content`. */
export function noContent(): HandlerResult {
  return { status: 204 };
}
