/**
 * `npm run refresh:lifecycle [-- --base-url URL] [--file PATH]`: rebuilds the shipped
 * release-line data (src/lifecycle/release-lines.json) from endoflife.date's API v1.
 *
 * One conditional GET per product (`If-None-Match` / `If-Modified-Since` from the values the
 * file keeps); a 304 keeps the product's lines. Any failure (network, status, bad or
 * implausible answer) stops the run before anything is written; the file is replaced
 * atomically (temporary file, then rename) and only when something changed.
 * A maintainer's tool: not part of the app, the CLI or the image.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { normalizeApiProduct, PRODUCTS, ReleaseLineData, type ProductReleases } from '../src/lifecycle/index.js';
import { readResponseCapped } from '../src/util/read-body-capped.js';

/** endoflife.date's API v1. */
export const DEFAULT_BASE_URL = 'https://endoflife.date/api/v1';
/** Largest answer read for one product. @default 4 MiB */
export const MAX_ANSWER_BYTES = 4 * 1024 * 1024;
/** Time allowed for one request. @default 30 s */
export const REQUEST_TIMEOUT_MS = 30_000;

export interface RefreshOptions {
  /** API base, without a trailing slash. @default DEFAULT_BASE_URL */
  baseUrl?: string;
  /** The data file to read and replace. */
  file: string;
  /** The refresh time, written as `takenAt`. */
  now: Date;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
}

export interface RefreshResult {
  /** `updated`: the file was replaced; `unchanged`: every product answered 304, nothing written. */
  status: 'updated' | 'unchanged';
  /** Products that answered 200. */
  updated: string[];
  /** Products that answered 304. */
  notModified: string[];
}

/** Refreshes the data file. Throws (and writes nothing) on any failure. */
export async function refreshLifecycle(options: RefreshOptions): Promise<RefreshResult> {
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const current = await readCurrent(options.file);
  const today = options.now.toISOString().slice(0, 10);
  const products: ProductReleases[] = [];
  const result: RefreshResult = { status: 'unchanged', updated: [], notModified: [] };
  for (const product of PRODUCTS) {
    const previous = current?.products.find((entry) => entry.id === product.id);
    const answer = await getProduct({ baseUrl, endoflife: product.endoflife, previous, fetch: options.fetch ?? fetch });
    if (answer === 'not-modified') {
      if (previous === undefined) throw new Error(`${product.endoflife}: answered 304 Not Modified, but the file has no data for it`);
      products.push(previous);
      result.notModified.push(product.id);
      continue;
    }
    const request = { id: product.id, endoflife: product.endoflife, today, ...(previous === undefined ? {} : { previous }) };
    products.push(normalizeApiProduct(answer.body, request, answer.headers));
    result.updated.push(product.id);
  }
  if (result.updated.length === 0) return result;
  const data = ReleaseLineData.parse({
    schemaVersion: 1,
    takenAt: options.now.toISOString(),
    source: { name: 'endoflife.date', api: baseUrl },
    products,
  });
  await writeAtomically(options.file, `${JSON.stringify(data, null, 2)}\n`);
  return { ...result, status: 'updated' };
}

async function readCurrent(file: string): Promise<ReleaseLineData | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = ReleaseLineData.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file}: not release-line data (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  return parsed.data;
}

interface ProductAnswer {
  body: unknown;
  headers: { etag: string | null; lastModified: string | null };
}

async function getProduct(request: {
  baseUrl: string;
  endoflife: string;
  previous: ProductReleases | undefined;
  fetch: typeof fetch;
}): Promise<ProductAnswer | 'not-modified'> {
  const url = `${request.baseUrl}/products/${encodeURIComponent(request.endoflife)}`;
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'freshbase-refresh-lifecycle' };
  if (request.previous?.etag != null) headers['if-none-match'] = request.previous.etag;
  if (request.previous?.lastModified != null) headers['if-modified-since'] = request.previous.lastModified;
  let response: Response;
  try {
    response = await request.fetch(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (error: unknown) {
    throw new Error(`GET ${url} failed`, { cause: error });
  }
  if (response.status === 304) return 'not-modified';
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new Error(`GET ${url} answered ${response.status}`);
  }
  const text = await readBounded(response, url);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error: unknown) {
    throw new Error(`GET ${url} answered with invalid JSON`, { cause: error });
  }
  return { body, headers: { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') } };
}

async function readBounded(response: Response, url: string): Promise<string> {
  const bytes = await readResponseCapped(response, MAX_ANSWER_BYTES);
  if (bytes === undefined) throw new Error(`GET ${url} answered more than ${MAX_ANSWER_BYTES} bytes`);
  return Buffer.from(bytes).toString('utf8');
}

/** Writes a temporary file beside `file`, then renames it over `file`: readers see the old or the new file, never half of one. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, file);
  } catch (error: unknown) {
    await rm(temporary, { force: true });
    throw error;
  }
}

const DEFAULT_FILE = fileURLToPath(new URL('../../src/lifecycle/release-lines.json', import.meta.url));

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { 'base-url': { type: 'string' }, file: { type: 'string' } },
    strict: true,
  });
  const file = values.file ?? DEFAULT_FILE;
  const result = await refreshLifecycle({
    file,
    now: new Date(),
    ...(values['base-url'] === undefined ? {} : { baseUrl: values['base-url'] }),
  });
  const summary = `${result.updated.length} updated (${result.updated.join(', ') || 'none'}), ${result.notModified.length} not modified`;
  process.stdout.write(result.status === 'updated' ? `${file}: written; ${summary}\n` : `${file}: unchanged; ${summary}\n`);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
      process.stderr.write(`refresh:lifecycle: ${error instanceof Error ? error.message : String(error)}${cause}; nothing written\n`);
      process.exitCode = 1;
    },
  );
}
