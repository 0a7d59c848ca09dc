import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, RegistryResponseError, type RegistryOptions } from '../../../src/registry/index.js';
import { startFaultProxy, type FaultProxy } from '../../support/registry/fault-proxy.js';
import { startPlainRegistry, type TestRegistry } from '../../support/registry/servers.js';

/** Oldest first, as some registries list: by the number after "v". */
const oldestFirst = (tags: string[]): string[] => tags.toSorted((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
const TAGS = Array.from({ length: 250 }, (_, index) => `v${index}`);
const HUGE = Array.from({ length: 100_000 }, (_, index) => `1.${index}.0`);
/** More tags than the default cap, as an endless registry would serve. */
const ENDLESS = Array.from({ length: 100_500 }, (_, index) => `2.${index}.0`);

describe('registry/tags pagination through a paging proxy in front of distribution 2.8', () => {
  let server: TestRegistry;
  let paged: FaultProxy;
  let foreign: FaultProxy;

  beforeAll(async () => {
    server = await startPlainRegistry();
    await server.pusher.pushImage({ repository: 'team/app', tags: TAGS });
    paged = await startFaultProxy({
      upstream: server.registry.url,
      pageSize: 50,
      order: oldestFirst,
      syntheticTags: { 'big/repo': HUGE, 'endless/repo': ENDLESS },
    });
    foreign = await startFaultProxy({ upstream: server.registry.url, pageSize: 50, link: 'other-host' });
  });

  afterAll(async () => {
    await Promise.all([paged.stop(), foreign.stop()]);
    await server.stop();
  });

  function client(options: RegistryOptions = {}): ReturnType<typeof createRegistryClient> {
    return createRegistryClient({ insecureHosts: [paged.host, foreign.host, foreign.otherHost], ...options });
  }

  it('follows Link pages to the end, keeping the oldest-first order', async () => {
    paged.reset();
    const registry = client();

    const list = await registry.listTags({ registry: paged.host, repository: 'team/app' });

    expect(list).toEqual({ tags: oldestFirst(TAGS), complete: true, pages: 5 });
    expect(list.tags.at(-1)).toBe('v249');
    expect(paged.requests.map((request) => request.path)).toEqual([
      '/v2/team/app/tags/list',
      '/v2/team/app/tags/list?n=50&last=v49',
      '/v2/team/app/tags/list?n=50&last=v99',
      '/v2/team/app/tags/list?n=50&last=v149',
      '/v2/team/app/tags/list?n=50&last=v199',
    ]);
  });

  it('asks for the configured page size with n', async () => {
    const list = await client({ tagPageSize: 100 }).listTags({ registry: paged.host, repository: 'team/app' });

    expect([list.tags.length, list.pages, list.complete]).toEqual([250, 3, true]);
  });

  it('reports a walk cut by the page cap as incomplete', async () => {
    const list = await client({ maxTagPages: 2 }).listTags({ registry: paged.host, repository: 'team/app' });

    expect(list).toEqual({
      tags: oldestFirst(TAGS).slice(0, 100),
      complete: false,
      pages: 2,
      truncated: {
        reason: 'pages',
        limit: 2,
        message: 'the tag list was cut at 2 pages (the limit per repository); newer tags may be missing',
      },
    });
  });

  it('refuses a Link that points to another host, without following it', async () => {
    foreign.reset();

    const failure = client().listTags({ registry: foreign.host, repository: 'team/app' });

    await expect(failure).rejects.toThrow(RegistryResponseError);
    await expect(failure).rejects.toThrow(`tag list Link points to another host (${foreign.otherHost}); refused`);
    expect(foreign.requests.map((request) => request.listener)).toEqual(['proxy']);
  });

  it('lists 100,000 tags over 200 pages', async () => {
    const registry = client({ tagPageSize: 500 });

    const list = await registry.listTags({ registry: paged.host, repository: 'big/repo' });

    expect([list.tags.length, list.pages, list.complete, list.tags.at(-1)]).toEqual([100_000, 200, true, '1.99999.0']);
    expect(registry.stats().requests).toBe(200);
  });

  it('stops at 100,000 tags and says so, even mid-page', async () => {
    const registry = client({ tagPageSize: 300 });

    const list = await registry.listTags({ registry: paged.host, repository: 'endless/repo' });

    expect([list.tags.length, list.complete, list.pages, list.tags.at(-1)]).toEqual([100_000, false, 334, '2.99999.0']);
    expect(list.truncated).toEqual({
      reason: 'tags',
      limit: 100_000,
      message: 'the tag list was cut at 100,000 tags (the limit per repository); newer tags may be missing',
    });
  });

  it('stops when all pages together pass the byte cap', async () => {
    const registry = client({ tagPageSize: 500, limits: { tagListBytes: 64 * 1024 } });

    const list = await registry.listTags({ registry: paged.host, repository: 'big/repo' });

    expect(list.complete).toBe(false);
    expect(list.truncated?.reason).toBe('bytes');
    expect(list.truncated?.limit).toBe(64 * 1024);
    // Each tag costs at least ten bytes of JSON ("1.1234.0",), so 64 KiB holds fewer than 6,554.
    expect(list.tags).toEqual(HUGE.slice(0, list.tags.length));
    expect(list.tags.length).toBeGreaterThan(4000);
    expect(list.tags.length).toBeLessThan(6554);
  });
});
