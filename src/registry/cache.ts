/**
 * Caching of registry answers: a small async `Cache` interface (in memory by default, so a
 * Redis-backed one can come later) and a loader that joins concurrent lookups of one key.
 *
 * Owns: `Cache`, `createMemoryCache`, `createCachedLoader`.
 * May import: nothing. Must not: do network I/O; cache failures (only successes are stored).
 */

/** Where answers are kept between lookups. Implementations may drop entries at any time. */
export interface Cache {
  /** The live value stored under `key`, or undefined. */
  get(key: string): Promise<unknown>;
  /** Stores `value` (plain JSON data: objects, arrays, strings, numbers) under `key` for `ttlMs` ms. */
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
}

/** Options of `createMemoryCache`. */
export interface MemoryCacheOptions {
  /** @default Date.now */
  now?: () => number;
  /** Entries kept; the oldest is dropped past it. @default 10_000 */
  maxEntries?: number;
}

/** An in-memory `Cache` with per-entry expiry. Values are stored by reference. */
export function createMemoryCache(options: MemoryCacheOptions = {}): Cache {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { value: unknown; expiresAt: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return Promise.resolve(undefined);
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return Promise.resolve(undefined);
      }
      return Promise.resolve(entry.value);
    },
    set(key, value, ttlMs) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: now() + ttlMs });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        entries.delete(oldest.value);
      }
      return Promise.resolve();
    },
  };
}

/** One cached lookup: where to store it, for how long, how to check and how to load it. */
export interface CachedLookup<T> {
  key: string;
  ttlMs: number;
  /** Checks a value read back from the cache (a shared cache may hold another version's data). */
  isValue: (value: unknown) => value is T;
  load: () => Promise<T>;
}

/** Loads values through a cache, joining concurrent lookups of the same key into one load. */
export interface CachedLoader {
  /** The cached value, the result of a load in flight, or a new load; `hit` is false only for a new load. */
  get<T>(lookup: CachedLookup<T>): Promise<{ value: T; hit: boolean }>;
}

/**
 * Creates a loader over `cache`. Two callers asking for one key at once share a single
 * load (and a single cache read); a failed load is not cached, so the next call retries.
 */
export function createCachedLoader(cache: Cache): CachedLoader {
  const inFlight = new Map<string, Promise<unknown>>();

  async function readOrLoad<T>(lookup: CachedLookup<T>): Promise<T> {
    const cached = await cache.get(lookup.key);
    if (lookup.isValue(cached)) return cached;
    const value = await lookup.load();
    await cache.set(lookup.key, value, lookup.ttlMs);
    return value;
  }

  return {
    async get<T>(lookup: CachedLookup<T>) {
      const pending = inFlight.get(lookup.key) as Promise<T> | undefined;
      if (pending !== undefined) return { value: await pending, hit: true };
      let loaded = false;
      const promise = readOrLoad({
        ...lookup,
        load: () => {
          loaded = true;
          return lookup.load();
        },
      }).finally(() => inFlight.delete(lookup.key));
      inFlight.set(lookup.key, promise);
      const value = await promise;
      return { value, hit: !loaded };
    },
  };
}
