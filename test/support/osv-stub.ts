/**
 * A stateful loopback stub of the OSV API (google/osv.dev docs/api): `POST /v1/querybatch`
 * (at most 1000 queries, ids and `modified` only, `{}` for a query nothing affects, a
 * `next_page_token` per query when its vulnerabilities span pages) and `GET /v1/vulns/{id}`
 * (the stored record, byte for byte; 404 for an unknown id). It answers from real records in
 * `fixtures/osv/`, deciding "affected" from each record's `versions` list and `ECOSYSTEM`
 * ranges as OSV does, comparing versions with Debian's algorithm (the Alpine versions of the
 * fixture records compare the same way).
 *
 * Tests may publish more records (`addRecord`). Faults are switched on by tests: a status code, a body that is not JSON, an oversized body,
 * or no answer at all (the connection stays open until the client gives up).
 *
 * Owns: `startOsvStub`, `compareDebianVersions`.
 * May import: node built-ins. Must not: reach beyond 127.0.0.1.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('../../fixtures/osv/', import.meta.url));

/** A fault the stub answers with instead of the real answer. */
export type OsvFault = { kind: 'status'; status: number } | { kind: 'not-json' } | { kind: 'oversized'; bytes: number } | { kind: 'hang' };

/** A running stub. */
export interface OsvStub {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Every request: method, path and (for querybatch) the number of queries and page tokens. */
  requests: { method: string; path: string; queries?: number; pageTokens?: number }[];
  /** Answers every later request with this fault (undefined: answer normally). */
  setFault(fault: OsvFault | undefined): void;
  /**
   * Spreads each query's vulnerabilities over this many pages (OSV pages a query when it
   * runs out of time, so a page may hold some, none or all of them). @default 1
   */
  setPages(pages: number): void;
  /** Publishes one more record (its OSV JSON text), as OSV does when an advisory comes out; it answers from then on. */
  addRecord(text: string): void;
  stop(): Promise<void>;
}

interface StoredRecord {
  text: string;
  affected: { ecosystem: string; name: string; versions: string[]; ranges: { type: string; events: Record<string, string>[] }[] }[];
  modified: string;
}

// --- Debian version comparison (deb-version(7): epoch, upstream, revision; `~` sorts first) ---

function order(char: string | undefined): number {
  if (char === undefined) return 0;
  if (char === '~') return -1;
  if (/[A-Za-z]/.test(char)) return char.charCodeAt(0);
  return char.charCodeAt(0) + 256;
}

function comparePart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !/\d/.test(a.charAt(i))) || (j < b.length && !/\d/.test(b.charAt(j)))) {
      const ca = i < a.length && !/\d/.test(a.charAt(i)) ? a.charAt(i) : undefined;
      const cb = j < b.length && !/\d/.test(b.charAt(j)) ? b.charAt(j) : undefined;
      const diff = order(ca) - order(cb);
      if (diff !== 0) return diff;
      if (ca !== undefined) i += 1;
      if (cb !== undefined) j += 1;
    }
    const na = /^\d*/.exec(a.slice(i))?.[0] ?? '';
    const nb = /^\d*/.exec(b.slice(j))?.[0] ?? '';
    const diff = Number(na || '0') - Number(nb || '0');
    if (diff !== 0) return diff;
    i += na.length;
    j += nb.length;
  }
  return 0;
}

function split(version: string): [number, string, string] {
  const colon = version.indexOf(':');
  const epoch = colon > 0 ? Number(version.slice(0, colon)) : 0;
  const rest = colon > 0 ? version.slice(colon + 1) : version;
  const dash = rest.lastIndexOf('-');
  return dash < 0 ? [epoch, rest, ''] : [epoch, rest.slice(0, dash), rest.slice(dash + 1)];
}

/** Negative when `a` sorts before `b` under Debian's rules. */
export function compareDebianVersions(a: string, b: string): number {
  const [ea, ua, ra] = split(a);
  const [eb, ub, rb] = split(b);
  return ea - eb || comparePart(ua, ub) || comparePart(ra, rb);
}

// --- records ---

function parseRecord(text: string): [string, StoredRecord] {
  const json = JSON.parse(text) as {
    id: string;
    modified?: string;
    affected?: {
      package?: { ecosystem: string; name: string };
      versions?: string[] | null;
      ranges?: StoredRecord['affected'][number]['ranges'];
    }[];
  };
  const affected = (json.affected ?? []).flatMap((entry) =>
    entry.package === undefined
      ? []
      : [{ ecosystem: entry.package.ecosystem, name: entry.package.name, versions: entry.versions ?? [], ranges: entry.ranges ?? [] }],
  );
  return [json.id, { text, affected, modified: json.modified ?? '1970-01-01T00:00:00Z' }];
}

