import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOsvClient, osvQueryKey, type OsvLookup, type OsvQuery } from '../../../src/osv/index.js';
import { startOsvStub, type OsvStub } from '../../support/osv-stub.js';

let stub: OsvStub;

beforeAll(async () => {
  stub = await startOsvStub();
});

afterAll(async () => {
  await stub.stop();
});

beforeEach(() => {
  stub.setFault(undefined);
  stub.setPages(1);
  stub.requests.length = 0;
});

const nginxOld: OsvQuery = { ecosystem: 'Debian:7', name: 'nginx', version: '1.2.1-2.2+wheezy2' };
const nginxFixed: OsvQuery = { ecosystem: 'Debian:7', name: 'nginx', version: '1.2.1-2.2+wheezy3' };
const mariadbOld: OsvQuery = { ecosystem: 'Alpine:v3.12', name: 'mariadb', version: '10.4.24-r0' };
const mariadbFixed: OsvQuery = { ecosystem: 'Alpine:v3.12', name: 'mariadb', version: '10.4.25-r0' };
const libexifOld: OsvQuery = { ecosystem: 'Alpine:v3.12', name: 'libexif', version: '0.6.20-r0' };

function ok(lookup: OsvLookup): Extract<OsvLookup, { status: 'ok' }> {
  if (lookup.status !== 'ok') throw new Error(`OSV lookup failed: ${lookup.reason}`);
  return lookup;
}

describe('osv/client', () => {
  it('asks one querybatch for a whole set of Debian and Alpine versions and fetches each record once', async () => {
    const client = createOsvClient({ baseUrl: stub.url });

    const lookup = ok(await client.lookup([nginxOld, nginxFixed, mariadbOld, mariadbFixed, libexifOld]));

    expect(Object.fromEntries(lookup.ids)).toEqual({
      [osvQueryKey(nginxOld)]: ['DSA-3029-1'],
      [osvQueryKey(nginxFixed)]: [],
      [osvQueryKey(mariadbOld)]: ['CVE-2022-27449'],
      [osvQueryKey(mariadbFixed)]: [],
      [osvQueryKey(libexifOld)]: ['CVE-2012-2812'],
    });
    expect([...lookup.details.keys()].sort()).toEqual(['CVE-2012-2812', 'CVE-2022-27449', 'DSA-3029-1']);
    expect(lookup.details.get('DSA-3029-1')?.related).toEqual(['CVE-2014-3616']);
    expect(stub.requests.filter((request) => request.path === '/v1/querybatch').map((request) => request.queries)).toEqual([5]);
    expect(stub.requests.filter((request) => request.path.startsWith('/v1/vulns/'))).toHaveLength(3);
  });

  it('answers a repeated lookup from its cache without a request', async () => {
    const client = createOsvClient({ baseUrl: stub.url });
    await client.lookup([nginxOld, mariadbOld]);
    stub.requests.length = 0;

    const again = ok(await client.lookup([mariadbOld, nginxOld]));

    expect(stub.requests).toEqual([]);
    expect(again.ids.get(osvQueryKey(nginxOld))).toEqual(['DSA-3029-1']);
  });

  it("follows each query's next_page_token, asking again only for the queries that have more", async () => {
    stub.setPages(3);
    const client = createOsvClient({ baseUrl: stub.url });

    const lookup = ok(await client.lookup([nginxOld, nginxFixed, mariadbOld]));

    expect(lookup.ids.get(osvQueryKey(nginxOld))).toEqual(['DSA-3029-1']);
    expect(lookup.ids.get(osvQueryKey(mariadbOld))).toEqual(['CVE-2022-27449']);
    expect(
      stub.requests.filter((request) => request.path === '/v1/querybatch').map((request) => [request.queries, request.pageTokens]),
    ).toEqual([
      [3, 0],
      [2, 2],
      [2, 2],
    ]);
  });

  it('splits more queries than the batch size into several querybatch requests', async () => {
    const client = createOsvClient({ baseUrl: stub.url, limits: { batchSize: 2 } });

    ok(await client.lookup([nginxOld, nginxFixed, mariadbOld, mariadbFixed, libexifOld]));

    expect(stub.requests.filter((request) => request.path === '/v1/querybatch').map((request) => request.queries)).toEqual([2, 2, 1]);
  });

  it('stops at the query and record caps and says how much was left out', async () => {
    const client = createOsvClient({ baseUrl: stub.url, limits: { maxQueries: 2, maxVulnFetches: 1 } });

    const lookup = ok(await client.lookup([nginxOld, mariadbOld, libexifOld]));

    expect(lookup.ids.size).toBe(2);
    expect(lookup.skipped).toEqual({ queries: 1, details: 1 });
    expect(lookup.details.size).toBe(1);
  });

  it.each([
    [{ kind: 'status', status: 500 } as const, 'querybatch failed: HTTP 500'],
    [{ kind: 'status', status: 429 } as const, 'querybatch failed: HTTP 429'],
    [{ kind: 'not-json' } as const, 'querybatch failed: answer is not JSON'],
    [{ kind: 'oversized', bytes: 200_000 } as const, 'querybatch failed: answer larger than 100000 bytes'],
  ])('reports OSV unavailable, without throwing, when it answers %o', async (fault, reason) => {
    stub.setFault(fault);
    const client = createOsvClient({ baseUrl: stub.url, limits: { batchBytes: 100_000 } });

    const lookup = await client.lookup([nginxOld]);

    expect(lookup).toEqual({ status: 'unavailable', reason });
  });

  it('gives up on an OSV that never answers, after its timeout', async () => {
    stub.setFault({ kind: 'hang' });
    const client = createOsvClient({ baseUrl: stub.url, timeoutMs: 200 });

    const lookup = await client.lookup([nginxOld]);

    expect(lookup).toEqual({ status: 'unavailable', reason: 'querybatch failed: no answer within 200 ms' });
  });

  it('reports an unreachable OSV', async () => {
    const client = createOsvClient({ baseUrl: 'http://127.0.0.1:9' });

    const lookup = await client.lookup([nginxOld]);

    expect(lookup.status).toBe('unavailable');
  });

  it('does not cache a failure: the next lookup asks again', async () => {
    const client = createOsvClient({ baseUrl: stub.url });
    stub.setFault({ kind: 'status', status: 503 });
    await client.lookup([nginxOld]);
    stub.setFault(undefined);

    const lookup = ok(await client.lookup([nginxOld]));

    expect(lookup.ids.get(osvQueryKey(nginxOld))).toEqual(['DSA-3029-1']);
  });
});
