/**
 * The OSV client: which vulnerabilities affect given package versions (`POST /v1/querybatch`,
 * at most 1000 queries per request, following each query's `next_page_token`), and their
 * records (`GET /v1/vulns/{id}`) for severity. Answers are cached per (ecosystem, package,
 * version) and per id with a TTL in an `OsvStore`; every request is bounded.
 *
 * Owns: `createOsvClient`, `osvQueryKey`, the client's defaults and cache keys.
 * May import: lru-cache, zod, util, osv/*. Must not: throw from `lookup` (OSV being down is
 * the `unavailable` result), read process.env (the base URL arrives as an option).
 */
import { LRUCache } from 'lru-cache';
import { requestJson } from './http.js';
import { QueryBatchAnswer, VulnRecord } from './schema.js';
import { rateRecord } from './severity.js';
import type { OsvLimits, OsvLookup, OsvQuery, OsvStore, VulnDetail } from './types.js';

const MIB = 1024 * 1024;
const CACHE_PREFIX = 'freshbase:osv:v1';

/** Default base URL of the OSV API. */
export const DEFAULT_OSV_URL = 'https://api.osv.dev';

/** Options of `createOsvClient`. Every field is optional. */
export interface OsvClientOptions {
  /** Base URL (a mirror, a test stub). @default https://api.osv.dev */
  baseUrl?: string;
  /** Per-request timeout covering headers and body. @default 15_000 */
  timeoutMs?: number;
  /** How long answers are cached. @default 21_600_000 (6 h) */
  ttlMs?: number;
  /** Where answers are cached. @default an in-memory LRU of 50,000 entries */
  store?: OsvStore;
  limits?: OsvLimits;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default 'freshbase' */
  userAgent?: string;
}

/** The OSV client. */
export interface OsvClient {
  /** Asks which vulnerabilities affect each query's version, and fetches their records. Never throws. */
  lookup(queries: readonly OsvQuery[]): Promise<OsvLookup>;
  /** Requests sent so far, by endpoint (for tests and the bench). */
  stats(): { querybatch: number; vulns: number };
}

/** The key `OsvLookup.ids` uses for a query. */
export function osvQueryKey(query: OsvQuery): string {
  return `${query.ecosystem}|${query.name}|${query.version}`;
}

/** An in-memory `OsvStore` (lru-cache, per-entry TTL). */
export function createMemoryOsvStore(options: { maxEntries?: number } = {}): OsvStore {
  const cache = new LRUCache<string, { value: unknown }>({ max: options.maxEntries ?? 50_000, ttlAutopurge: false });
  return {
    get: (key) => Promise.resolve(cache.get(key)?.value),
    set: (key, value, ttlMs) => {
      cache.set(key, { value }, { ttl: ttlMs });
      return Promise.resolve();
    },
  };
}

function isIdList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((id) => typeof id === 'string');
}

function isVulnDetail(value: unknown): value is VulnDetail {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record['id'] === 'string' && Array.isArray(record['related']) && typeof record['rating'] === 'object';
}

interface Settings {
  baseUrl: string;
  timeoutMs: number;
  ttlMs: number;
  store: OsvStore;
  fetch: typeof fetch;
  userAgent: string;
  limits: Required<OsvLimits>;
}

function settingsOf(options: OsvClientOptions): Settings {
  return {
    baseUrl: (options.baseUrl ?? DEFAULT_OSV_URL).replace(/\/+$/, ''),
    timeoutMs: options.timeoutMs ?? 15_000,
    ttlMs: options.ttlMs ?? 6 * 60 * 60 * 1000,
    store: options.store ?? createMemoryOsvStore(),
    fetch: options.fetch ?? globalThis.fetch,
    userAgent: options.userAgent ?? 'freshbase',
    limits: {
      maxQueries: options.limits?.maxQueries ?? 5000,
      batchSize: Math.min(options.limits?.batchSize ?? 1000, 1000),
      maxPages: options.limits?.maxPages ?? 10,
      maxVulnFetches: options.limits?.maxVulnFetches ?? 500,
      concurrency: options.limits?.concurrency ?? 8,
      batchBytes: options.limits?.batchBytes ?? 16 * MIB,
      vulnBytes: options.limits?.vulnBytes ?? 2 * MIB,
    },
  };
}

interface Counters {
  querybatch: number;
  vulns: number;
}

function batchBody(todo: readonly { query: OsvQuery; token: string | undefined }[]): unknown {
  return {
    queries: todo.map(({ query, token }) => ({
      package: { name: query.name, ecosystem: query.ecosystem },
      version: query.version,
      ...(token === undefined ? {} : { page_token: token }),
    })),
  };
}

