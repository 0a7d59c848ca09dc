/**
 * Owns answering one HTTP request: strip `/api/v3`, match GitHub's route table (unknown →
 * 404 + violation, unimplemented → 501 + violation), authenticate, apply injected faults,
 * run the handler, add GitHub's headers, and log. Imports the route table, auth, log and
 * handler contract. Must not hold state of its own.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, notFound } from './api-error.js';
import { authenticateRequest, type RequestAuth, type TokenRegistry } from './app-auth.js';
import { findMissingPermission } from './installation-permissions.js';
import { etagOf, matchesIfNoneMatch, RateLimits } from './rate-limits.js';
import { isWriteRequest, type RequestLog } from './request-log.js';
import type { HandlerContext, HandlerResult, RouteHandler, RouteHandlers } from './route-handler.js';
import type { RouteMatch, RouteTable } from './route-table.js';
import type { Repo, SimState } from './sim-state.js';

/** What the request listener works with. */
export interface ServerParts {
  readonly routes: RouteTable;
  readonly handlers: RouteHandlers;
  readonly state: SimState;
  readonly log: RequestLog;
  readonly tokens: TokenRegistry;
  readonly publicKey: KeyObject;
  /** The simulator's base URL (for `url` fields in bodies). */
  readonly apiUrl: () => string;
  /** Primary rate limits per installation id (`app` for JWT and anonymous calls). */
  readonly rateLimits: RateLimits;
}

interface Answer {
  readonly result: HandlerResult;
  readonly route: string | null;
  readonly installationId: number | undefined;
  readonly injected: boolean;
  /** Refused for an exhausted rate limit (not counted again). */
  readonly rateLimited?: boolean;
}

const ENTERPRISE_PREFIX = '/api/v3';

/** Creates the `node:http` request listener. */
export function createRequestListener(parts: ServerParts): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const answer = (): void => {
        respond(parts, req, res, Buffer.concat(chunks));
      };
      const method = (req.method ?? 'GET').toUpperCase();
      const lookup = parts.routes.lookup(method, stripEnterprise(new URL(req.url ?? '/', 'http://127.0.0.1').pathname));
      if (!parts.log.holdBack(method, lookup.kind === 'unknown' ? null : lookup.match.route.path, answer)) answer();
    });
  };
}

/** The path without GitHub Enterprise Server's `/api/v3` prefix. */
function stripEnterprise(fullPath: string): string {
  const enterprise = fullPath === ENTERPRISE_PREFIX || fullPath.startsWith(`${ENTERPRISE_PREFIX}/`);
  return enterprise ? fullPath.slice(ENTERPRISE_PREFIX.length) || '/' : fullPath;
}

function respond(parts: ServerParts, req: IncomingMessage, res: ServerResponse, rawBody: Buffer): void {
  const method = (req.method ?? 'GET').toUpperCase();
  const requestUrl = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
  const path = stripEnterprise(requestUrl.pathname);
  const answer = answerRequest(parts, { method, path, requestUrl, req, rawBody });
  const caller = answer.installationId === undefined ? 'app' : String(answer.installationId);
  let { result } = answer;
  let payload = result.text ?? (result.body === undefined ? undefined : JSON.stringify(result.body));
  const etag =
    method === 'GET' && result.status === 200 && result.text === undefined && payload !== undefined
      ? etagOf(payload, caller, req.headers.accept)
      : undefined;
  const notModified = etag !== undefined && matchesIfNoneMatch(req.headers['if-none-match'], etag);
  // A 304 does not count, nor does a request refused for the limit (it was checked before the handler ran).
  const rate = parts.rateLimits.take(caller, { free: notModified || answer.rateLimited === true, check: false });
  if (notModified) {
    result = { status: 304 };
    payload = undefined;
  }
  const headers: Record<string, string> = {
    'x-github-request-id': randomUUID(),
    'x-github-api-version-selected': '2022-11-28',
    ...rate.headers,
    ...(etag === undefined ? {} : { etag, vary: 'Accept, Authorization, Cookie, X-GitHub-OTP' }),
    ...result.headers,
  };
  if (payload !== undefined && result.text !== undefined) headers['content-type'] ??= 'text/plain; charset=utf-8';
  else if (payload !== undefined) {
    headers['content-type'] = 'application/json; charset=utf-8';
    headers['x-github-media-type'] = 'github.v3; format=json';
  }
  res.writeHead(result.status, headers);
  res.end(payload);
  parts.log.requests.push({
    method,
    route: answer.route,
    path,
    query: requestUrl.search,
    status: result.status,
    installationId: answer.installationId,
    isWrite: isWriteRequest(method, answer.route),
    injected: answer.injected,
    body: rawBody.toString('utf8'),
  });
}

interface RequestInfo {
  readonly method: string;
  readonly path: string;
  readonly requestUrl: URL;
  readonly req: IncomingMessage;
  readonly rawBody: Buffer;
}

