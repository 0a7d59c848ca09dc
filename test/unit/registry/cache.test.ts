import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRegistryCache } from '../../../src/registry/cache.js';
import { createHostLimiter } from '../../../src/registry/host-limiter.js';
import { createMemoryStore, createTieredStore, NO_EXPIRY } from '../../../src/registry/store.js';

function bytes(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}

describe('registry/store', () => {
  it('keeps an entry until its TTL passes on the injected clock, and one without expiry for good', async () => {
    let now = 1000;
    const store = createMemoryStore({ now: () => now });
    await store.set('ttl', bytes('v'), 500);
    await store.set('forever', bytes('w'), NO_EXPIRY);

    const before = await store.get('ttl');
    now = 1_000_000;
    const after = await Promise.all([store.get('ttl'), store.get('forever')]);

    expect(before).toEqual({ value: bytes('v'), expiresAt: 1500 });
    expect(after).toEqual([undefined, { value: bytes('w'), expiresAt: NO_EXPIRY }]);
  });

  it('stores nothing for a TTL of 0 (caching turned off)', async () => {
    const store = createMemoryStore();
    await store.set('k', bytes('v'), 0);

    expect(await store.get('k')).toBeUndefined();
  });

  it('drops the least recently used entries past its byte bound', async () => {
    const store = createMemoryStore({ maxBytes: 30 });
    await store.set('a', bytes('x'.repeat(12)), NO_EXPIRY);
    await store.set('b', bytes('x'.repeat(12)), NO_EXPIRY);
    await store.get('a');
    await store.set('c', bytes('x'.repeat(12)), NO_EXPIRY);

    const present = await Promise.all(['a', 'b', 'c'].map(async (key) => (await store.get(key)) !== undefined));

    expect(present).toEqual([true, false, true]);
  });

  it('reads the front store first, copies a back-store hit to the front for the time it has left', async () => {
    let now = 10_000;
    const front = createMemoryStore({ now: () => now });
    const back = createMemoryStore({ now: () => now });
    const tiered = createTieredStore({ front, back, now: () => now });
    await back.set('k', bytes('v'), 1000);

    await tiered.get('k');
    now = 10_999;
    const copied = await front.get('k');
    now = 11_001;
    const expired = await front.get('k');

    expect(copied?.value).toEqual(bytes('v'));
    expect(expired).toBeUndefined();
  });
});

describe('registry/cache', () => {
  const Text = z.string();

  it('joins concurrent lookups of one key into one load, then answers from the store', async () => {
    const cache = createRegistryCache(createMemoryStore());
    let loads = 0;
    const lookup = { key: 'tags', ttlMs: 1000, schema: Text, load: () => Promise.resolve(`loaded ${++loads}`) };

    const concurrent = await Promise.all([cache.json(lookup), cache.json(lookup), cache.json(lookup)]);
    const later = await cache.json(lookup);

    expect(loads).toBe(1);
    expect(concurrent.map((answer) => answer.hit)).toEqual([false, true, true]);
    expect(later).toEqual({ value: 'loaded 1', hit: true });
  });

  it('does not cache a failure', async () => {
    const cache = createRegistryCache(createMemoryStore());
    let calls = 0;
    const load = (): Promise<string> => (++calls === 1 ? Promise.reject(new Error('boom')) : Promise.resolve('ok'));

    await expect(cache.json({ key: 'k', ttlMs: 1000, schema: Text, load })).rejects.toThrow('boom');
    const second = await cache.json({ key: 'k', ttlMs: 1000, schema: Text, load });

    expect(second).toEqual({ value: 'ok', hit: false });
  });

  it('reloads when the stored value does not match the schema (another version wrote it)', async () => {
    const store = createMemoryStore();
    await store.set('k', bytes('42'), 1000);

    const answer = await createRegistryCache(store).json({ key: 'k', ttlMs: 1000, schema: Text, load: () => Promise.resolve('fresh') });

    expect(answer).toEqual({ value: 'fresh', hit: false });
  });

  it('serves content only when it hashes to its digest, and refuses to store bytes that do not', async () => {
    const store = createMemoryStore();
    const cache = createRegistryCache(store);
    const content = bytes('{"schemaVersion":2}');
    const digest = `sha256:${createHash('sha256').update(content).digest('hex')}`;
    await cache.putContent('good', digest, { bytes: content, label: 'application/vnd.oci.image.manifest.v1+json' });
    await cache.putContent('bad', digest, { bytes: bytes('{"schemaVersion":3}'), label: 'x' });
    await store.set('tampered', Buffer.concat([bytes('x\n'), bytes('{"schemaVersion":4}')]), NO_EXPIRY);

    const read = await Promise.all(['good', 'bad', 'tampered'].map((key) => cache.peekContent(key, digest)));

    expect(read).toEqual([{ bytes: content, label: 'application/vnd.oci.image.manifest.v1+json' }, undefined, undefined]);
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
