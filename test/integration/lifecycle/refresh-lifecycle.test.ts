import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refreshLifecycle } from '../../../scripts/refresh-lifecycle.js';
import { ReleaseLineData } from '../../../src/lifecycle/index.js';
import { startEndoflifeApiStub, type EndoflifeApiStub } from '../../support/endoflife-api.js';
import { PINNED_DATA } from '../../unit/lifecycle/pinned.js';

const run = promisify(execFile);
const SCRIPT = new URL('../../../dist/scripts/refresh-lifecycle.js', import.meta.url).pathname;
const FIRST_RUN = new Date('2026-09-01T06:00:00Z');

let stub: EndoflifeApiStub;
let directory: string;
let file: string;

beforeAll(async () => {
  stub = await startEndoflifeApiStub({ data: PINNED_DATA, today: '2026-08-22', modifiedAt: new Date('2026-08-22T08:52:34Z') });
});

afterAll(async () => {
  await stub.close();
});

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'freshbase-lifecycle-'));
  file = join(directory, 'release-lines.json');
  stub.requests.length = 0;
  return () => {
    rmSync(directory, { recursive: true, force: true });
  };
});

function readData(): ReleaseLineData {
  return ReleaseLineData.parse(JSON.parse(readFileSync(file, 'utf8')));
}

function cycleOf(data: ReleaseLineData, id: string, cycle: string) {
  return data.products.find((product) => product.id === id)?.cycles.find((entry) => entry.cycle === cycle);
}