function answerRequest(parts: ServerParts, info: RequestInfo): Answer {
  const { method, path } = info;
  const lookup = parts.routes.lookup(method, path);
  if (lookup.kind === 'unknown') {
    const message = `${method} ${path} is not a route in GitHub's REST API`;
    parts.log.violations.push({ kind: 'unknown-route', method, path, route: null, message });
    return { result: errorResult(notFound()), route: null, installationId: undefined, injected: false };
  }
  const { route } = lookup.match;
  const handler = parts.handlers[route.key];
  if (handler === undefined) {
    const message = `github-sim does not implement ${route.key}`;
    parts.log.violations.push({ kind: 'not-implemented', method, path, route: route.path, message });
    return { result: errorResult(new ApiError(501, message)), route: route.path, installationId: undefined, injected: false };
  }
  const auth = authenticateRequest(info.req.headers.authorization, {
    appId: parts.state.app.id,
    publicKey: parts.publicKey,
    tokens: parts.tokens,
  });
  const installationId = auth.kind === 'installation' ? auth.installationId : undefined;
  const base = { route: route.path, installationId };
  const denied = checkCredential(handler, auth) ?? checkPermission(parts.state, method, route.path, auth);
  if (denied !== undefined) return { ...base, result: errorResult(denied), injected: false };
  const caller = installationId === undefined ? 'app' : String(installationId);
  if (!parts.rateLimits.take(caller, { free: true, check: true }).allowed)
    return { ...base, result: { status: 403, body: RateLimits.exceededBody(caller) }, injected: false, rateLimited: true };
  const fault = parts.log.takeFault(method, route.path);
  if (fault !== undefined) {
    const error = new ApiError(fault.status, fault.message ?? defaultMessage(fault.status));
    return { ...base, result: { ...errorResult(error), headers: fault.headers ?? {} }, injected: true };
  }
  return { ...base, result: runHandler(parts, handler, { info, match: lookup.match, auth }), injected: false };
}

function checkCredential(handler: RouteHandler, auth: RequestAuth): ApiError | undefined {
  if (auth.kind === 'invalid') return new ApiError(401, auth.message);
  if (handler.auth === 'app') {
    return auth.kind === 'app' ? undefined : new ApiError(401, 'A JSON web token could not be decoded');
  }
  if (auth.kind === 'none') return new ApiError(401, 'Requires authentication');
  if (auth.kind === 'app') return new ApiError(403, 'Resource not accessible by integration');
  return undefined;
}

function checkPermission(state: SimState, method: string, routePath: string, auth: RequestAuth): ApiError | undefined {
  if (auth.kind !== 'installation') return undefined;
  const granted = state.installations.get(auth.installationId)?.permissions ?? {};
  const missing = findMissingPermission(method, routePath, granted);
  return missing === undefined ? undefined : new ApiError(403, 'Resource not accessible by integration');
}

function defaultMessage(status: number): string {
  const messages: Record<number, string> = {
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    422: 'Validation Failed',
    429: 'Too Many Requests',
  };
  return messages[status] ?? (status >= 500 ? 'Server Error' : 'Error');
}

function errorResult(error: ApiError): HandlerResult {
  return { status: error.status, body: error.toBody() };
}

function runHandler(
  parts: ServerParts,
  handler: RouteHandler,
  request: { info: RequestInfo; match: RouteMatch; auth: RequestAuth },
): HandlerResult {
  try {
    return handler.handle(buildContext(parts, request));
  } catch (error: unknown) {
    if (error instanceof ApiError) return errorResult(error);
    const { method, path } = request.info;
    const message = `github-sim failed on ${method} ${path}: ${error instanceof Error ? error.message : String(error)}`;
    parts.log.violations.push({ kind: 'simulator-error', method, path, route: request.match.route.path, message });
    return errorResult(new ApiError(500, message));
  }
}

function parseBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ApiError(400, 'Problems parsing JSON');
  }
}

function buildContext(parts: ServerParts, request: { info: RequestInfo; match: RouteMatch; auth: RequestAuth }): HandlerContext {
  const { info, match, auth } = request;
  const { state } = parts;
  const param = (name: string): string => {
    const value = match.params[name];
    if (value === undefined) throw new Error(`route ${match.route.key} has no {${name}}`);
    return value;
  };
  return {
    state,
    apiUrl: parts.apiUrl(),
    method: info.method,
    params: match.params,
    query: info.requestUrl.searchParams,
    body: parseBody(info.rawBody),
    headers: info.req.headers,
    auth,
    actor: state.app.bot,
    requestUrl: info.requestUrl,
    param,
    repo: () => {
      const ref = { owner: param('owner'), name: param('repo') };
      return resolveRepo(state, ref, auth, isWriteRequest(info.method, match.route.path));
    },
  };
}

function resolveRepo(state: SimState, ref: { owner: string; name: string }, auth: RequestAuth, isWrite: boolean): Repo {
  const repo = state.findRepo(ref);
  if (repo === undefined) throw notFound();
  if (auth.kind === 'installation') {
    const installation = state.installations.get(auth.installationId);
    const covered = installation !== undefined && state.installationRepos(installation).includes(repo);
    const inScope = auth.token.repositories?.has(repo.name.toLowerCase()) ?? true;
    if (!covered || !inScope) throw notFound();
  }
  if (isWrite && repo.archived) throw new ApiError(403, 'Repository was archived so is read-only.');
  return repo;
}