/** Asks `queries` (at most one batch) page by page, adding ids to `ids`; the failure reason, if any. */
async function askBatch(
  settings: Settings,
  counters: Counters,
  queries: readonly OsvQuery[],
  ids: Map<string, string[]>,
): Promise<string | undefined> {
  let todo = queries.map((query) => ({ query, token: undefined as string | undefined, pages: 1 }));
  while (todo.length > 0) {
    counters.querybatch += 1;
    const answer = await requestJson({
      fetch: settings.fetch,
      url: `${settings.baseUrl}/v1/querybatch`,
      method: 'POST',
      body: batchBody(todo),
      timeoutMs: settings.timeoutMs,
      maxBytes: settings.limits.batchBytes,
      schema: QueryBatchAnswer,
      userAgent: settings.userAgent,
    });
    if (!answer.ok) return `querybatch failed: ${answer.reason}`;
    if (answer.value.results.length !== todo.length)
      return `querybatch answered ${answer.value.results.length} results for ${todo.length} queries`;
    const next: typeof todo = [];
    answer.value.results.forEach((result, index) => {
      const item = todo[index];
      if (item === undefined) return;
      const key = osvQueryKey(item.query);
      ids.set(key, [...(ids.get(key) ?? []), ...(result.vulns ?? []).map((vuln) => vuln.id)]);
      const token = result.next_page_token;
      if (token !== undefined && token !== '' && item.pages < settings.limits.maxPages)
        next.push({ query: item.query, token, pages: item.pages + 1 });
    });
    todo = next;
  }
  return undefined;
}

async function fetchDetail(settings: Settings, counters: Counters, id: string): Promise<VulnDetail | undefined> {
  counters.vulns += 1;
  const answer = await requestJson({
    fetch: settings.fetch,
    url: `${settings.baseUrl}/v1/vulns/${encodeURIComponent(id)}`,
    method: 'GET',
    timeoutMs: settings.timeoutMs,
    maxBytes: settings.limits.vulnBytes,
    schema: VulnRecord,
    userAgent: settings.userAgent,
  });
  if (!answer.ok) return undefined;
  const detail = rateRecord(answer.value);
  await settings.store.set(`${CACHE_PREFIX}:vuln:${id}`, detail, settings.ttlMs);
  return detail;
}

/** Records of `ids` from the store, else fetched (at most `maxVulnFetches`, `concurrency` at once). */
async function loadDetails(
  settings: Settings,
  counters: Counters,
  ids: readonly string[],
): Promise<{ details: Map<string, VulnDetail>; skipped: number }> {
  const found = new Map<string, VulnDetail>();
  const missing: string[] = [];
  for (const id of ids) {
    const cached = await settings.store.get(`${CACHE_PREFIX}:vuln:${id}`);
    if (isVulnDetail(cached)) found.set(id, cached);
    else missing.push(id);
  }
  const toFetch = missing.slice(0, settings.limits.maxVulnFetches);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < toFetch.length) {
      const id = toFetch[next++];
      if (id === undefined) return;
      const detail = await fetchDetail(settings, counters, id);
      if (detail !== undefined) found.set(id, detail);
    }
  };
  await Promise.all(Array.from({ length: Math.min(settings.limits.concurrency, toFetch.length) }, worker));
  return { details: found, skipped: ids.length - found.size };
}

/** Ids per query: cached answers, and one batch (plus pages) for the rest; the failure reason, if any. */
async function loadIds(
  settings: Settings,
  counters: Counters,
  queries: readonly OsvQuery[],
): Promise<Map<string, readonly string[]> | string> {
  const ids = new Map<string, readonly string[]>();
  const pending: OsvQuery[] = [];
  for (const query of queries) {
    const cached = await settings.store.get(`${CACHE_PREFIX}:query:${osvQueryKey(query)}`);
    if (isIdList(cached)) ids.set(osvQueryKey(query), cached);
    else pending.push(query);
  }
  const answered = new Map<string, string[]>();
  for (let start = 0; start < pending.length; start += settings.limits.batchSize) {
    const failure = await askBatch(settings, counters, pending.slice(start, start + settings.limits.batchSize), answered);
    if (failure !== undefined) return failure;
  }
  for (const [key, list] of answered) {
    const unique = [...new Set(list)];
    ids.set(key, unique);
    await settings.store.set(`${CACHE_PREFIX}:query:${key}`, unique, settings.ttlMs);
  }
  return ids;
}

/** Creates a client; one per process, so its cache serves every scan. */
export function createOsvClient(options: OsvClientOptions = {}): OsvClient {
  const settings = settingsOf(options);
  const counters: Counters = { querybatch: 0, vulns: 0 };
  return {
    async lookup(queries) {
      const unique = [...new Map(queries.map((query) => [osvQueryKey(query), query])).values()];
      const asked = unique.slice(0, settings.limits.maxQueries);
      const ids = await loadIds(settings, counters, asked);
      if (typeof ids === 'string') return { status: 'unavailable', reason: ids };
      const fetched = await loadDetails(settings, counters, [...new Set([...ids.values()].flat())].sort());
      return { status: 'ok', ids, details: fetched.details, skipped: { queries: unique.length - asked.length, details: fetched.skipped } };
    },
    stats: () => ({ ...counters }),
  };
}
