import { describe, expect, it } from 'vitest';
import { createCachedLoader, createMemoryCache } from '../../../src/registry/cache.js';
import { createHostLimiter } from '../../../src/registry/host-limiter.js';

const isString = (value: unknown): value is string => typeof value === 'string';

describe('registry/cache', () => {
  it('keeps an entry until its TTL passes on the injected clock', async () => {
    let now = 1000;
    const cache = createMemoryCache({ now: () => now });
    await cache.set('k', 'v', 500);

    const before = await cache.get('k');
    now = 1500;
    const after = await cache.get('k');

    expect([before, after]).toEqual(['v', undefined]);
  });

  it('drops the oldest entry past maxEntries', async () => {
    const cache = createMemoryCache({ maxEntries: 2 });
    await cache.set('a', 1, 1000);
    await cache.set('b', 2, 1000);
    await cache.set('c', 3, 1000);

    expect(await Promise.all(['a', 'b', 'c'].map((key) => cache.get(key)))).toEqual([undefined, 2, 3]);
  });

  it('joins concurrent lookups of one key into one load, then answers from the cache', async () => {
    const loader = createCachedLoader(createMemoryCache());
    let loads = 0;
    const lookup = { key: 'tags', ttlMs: 1000, isValue: isString, load: () => Promise.resolve(`loaded ${++loads}`) };

    const concurrent = await Promise.all([loader.get(lookup), loader.get(lookup), loader.get(lookup)]);
    const later = await loader.get(lookup);

    expect(loads).toBe(1);
    expect(concurrent.map((answer) => answer.hit)).toEqual([false, true, true]);
    expect(later).toEqual({ value: 'loaded 1', hit: true });
  });

  it('does not cache a failure', async () => {
    const loader = createCachedLoader(createMemoryCache());
    let calls = 0;
    const load = (): Promise<string> => (++calls === 1 ? Promise.reject(new Error('boom')) : Promise.resolve('ok'));

    await expect(loader.get({ key: 'k', ttlMs: 1000, isValue: isString, load })).rejects.toThrow('boom');
    const second = await loader.get({ key: 'k', ttlMs: 1000, isValue: isString, load });

    expect(second).toEqual({ value: 'ok', hit: false });
  });

  it('reloads when the cached value fails its check (another version wrote it)', async () => {
    const cache = createMemoryCache();
    await cache.set('k', 42, 1000);

    const answer = await createCachedLoader(cache).get({ key: 'k', ttlMs: 1000, isValue: isString, load: () => Promise.resolve('fresh') });

    expect(answer).toEqual({ value: 'fresh', hit: false });
  });
});

describe('registry/host-limiter', () => {
  it('runs at most the limit per host at once and queues the rest', async () => {
    const limiter = createHostLimiter(2);
    let active = 0;
    let peak = 0;
    const task = async (): Promise<void> => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setImmediate(resolve));
      active -= 1;
    };

    await Promise.all([...Array.from({ length: 6 }, () => limiter.run('a', task)), limiter.run('b', task)]);

    expect(peak).toBe(3);
  });

  it('refuses a limit below one', () => {
    expect(() => createHostLimiter(0)).toThrow(RangeError);
  });
});
