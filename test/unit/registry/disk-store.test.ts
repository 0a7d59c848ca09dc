import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiskStore, decodeEntry, DISK_FORMAT, encodeEntry } from '../../../src/registry/disk-store.js';
import { NO_EXPIRY } from '../../../src/registry/store.js';

function bytes(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}

/** Where the store files a key: `v1/<first two hex>/<sha256 of the key>`. */
function fileOf(dir: string, key: string): string {
  const name = createHash('sha256').update(key).digest('hex');
  return join(dir, 'v1', name.slice(0, 2), name);
}

describe('registry/disk-store', () => {
  let dir = '';
  let now = 1_700_000_000_000;
  const clock = (): number => now;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'freshbase-disk-'));
    now = 1_700_000_000_000;
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back what it wrote, until the TTL passes; an entry without expiry stays', async () => {
    const store = createDiskStore({ dir, now: clock });
    await store.set('tags', bytes('["3.12"]'), 60_000);
    await store.set('manifest', bytes('{}'), NO_EXPIRY);

    const fresh = await store.get('tags');
    now += 60_001;
    const later = await Promise.all([store.get('tags'), store.get('manifest')]);

    expect(fresh).toEqual({ value: bytes('["3.12"]'), expiresAt: 1_700_000_060_000 });
    expect(later).toEqual([undefined, { value: bytes('{}'), expiresAt: NO_EXPIRY }]);
  });

  it('writes a header line with format, key, expiry, size and sha256, then the value', async () => {
    const store = createDiskStore({ dir, now: clock });
    await store.set('k', bytes('value'), 1000);

    const text = await readFile(fileOf(dir, 'k'), 'utf8');

    expect(text).toBe(
      `{"format":"${DISK_FORMAT}","key":"k","expiresAt":1700000001000,"size":5,"sha256":"${createHash('sha256').update('value').digest('hex')}"}\nvalue`,
    );
  });

  it.each([
    ['truncated', (file: Buffer) => file.subarray(0, file.byteLength - 2)],
    ['with a flipped byte', (file: Buffer) => Buffer.concat([file.subarray(0, -1), Buffer.from('X')])],
    ['without a header', () => Buffer.from('garbage')],
    ['of another format', (file: Buffer) => Buffer.from(file.toString('utf8').replace(DISK_FORMAT, 'freshbase-cache/0'))],
  ])('treats an entry file %s as a miss, deletes it, and takes a new write', async (_label, damage) => {
    const store = createDiskStore({ dir, now: clock });
    await store.set('k', bytes('value'), NO_EXPIRY);
    const file = fileOf(dir, 'k');
    await writeFile(file, damage(await readFile(file)));

    const damaged = await store.get('k');
    const deleted = await stat(file).catch(() => 'gone');
    await store.set('k', bytes('again'), NO_EXPIRY);

    expect(damaged).toBeUndefined();
    expect(deleted).toBe('gone');
    expect((await store.get('k'))?.value).toEqual(bytes('again'));
  });

  it('does not serve a valid entry of another key copied to this key’s place', async () => {
    const store = createDiskStore({ dir, now: clock });
    await store.set('other', bytes('secret of another scope'), NO_EXPIRY);
    await mkdir(join(fileOf(dir, 'mine'), '..'), { recursive: true });
    await writeFile(fileOf(dir, 'mine'), await readFile(fileOf(dir, 'other')));

    expect(await store.get('mine')).toBeUndefined();
  });

  it('decodes only entries whose header matches the key and the value its checksum', () => {
    const encoded = encodeEntry('k', bytes('v'), NO_EXPIRY);

    expect(decodeEntry(encoded, 'k')).toEqual({ value: bytes('v'), expiresAt: NO_EXPIRY });
    expect(decodeEntry(encoded, 'other')).toBeUndefined();
  });

  it('deletes the least recently used files past its size bound; a hit counts as a use', async () => {
    // Each file is a 145-byte header and a 200-byte value: three fit, a fourth does not.
    const store = createDiskStore({ dir, now: clock, maxBytes: 1100 });
    const value = bytes('x'.repeat(200));
    for (const key of ['a', 'b', 'c']) {
      await store.set(key, value, NO_EXPIRY);
      now += 1000;
    }
    await store.get('a');
    now += 1000;
    await store.set('d', value, NO_EXPIRY);

    const present = await Promise.all(['a', 'b', 'c', 'd'].map(async (key) => (await store.get(key)) !== undefined));

    expect(present).toEqual([true, false, false, true]);
  });

  it('removes temporary files a killed writer left, once they are stale, and never reads them', async () => {
    const store = createDiskStore({ dir, now: clock, maxBytes: 300 });
    await store.set('a', bytes('x'.repeat(100)), NO_EXPIRY);
    const shard = join(fileOf(dir, 'a'), '..');
    const leftover = join(shard, `${createHash('sha256').update('a').digest('hex')}.1234567`);
    await writeFile(leftover, 'half a write');
    const old = new Date(now - 60 * 60_000);
    await utimes(leftover, old, old);

    await store.set('b', bytes('x'.repeat(400)), NO_EXPIRY);

    expect(await readdir(shard)).not.toContain(leftover.slice(shard.length + 1));
  });

  it('reports a directory it cannot create once, and behaves as an empty cache', async () => {
    const errors: unknown[] = [];
    const file = join(dir, 'a-file');
    await writeFile(file, 'not a directory');
    const store = createDiskStore({ dir: join(file, 'cache'), now: clock, onError: (error) => errors.push(error) });

    await store.set('a', bytes('1'), NO_EXPIRY);
    await store.set('b', bytes('2'), NO_EXPIRY);
    const read = await store.get('a');

    expect(read).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'ENOTDIR' });
  });
});
