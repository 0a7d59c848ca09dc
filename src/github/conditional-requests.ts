/**
 * Conditional requests: every GET an installation's Octokit makes carries, in `If-None-Match`,
 * the ETag of the last answer stored for the same URL and `Accept`; GitHub answers `304 Not
 * Modified`, which does not count against the installation's rate limit, and the stored answer
 * is handed back as if it had come again (with the 304's own headers: the rate limit left).
 * Answers are kept in a store the replicas share (Redis when `REDIS_URL` is set, else memory),
 * per installation, since what a token may see is the installation's.
 *
 * Owns: `withConditionalRequests`, `ResponseStore`. May import: github types. Must not: keep an
 * answer that has no ETag, is not a 200, or is larger than the bound; change a write; let a store
 * failure fail a request (a store that cannot answer is a miss).
 */
import { statusOf, type GitHub } from './types.js';

/** Where answers are kept (the registry's `CacheStore` matches it). */
export interface ResponseStore {
  get(key: string): Promise<{ value: Uint8Array } | undefined>;
  set(key: string, value: Uint8Array, ttlMs: number): Promise<void>;
}

/** Options of `withConditionalRequests`. */
export interface ConditionalOptions {
  store: ResponseStore;
  /** Whose answers these are: the installation id. */
  scope: string;
  /** Largest answer kept, in bytes of JSON. @default 4 MiB */
  maxBytes?: number;
  /** How long an answer is kept unused (a weekly pass must still find it). @default 8 days */
  ttlMs?: number;
}

interface Stored {
  etag: string;
  link?: string;
  /** The answer's media type (a caller may tell a file from a directory by it). */
  type?: string;
  data: unknown;
}

interface RequestOptions {
  method?: string;
  headers?: Record<string, unknown>;
  [key: string]: unknown;
}

interface Answer {
  status: number;
  url: string;
  headers: Record<string, unknown>;
  data: unknown;
}

const DAY_MS = 86_400_000;

async function read(store: ResponseStore, key: string): Promise<Stored | undefined> {
  try {
    const entry = await store.get(key);
    if (entry === undefined) return undefined;
    const stored = JSON.parse(Buffer.from(entry.value).toString('utf8')) as Stored;
    return typeof stored.etag === 'string' ? stored : undefined;
  } catch {
    return undefined;
  }
}

/** Makes every GET of `octokit` conditional on the stored answer's ETag. Returns `octokit`. */
export function withConditionalRequests(octokit: GitHub, options: ConditionalOptions): GitHub {
  const { store, scope } = options;
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  const ttlMs = options.ttlMs ?? 8 * DAY_MS;
  const endpoint = octokit.request.endpoint as unknown as {
    parse(options: RequestOptions): { url: string; headers: Record<string, unknown> };
  };
  const wrap = octokit.hook.wrap.bind(octokit.hook) as unknown as (
    name: 'request',
    hook: (request: (options: RequestOptions) => Promise<Answer>, options: RequestOptions) => Promise<Answer>,
  ) => void;
  wrap('request', async (request, requestOptions) => {
    if ((requestOptions.method ?? 'GET').toUpperCase() !== 'GET') return request(requestOptions);
    const parsed = endpoint.parse(requestOptions);
    const accept = typeof parsed.headers.accept === 'string' ? parsed.headers.accept : '';
    const key = `github:${scope}:${accept}:${parsed.url}`;
    const stored = await read(store, key);
    // The hooks inside this one were bound to this very options object: the header is set on it, not on a copy.
    if (stored !== undefined) requestOptions.headers = { ...requestOptions.headers, 'if-none-match': stored.etag };
    try {
      const answer = await request(requestOptions);
      const etag = answer.headers.etag;
      if (answer.status === 200 && typeof etag === 'string') {
        const { link, 'content-type': type } = answer.headers;
        const text = JSON.stringify({
          etag,
          ...(typeof link === 'string' ? { link } : {}),
          ...(typeof type === 'string' ? { type } : {}),
          data: answer.data,
        } satisfies Stored);
        if (text.length <= maxBytes) await store.set(key, Buffer.from(text, 'utf8'), ttlMs).catch(() => undefined);
      }
      return answer;
    } catch (error: unknown) {
      if (stored === undefined || statusOf(error) !== 304) throw error;
      const headers = (error as { response?: { headers?: Record<string, unknown> } }).response?.headers ?? {};
      return {
        status: 200,
        url: parsed.url,
        headers: {
          ...headers,
          etag: stored.etag,
          ...(stored.link === undefined ? {} : { link: stored.link }),
          ...(stored.type === undefined ? {} : { 'content-type': stored.type }),
        },
        data: stored.data,
      };
    }
  });
  return octokit;
}
