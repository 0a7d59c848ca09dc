/**
 * The cache directory: a `CacheStore` whose entries are files, shared safely by processes.
 *
 * Owns: `createDiskStore`, the entry file format and the size bound. Each entry is one file
 * named by the sha256 of its key, written to a temporary file and renamed into place (a killed
 * process never leaves a half-written entry). A file starts with a header line (format version,
 * key, expiry, payload length and sha256); a file that is truncated, corrupt, of another format
 * or for another key is a miss and is deleted, never trusted. Past `maxBytes` the least recently
 * used files (by mtime, refreshed on every hit) are deleted.
 * May import: node:fs, node:crypto, write-file-atomic, registry/store. Must not: throw from
 * `get` or `set` (a cache that cannot be read or written is reported through `onError` and
 * behaves as empty), or hold values in memory.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { NO_EXPIRY, type CacheStore } from './store.js';

/** The header's format tag; a file with another one is foreign (or from another version). */
export const DISK_FORMAT = 'freshbase-cache/1';
const ENTRY_NAME = /^[0-9a-f]{64}$/;
/** Temporary files older than this were left by a killed writer. */
const STALE_TEMP_MS = 10 * 60_000;
const MAX_HEADER_BYTES = 64 * 1024;

/** Options of `createDiskStore`. */
export interface DiskStoreOptions {
  /** The cache directory; created when missing. */
  dir: string;
  /** Most bytes of entry files; the least recently used go first. @default 256 MiB */
  maxBytes?: number;
  /** @default Date.now */
  now?: () => number;
  /** Told once per kind of failure (unwritable directory, full disk); the store then acts as empty. */
  onError?: (error: unknown) => void;
}

interface Header {
  format: string;
  key: string;
  expiresAt: number | null;
  size: number;
  sha256: string;
}

function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Parses and checks an entry file: undefined when it is not a valid entry for `key`. */
export function decodeEntry(bytes: Uint8Array, key: string): { value: Uint8Array; expiresAt: number } | undefined {
  const newline = bytes.subarray(0, MAX_HEADER_BYTES).indexOf(0x0a);
  if (newline < 0) return undefined;
  let header: Partial<Header>;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(0, newline)).toString('utf8')) as Partial<Header>;
  } catch {
    return undefined; // a damaged header: the caller deletes the file
  }
  const value = bytes.subarray(newline + 1);
  if (header.format !== DISK_FORMAT || header.key !== key || header.size !== value.byteLength) return undefined;
  if (typeof header.sha256 !== 'string' || sha256Hex(value) !== header.sha256) return undefined;
  const expiresAt = header.expiresAt === null ? NO_EXPIRY : header.expiresAt;
  if (typeof expiresAt !== 'number' || Number.isNaN(expiresAt)) return undefined;
  return { value, expiresAt };
}

/** The bytes of an entry file. */
export function encodeEntry(key: string, value: Uint8Array, expiresAt: number): Buffer {
  const header: Header = {
    format: DISK_FORMAT,
    key,
    expiresAt: expiresAt === NO_EXPIRY ? null : expiresAt,
    size: value.byteLength,
    sha256: sha256Hex(value),
  };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), value]);
}

/** A path that does not exist (or cannot: a file stands where a directory should). */
function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR');
}

/** The result of `work`, or `fallback` when what it reads was deleted meanwhile (another process evicting). */
async function unlessMissing<T, F>(work: Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await work;
  } catch (error: unknown) {
    if (isMissing(error)) return fallback;
    throw error;
  }
}

/** Creates a store over a directory. Nothing is touched before the first call. */
export function createDiskStore(options: DiskStoreOptions): CacheStore {
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
  const root = join(options.dir, 'v1');
  const reported = new Set<string>();
  let total: Promise<number> | undefined;
  let evicting: Promise<void> | undefined;

  function report(kind: string, error: unknown): void {
    if (reported.has(kind)) return;
    reported.add(kind);
    options.onError?.(error);
  }

  function pathOf(key: string): { dir: string; file: string } {
    const name = sha256Hex(key);
    const dir = join(root, name.slice(0, 2));
    return { dir, file: join(dir, name) };
  }

  async function remove(file: string): Promise<void> {
    await unlink(file).catch((error: unknown) => {
      if (!isMissing(error)) report('delete', error);
    });
  }

  /** Every file under the root with its size and mtime; stale temporary files are deleted on the way. */
  async function listFiles(): Promise<{ file: string; size: number; mtimeMs: number }[]> {
    const files: { file: string; size: number; mtimeMs: number }[] = [];
    for (const shard of await unlessMissing(readdir(root), [])) {
      for (const name of await unlessMissing(readdir(join(root, shard)), [])) {
        const file = join(root, shard, name);
        const info = await unlessMissing(stat(file), undefined);
        if (info === undefined || !info.isFile()) continue;
        if (!ENTRY_NAME.test(name)) {
          if (now() - info.mtimeMs > STALE_TEMP_MS) await remove(file);
          continue;
        }
        files.push({ file, size: info.size, mtimeMs: info.mtimeMs });
      }
    }
    return files;
  }

  /** Deletes the least recently used files until the directory is under 90% of the bound. */
  async function evict(): Promise<void> {
    const files = await listFiles();
    let size = files.reduce((sum, entry) => sum + entry.size, 0);
    files.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const entry of files) {
      if (size <= maxBytes * 0.9) break;
      await remove(entry.file);
      size -= entry.size;
    }
    total = Promise.resolve(size);
  }

  /** The bytes in the directory, measured once (before this process's first write) and then tracked. */
  function measured(): Promise<number> {
    total ??= listFiles().then((files) => files.reduce((sum, entry) => sum + entry.size, 0));
    return total;
  }

  async function account(added: number): Promise<void> {
    const size = (await measured()) + added;
    total = Promise.resolve(size);
    if (size <= maxBytes || evicting !== undefined) return;
    evicting = evict().finally(() => {
      evicting = undefined;
    });
    await evicting;
  }

  return {
    async get(key) {
      const { file } = pathOf(key);
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error: unknown) {
        if (!isMissing(error)) report('read', error);
        return undefined;
      }
      const entry = decodeEntry(bytes, key);
      if (entry === undefined || entry.expiresAt <= now()) {
        await remove(file);
        return undefined;
      }
      const touched = new Date(now());
      await utimes(file, touched, touched).catch((error: unknown) => {
        if (!isMissing(error)) report('touch', error);
      });
      return entry;
    },
    async set(key, value, ttlMs) {
      if (!(ttlMs > 0)) return;
      const { dir, file } = pathOf(key);
      const bytes = encodeEntry(key, value, ttlMs === NO_EXPIRY ? NO_EXPIRY : now() + ttlMs);
      try {
        await measured();
        await mkdir(dir, { recursive: true });
        await writeFileAtomic(file, bytes, { fsync: false });
        const written = new Date(now());
        await utimes(file, written, written);
        await account(bytes.byteLength);
      } catch (error: unknown) {
        report('write', error);
      }
    },
  };
}
