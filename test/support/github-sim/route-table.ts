/**
 * Owns GitHub's REST route table (vendored as `routes.json` next to this file; `npm run
 * refresh:github-routes` regenerates it from the @octokit/openapi package) and request-path
 * matching against it. Imports only `node:` modules. Must not know about simulator state.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A route from GitHub's OpenAPI description, e.g. `GET /repos/{owner}/{repo}`. */
export interface RouteTemplate {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path template with `{param}` segments, e.g. `/repos/{owner}/{repo}/pulls`. */
  readonly path: string;
  /** `${method} ${path}`, the key handlers are registered under. */
  readonly key: string;
}

/** A request path matched to a route, with decoded params. */
export interface RouteMatch {
  readonly route: RouteTemplate;
  readonly params: Readonly<Record<string, string>>;
}

/** The outcome of looking a request up: matched, or no route with that method and path. */
export type RouteLookup = { kind: 'matched'; match: RouteMatch } | { kind: 'unknown' };

/**
 * Routes whose last `{param}` may span several path segments (a file path, a ref such as
 * `heads/feature/x`, a `base...head` pair with slashes). Octokit percent-encodes `/` in
 * them, but other clients send raw slashes, which GitHub accepts.
 */
const MULTI_SEGMENT_PATHS: readonly string[] = [
  '/repos/{owner}/{repo}/contents/{path}',
  '/repos/{owner}/{repo}/readme/{dir}',
  '/repos/{owner}/{repo}/git/ref/{ref}',
  '/repos/{owner}/{repo}/git/refs/{ref}',
  '/repos/{owner}/{repo}/git/matching-refs/{ref}',
  '/repos/{owner}/{repo}/commits/{ref}',
  '/repos/{owner}/{repo}/tarball/{ref}',
  '/repos/{owner}/{repo}/zipball/{ref}',
  '/repos/{owner}/{repo}/compare/{basehead}',
  '/repos/{owner}/{repo}/dependency-graph/compare/{basehead}',
];

type Segment = { kind: 'literal'; value: string } | { kind: 'param'; name: string };

interface CompiledRoute {
  route: RouteTemplate;
  segments: Segment[];
  multiSegmentTail: boolean;
  emptyTailAllowed: boolean;
}

/** The one route whose tail param may be empty: `/contents` lists the repo root. */
const EMPTY_TAIL_PATH = '/repos/{owner}/{repo}/contents/{path}';

/** Compiled route table; look requests up with {@link RouteTable.lookup}. */
export class RouteTable {
  readonly #byMethod = new Map<string, CompiledRoute[]>();
  readonly #keys = new Set<string>();

  /** @param routes `METHOD /path/{param}` strings as in routes.json. */
  constructor(routes: readonly string[]) {
    for (const entry of routes) {
      const [method, path] = entry.split(' ');
      if (method === undefined || path === undefined) throw new Error(`bad route entry: ${entry}`);
      const route: RouteTemplate = { method, path, key: entry };
      const compiled: CompiledRoute = {
        route,
        segments: splitPath(path).map(parseSegment),
        multiSegmentTail: MULTI_SEGMENT_PATHS.includes(path),
        emptyTailAllowed: path === EMPTY_TAIL_PATH,
      };
      const list = this.#byMethod.get(method) ?? [];
      list.push(compiled);
      this.#byMethod.set(method, list);
      this.#keys.add(entry);
    }
    for (const path of MULTI_SEGMENT_PATHS) {
      if (![...this.#keys].some((key) => key.endsWith(` ${path}`))) {
        throw new Error(`routes.json no longer has the multi-segment route ${path}`);
      }
    }
  }

  /** Whether `key` (`METHOD /path`) is one of GitHub's routes. */
  has(key: string): boolean {
    return this.#keys.has(key);
  }

  /**
   * Matches a request. `rawPath` is still percent-encoded, without query string and without
   * any `/api/v3` prefix. Literal segments win over params, one-segment matches over spans.
   */
  lookup(method: string, rawPath: string): RouteLookup {
    const segments = splitPath(rawPath);
    let best: { match: RouteMatch; score: string } | undefined;
    for (const compiled of this.#byMethod.get(method.toUpperCase()) ?? []) {
      const attempt = matchRoute(compiled, segments);
      if (attempt !== undefined && (best === undefined || attempt.score > best.score)) {
        best = { match: { route: compiled.route, params: attempt.params }, score: attempt.score };
      }
    }
    return best === undefined ? { kind: 'unknown' } : { kind: 'matched', match: best.match };
  }
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+/, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

function parseSegment(segment: string): Segment {
  const param = /^\{(\w+)\}$/.exec(segment);
  return param?.[1] === undefined ? { kind: 'literal', value: segment } : { kind: 'param', name: param[1] };
}

function matchRoute(compiled: CompiledRoute, segments: readonly string[]): { params: Record<string, string>; score: string } | undefined {
  const { segments: template, multiSegmentTail, emptyTailAllowed } = compiled;
  const spans = segments.length > template.length;
  const emptyTail = emptyTailAllowed && segments.length === template.length - 1;
  if ((segments.length < template.length && !emptyTail) || (spans && !multiSegmentTail)) return undefined;
  const params: Record<string, string> = {};
  let score = '';
  for (const [index, part] of template.entries()) {
    const isLast = index === template.length - 1;
    const raw = isLast && spans ? segments.slice(index).join('/') : (segments[index] ?? (emptyTail ? '' : undefined));
    if (raw === undefined || (raw === '' && !(isLast && emptyTailAllowed))) return undefined;
    if (part.kind === 'literal') {
      if (raw !== part.value) return undefined;
      score += '2';
    } else {
      const value = safeDecode(raw);
      if (value === undefined) return undefined;
      params[part.name] = value;
      score += value === '' ? '0' : '1';
    }
  }
  return { params, score: score + (spans || emptyTail ? '0' : '1') };
}

function safeDecode(raw: string): string | undefined {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/**
 * Where `routes.json` is: next to this file, or, when this file was compiled to
 * `dist/test/support/github-sim/` (the fleet bench builds the simulator), next to its source.
 */
const ROUTES_URL =
  [new URL('routes.json', import.meta.url), new URL('../../../../test/support/github-sim/routes.json', import.meta.url)].find((url) =>
    existsSync(fileURLToPath(url)),
  ) ?? new URL('routes.json', import.meta.url);

/**
 * Loads GitHub's route table from `routes.json` next to this file.
 * Throws, naming the path, when the file is missing or malformed.
 */
export function loadRouteTable(): RouteTable {
  const file = fileURLToPath(ROUTES_URL);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error: unknown) {
    throw new Error(`github-sim: cannot load GitHub's route table from ${file}`, { cause: error });
  }
  const routes = (parsed as { routes?: unknown }).routes;
  if (!Array.isArray(routes) || !routes.every((route) => typeof route === 'string')) {
    throw new Error(`github-sim: ${file} has no "routes" string array`);
  }
  return new RouteTable(routes);
}
