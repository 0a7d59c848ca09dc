/**
 * Where registry answers are kept: a small byte store interface (an entry expires after a TTL,
 * or never), an in-memory store bounded by bytes (least recently used out), and a tiered store
 * that puts a fast store in front of a slower shared one (memory before the cache directory, or
 * before Redis later).
 *
 * Owns: `CacheStore`, `createMemoryStore`, `createTieredStore`, `NO_EXPIRY`.
 * May import: lru-cache. Must not: interpret values (the registry cache does), do network I/O,
 * or throw from `get` on a damaged entry (a store that cannot trust an entry answers a miss).
 */
import { LRUCache } from 'lru-cache';

/** `ttlMs` of an entry that never expires (content-addressed answers). */
export const NO_EXPIRY = Number.POSITIVE_INFINITY;

/** A live entry: its bytes and when it expires (epoch ms; `NO_EXPIRY` for never). */
export interface CacheEntry {
  value: Uint8Array;
  expiresAt: number;
}

/**
 * A key → bytes store. Implementations may drop entries at any time (size bounds, corruption,
 * another process evicting); a miss is always a valid answer.
 */
export interface CacheStore {
  /** The live entry stored under `key`, or undefined. */
  get(key: string): Promise<CacheEntry | undefined>;
  /**
   * Stores `value` under `key` for `ttlMs` milliseconds (`NO_EXPIRY`: for good). A `ttlMs`
   * of 0 or less stores nothing. Never throws for a full or unwritable store: it stays a cache.
   */
  set(key: string, value: Uint8Array, ttlMs: number): Promise<void>;
}

/** Options of `createMemoryStore`. */
export interface MemoryStoreOptions {
  /** Most bytes held (values plus keys); least recently used entries go first. @default 64 MiB */
  maxBytes?: number;
  /** @default Date.now */
  now?: () => number;
}

const MIB = 1024 * 1024;

/** An in-memory store over `lru-cache`, bounded by the bytes it holds. Values are kept by reference. */
export function createMemoryStore(options: MemoryStoreOptions = {}): CacheStore {
  const now = options.now ?? Date.now;
  const maxBytes = options.maxBytes ?? 64 * MIB;
  const entries = new LRUCache<string, Uint8Array>({
    maxSize: maxBytes,
    maxEntrySize: maxBytes,
    sizeCalculation: (value, key) => Math.max(1, value.byteLength + key.length),
    ttlResolution: 0,
    perf: { now },
  });
  return {
    get(key) {
      const value = entries.get(key);
      if (value === undefined) return Promise.resolve(undefined);
      const left = entries.getRemainingTTL(key);
      return Promise.resolve({ value, expiresAt: left === Number.POSITIVE_INFINITY ? NO_EXPIRY : now() + left });
    },
    set(key, value, ttlMs) {
      if (!(ttlMs > 0)) return Promise.resolve();
      entries.set(key, value, { ttl: ttlMs === NO_EXPIRY ? 0 : Math.ceil(ttlMs) });
      return Promise.resolve();
    },
  };
}

/** The two stores of `createTieredStore`. */
export interface TieredStoreOptions {
  /** The fast store, asked first (memory). */
  front: CacheStore;
  /** The shared store behind it (the cache directory, later Redis). */
  back: CacheStore;
  /** @default Date.now */
  now?: () => number;
}

/** Reads `front`, then `back` (copying a hit to `front` for the time it has left); writes both. */
export function createTieredStore(options: TieredStoreOptions): CacheStore {
  const now = options.now ?? Date.now;
  return {
    async get(key) {
      const near = await options.front.get(key);
      if (near !== undefined) return near;
      const far = await options.back.get(key);
      if (far !== undefined) await options.front.set(key, far.value, far.expiresAt === NO_EXPIRY ? NO_EXPIRY : far.expiresAt - now());
      return far;
    },
    async set(key, value, ttlMs) {
      await Promise.all([options.front.set(key, value, ttlMs), options.back.set(key, value, ttlMs)]);
    },
  };
}