describe('scripts/refresh-lifecycle', () => {
  it('writes every product on a first run (200), then sends validators and writes nothing when all answer 304', async () => {
    const first = await refreshLifecycle({ baseUrl: stub.baseUrl, file, now: FIRST_RUN });
    const written = readFileSync(file, 'utf8');
    const data = readData();

    expect(first).toMatchObject({ status: 'updated', notModified: [] });
    expect(first.updated).toHaveLength(15);
    expect(data.takenAt).toBe('2026-09-01T06:00:00.000Z');
    expect(data.source).toEqual({ name: 'endoflife.date', api: stub.baseUrl });
    expect(cycleOf(data, 'python', '3.9')).toMatchObject({ eol: '2025-10-31', supportEnd: '2022-05-17', releaseDate: '2020-10-05' });
    expect(cycleOf(data, 'node', '26')).toMatchObject({ lts: true, ltsFrom: '2026-10-28' });
    expect(cycleOf(data, 'debian', '11')).toMatchObject({ eol: '2024-08-14', extendedSupportEnd: '2026-08-31' });
    expect(data.products.find((product) => product.id === 'java')).toMatchObject({
      endoflife: 'eclipse-temurin',
      etag: '"eclipse-temurin-1"',
    });
    expect(stub.requests.every((request) => request.ifNoneMatch === undefined && request.status === 200)).toBe(true);

    stub.requests.length = 0;
    const second = await refreshLifecycle({ baseUrl: stub.baseUrl, file, now: new Date('2026-09-08T06:00:00Z') });

    expect(second).toMatchObject({ status: 'unchanged', updated: [] });
    expect(second.notModified).toHaveLength(15);
    expect(stub.requests.find((request) => request.path === '/api/v1/products/python')).toMatchObject({
      ifNoneMatch: '"python-1"',
      ifModifiedSince: 'Sat, 22 Aug 2026 08:52:34 GMT',
      status: 304,
    });
    expect(readFileSync(file, 'utf8')).toBe(written);
  });

  it('rewrites only what changed: a new python line (200) beside 14 products that answer 304', async () => {
    await refreshLifecycle({ baseUrl: stub.baseUrl, file, now: FIRST_RUN });
    const before = readData();
    const releases = stub.releasesOf('python');
    stub.putReleases(
      'python',
      [
        {
          ...releases[0],
          name: '3.15',
          releaseDate: '2026-10-01',
          isEol: false,
          eolFrom: '2031-10-31',
          isEoas: false,
          eoasFrom: '2028-10-01',
        },
        ...releases,
      ],
      new Date('2026-09-05T10:00:00Z'),
    );

    const result = await refreshLifecycle({ baseUrl: stub.baseUrl, file, now: new Date('2026-09-08T06:00:00Z') });
    const after = readData();

    expect(result).toMatchObject({ status: 'updated', updated: ['python'] });
    expect(result.notModified).toHaveLength(14);
    expect(cycleOf(after, 'python', '3.15')).toEqual({
      cycle: '3.15',
      codename: null,
      lts: false,
      ltsFrom: null,
      releaseDate: '2026-10-01',
      supportEnd: '2028-10-01',
      eol: '2031-10-31',
      extendedSupportEnd: null,
    });
    expect(after.products.find((product) => product.id === 'python')?.etag).toBe('"python-2"');
    expect(after.products.filter((product) => product.id !== 'python')).toEqual(
      before.products.filter((product) => product.id !== 'python'),
    );
    expect(after.takenAt).toBe('2026-09-08T06:00:00.000Z');
    stub.putReleases('python', releases, new Date('2026-09-06T10:00:00Z'));
  });

  it('uses If-Modified-Since when the file has no ETag', async () => {
    await refreshLifecycle({ baseUrl: stub.baseUrl, file, now: FIRST_RUN });
    const data = readData();
    writeFileSync(file, JSON.stringify({ ...data, products: data.products.map((product) => ({ ...product, etag: null })) }));
    stub.requests.length = 0;

    const result = await refreshLifecycle({ baseUrl: stub.baseUrl, file, now: new Date('2026-09-08T06:00:00Z') });

    expect(result.status).toBe('unchanged');
    expect(stub.requests.every((request) => request.ifNoneMatch === undefined && request.ifModifiedSince !== undefined)).toBe(true);
  });

  it.each([
    ['server-error', /products\/redis answered 503/],
    ['rate-limited', /products\/redis answered 429/],
    ['invalid-json', /invalid JSON/],
    ['wrong-product', /about product "something-else"/],
    ['no-releases', /not an API v1 product answer/],
  ] as const)('leaves the file untouched when one product answers %s', async (fault, message) => {
    await refreshLifecycle({ baseUrl: stub.baseUrl, file, now: FIRST_RUN });
    const data = readData();
    writeFileSync(
      file,
      JSON.stringify({ ...data, products: data.products.map((product) => ({ ...product, etag: null, lastModified: null })) }),
    );
    const before = readFileSync(file, 'utf8');
    stub.setFault('redis', fault);

    try {
      await expect(refreshLifecycle({ baseUrl: stub.baseUrl, file, now: new Date('2026-09-08T06:00:00Z') })).rejects.toThrow(message);
    } finally {
      stub.setFault('redis', null);
    }

    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(directory)).toEqual(['release-lines.json']);
  });

  it('refuses an answer that drops a line the file says is supported', async () => {
    await refreshLifecycle({ baseUrl: stub.baseUrl, file, now: FIRST_RUN });
    const before = readFileSync(file, 'utf8');
    const releases = stub.releasesOf('nginx');
    stub.putReleases(
      'nginx',
      releases.filter((release) => release.name !== '1.30'),
      new Date('2026-09-05T10:00:00Z'),
    );

    try {
      await expect(refreshLifecycle({ baseUrl: stub.baseUrl, file, now: new Date('2026-09-08T06:00:00Z') })).rejects.toThrow(
        /supported release cycles "1.30" are missing/,
      );
    } finally {
      stub.putReleases('nginx', releases, new Date('2026-09-06T10:00:00Z'));
    }

    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('runs as a command (built): writes, then says nothing changed; fails with exit code 1 and writes nothing on error', async () => {
    const first = await run(process.execPath, [SCRIPT, '--base-url', stub.baseUrl, '--file', file]);
    const written = readFileSync(file, 'utf8');
    const second = await run(process.execPath, [SCRIPT, '--base-url', stub.baseUrl, '--file', file]);
    stub.setFault('go', 'server-error');
    const failed = await run(process.execPath, [SCRIPT, `--base-url=${stub.baseUrl}`, `--file=${file}`]).then(
      () => ({ code: 0, stderr: '' }),
      (error: unknown) => error as { code: number; stderr: string },
    );
    stub.setFault('go', null);

    expect(first.stdout).toContain('written; 15 updated');
    expect(second.stdout).toContain('unchanged; 0 updated (none), 15 not modified');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`GET ${stub.baseUrl}/products/go answered 503`);
    expect(failed.stderr).toContain('nothing written');
    expect(readFileSync(file, 'utf8')).toBe(written);
  });
});