function loadRecords(): Map<string, StoredRecord> {
  const records = new Map<string, StoredRecord>();
  for (const file of readdirSync(FIXTURES).filter((name) => name.endsWith('.json'))) {
    const [id, record] = parseRecord(readFileSync(`${FIXTURES}${file}`, 'utf8'));
    records.set(id, record);
  }
  return records;
}

function inRange(version: string, events: readonly Record<string, string>[]): boolean {
  let affected = false;
  for (const event of events) {
    const [kind, value] = Object.entries(event)[0] ?? [];
    if (kind === undefined || value === undefined) continue;
    if (kind === 'introduced' && (value === '0' || compareDebianVersions(version, value) >= 0)) affected = true;
    if (kind === 'fixed' && compareDebianVersions(version, value) >= 0) affected = false;
    if (kind === 'last_affected' && compareDebianVersions(version, value) > 0) affected = false;
  }
  return affected;
}

function affects(record: StoredRecord, ecosystem: string, name: string, version: string): boolean {
  return record.affected.some(
    (entry) =>
      entry.ecosystem === ecosystem &&
      entry.name === name &&
      (entry.versions.includes(version) || entry.ranges.some((range) => range.type === 'ECOSYSTEM' && inRange(version, range.events))),
  );
}

// --- server ---

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

interface BatchQuery {
  package?: { name?: string; ecosystem?: string };
  version?: string;
  page_token?: string;
}

function answerQuery(records: Map<string, StoredRecord>, query: BatchQuery, pages: number): Record<string, unknown> {
  const { name = '', ecosystem = '' } = query.package ?? {};
  const version = query.version ?? '';
  const matches = [...records.entries()]
    .filter(([, record]) => affects(record, ecosystem, name, version))
    .map(([id, record]) => ({ id, modified: record.modified }));
  if (matches.length === 0) return {};
  const page = query.page_token === undefined ? 0 : Number(Buffer.from(query.page_token, 'base64').toString('utf8').split('|')[1] ?? '0');
  const size = Math.ceil(matches.length / pages);
  const vulns = matches.slice(page * size, (page + 1) * size);
  const next = page + 1 < pages ? Buffer.from(`${ecosystem}/${name}@${version}|${page + 1}`).toString('base64') : undefined;
  return { ...(vulns.length === 0 ? {} : { vulns }), ...(next === undefined ? {} : { next_page_token: next }) };
}

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(body);
}

/** Starts the stub on a free port of 127.0.0.1. */
export async function startOsvStub(): Promise<OsvStub> {
  const records = loadRecords();
  const requests: OsvStub['requests'] = [];
  const hanging = new Set<ServerResponse>();
  let fault: OsvFault | undefined;
  let pages = 1;

  function route(method: string, path: string, body: string, entry: OsvStub['requests'][number]): { status: number; body: string } {
    if (fault?.kind === 'status') return { status: fault.status, body: '{"code":13,"message":"internal error"}' };
    if (fault?.kind === 'not-json') return { status: 200, body: '<html>gateway says hello</html>' };
    if (fault?.kind === 'oversized') return { status: 200, body: `{"results":[],"padding":"${'x'.repeat(fault.bytes)}"}` };
    if (method === 'POST' && path === '/v1/querybatch') {
      const queries = (JSON.parse(body) as { queries?: BatchQuery[] }).queries ?? [];
      entry.queries = queries.length;
      entry.pageTokens = queries.filter((query) => query.page_token !== undefined).length;
      if (queries.length > 1000) return { status: 400, body: '{"code":3,"message":"Too many queries."}' };
      return { status: 200, body: JSON.stringify({ results: queries.map((query) => answerQuery(records, query, pages)) }) };
    }
    const vuln = /^\/v1\/vulns\/([^/]+)$/.exec(path);
    if (method === 'GET' && vuln !== null) {
      const record = records.get(decodeURIComponent(vuln[1] ?? ''));
      return record === undefined ? { status: 404, body: '{"code":5,"message":"Bug not found."}' } : { status: 200, body: record.text };
    }
    return { status: 404, body: '{"code":5,"message":"Not Found"}' };
  }

  const server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const entry: OsvStub['requests'][number] = { method: request.method ?? 'GET', path: request.url ?? '/' };
      requests.push(entry);
      if (fault?.kind === 'hang') {
        hanging.add(response);
        return;
      }
      const answer = route(entry.method, entry.path, body, entry);
      send(response, answer.status, answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setFault: (next) => {
      fault = next;
    },
    setPages: (count) => {
      pages = count;
    },
    addRecord: (text) => {
      const [id, record] = parseRecord(text);
      records.set(id, record);
    },
    stop: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
