/**
 * A stateful stub of endoflife.date's API v1 on 127.0.0.1, following its published
 * description (api_v1/openapi.yml of endoflife-date/endoflife.date): `GET
 * /api/v1/products/{product}` answers a `ProductResponse` with `ETag` and `Last-Modified`,
 * `304` to a matching `If-None-Match` (or, without one, to an `If-Modified-Since` not older
 * than the product), `404` with an HTML page for an unknown product. A product changes when a
 * test puts new releases; faults are set per product. Seeded from the pinned release-line data.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PhaseEnd, ReleaseCycle, ReleaseLineData } from '../../src/lifecycle/index.js';

/** One `ProductRelease` as the API writes it. */
export type ApiRelease = Record<string, unknown> & { name: string };

interface StubProduct {
  name: string;
  label: string;
  releases: ApiRelease[];
  revision: number;
  /** Whole seconds, as HTTP dates carry them. */
  modifiedAt: Date;
}

/** A fault the stub answers with for one product. */
export type StubFault = 'server-error' | 'rate-limited' | 'invalid-json' | 'wrong-product' | 'no-releases';

/** One request the stub saw. */
export interface StubRequest {
  path: string;
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
  status: number;
}

export interface EndoflifeApiStub {
  /** `http://127.0.0.1:<port>/api/v1`. */
  readonly baseUrl: string;
  readonly requests: StubRequest[];
  /** Replaces a product's releases (or adds a product); its ETag and Last-Modified change. */
  putReleases(name: string, releases: ApiRelease[], at: Date): void;
  releasesOf(name: string): ApiRelease[];
  /** Answers requests for the product with a fault until set to null. */
  setFault(name: string, fault: StubFault | null): void;
  close(): Promise<void>;
}

/** The API form of a phase end, as the site generates it on `today`. */
function apiPhase(end: PhaseEnd, today: string): { is: boolean; from: string | null } {
  return typeof end === 'boolean' ? { is: end, from: null } : { is: today > end, from: end };
}

/** A release line of the data file written back as the API's `ProductRelease` on `today`. */
export function toApiRelease(cycle: ReleaseCycle, today: string): ApiRelease {
  const eol = apiPhase(cycle.eol, today);
  const release: ApiRelease = {
    name: cycle.cycle,
    codename: cycle.codename,
    label: cycle.cycle,
    releaseDate: cycle.releaseDate,
    isLts: cycle.lts && (cycle.ltsFrom === null || today > cycle.ltsFrom),
    ltsFrom: cycle.ltsFrom,
    isEol: eol.is,
    eolFrom: eol.from,
    isMaintained: !eol.is,
    latest: null,
    custom: null,
  };
  if (cycle.supportEnd !== null) Object.assign(release, phaseFields('Eoas', apiPhase(cycle.supportEnd, today)));
  if (cycle.extendedSupportEnd !== null) Object.assign(release, phaseFields('Eoes', apiPhase(cycle.extendedSupportEnd, today)));
  return release;
}

function phaseFields(name: string, phase: { is: boolean; from: string | null }): Record<string, unknown> {
  return { [`is${name}`]: phase.is, [`${name.charAt(0).toLowerCase()}${name.slice(1)}From`]: phase.from };
}

/** Starts the stub with every product of `data`, as generated on `today`. */
export async function startEndoflifeApiStub(options: {
  data: ReleaseLineData;
  today: string;
  modifiedAt: Date;
}): Promise<EndoflifeApiStub> {
  const products = new Map<string, StubProduct>();
  const faults = new Map<string, StubFault>();
  const requests: StubRequest[] = [];
  const seconds = (at: Date): Date => new Date(Math.floor(at.getTime() / 1000) * 1000);
  const put = (name: string, label: string, releases: ApiRelease[], at: Date): void => {
    const revision = (products.get(name)?.revision ?? 0) + 1;
    products.set(name, { name, label, releases, revision, modifiedAt: seconds(at) });
  };
  for (const product of options.data.products)
    put(
      product.endoflife,
      product.label,
      product.cycles.map((cycle) => toApiRelease(cycle, options.today)),
      options.modifiedAt,
    );

  const server = createServer((req, res) => {
    const status = answer(req, res, { products, faults });
    requests.push({
      path: req.url ?? '',
      ifNoneMatch: header(req, 'if-none-match'),
      ifModifiedSince: header(req, 'if-modified-since'),
      status,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    requests,
    putReleases: (name, releases, at) => {
      put(name, products.get(name)?.label ?? name, releases, at);
    },
    releasesOf: (name) => structuredClone(products.get(name)?.releases ?? []),
    setFault: (name, fault) => {
      if (fault === null) faults.delete(name);
      else faults.set(name, fault);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function etagOf(product: StubProduct): string {
  return `"${product.name}-${product.revision}"`;
}

/** Writes the answer and returns its status. */
function answer(
  req: IncomingMessage,
  res: ServerResponse,
  state: { products: Map<string, StubProduct>; faults: Map<string, StubFault> },
): number {
  const match = /^\/api\/v1\/products\/([a-z0-9._-]+)\/?$/.exec(req.url ?? '');
  const product = match?.[1] === undefined ? undefined : state.products.get(match[1]);
  if (req.method !== 'GET' || product === undefined)
    return send(res, 404, { 'content-type': 'text/html' }, '<html><body>Not found</body></html>');
  const fault = state.faults.get(product.name);
  if (fault === 'server-error') return send(res, 503, { 'content-type': 'text/html' }, '<html>Service Unavailable</html>');
  if (fault === 'rate-limited') return send(res, 429, { 'retry-after': '60' }, '');
  const validators = { etag: etagOf(product), 'last-modified': product.modifiedAt.toUTCString() };
  if (isNotModified(req, product)) return send(res, 304, validators, '');
  const json = { 'content-type': 'application/json; charset=utf-8', ...validators };
  if (fault === 'invalid-json') return send(res, 200, json, '{"schema_version": "1.2.1", "result": ');
  const name = fault === 'wrong-product' ? 'something-else' : product.name;
  const releases = fault === 'no-releases' ? [] : product.releases;
  const body = {
    schema_version: '1.2.1',
    generated_at: product.modifiedAt.toISOString(),
    last_modified: product.modifiedAt.toISOString(),
    result: { name, aliases: [], label: product.label, category: 'lang', tags: ['lang'], links: {}, identifiers: [], releases },
  };
  return send(res, 200, json, JSON.stringify(body));
}

function isNotModified(req: IncomingMessage, product: StubProduct): boolean {
  const ifNoneMatch = header(req, 'if-none-match');
  if (ifNoneMatch !== undefined) return ifNoneMatch.split(',').some((tag) => tag.trim() === etagOf(product) || tag.trim() === '*');
  const ifModifiedSince = header(req, 'if-modified-since');
  const since = ifModifiedSince === undefined ? Number.NaN : Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && product.modifiedAt.getTime() <= since;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): number {
  res.writeHead(status, headers);
  res.end(status === 304 ? undefined : body);
  return status;
}
