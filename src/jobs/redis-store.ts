/**
 * The registry cache shared by replicas: a `CacheStore` (registry/store.ts) in Redis, so one
 * replica's tag lists, digests and manifests serve the others. It sits behind each replica's
 * in-memory store (`createTieredStore`), which keeps the hot entries near and joins lookups in
 * flight inside the process (registry/cache.ts).
 *
 * Redis runs with `maxmemory-policy noeviction` (BullMQ's keys must never be evicted), so this
 * store bounds itself: entries with a TTL expire by themselves (PX), and every entry, with a
 * TTL or not (content-addressed manifests and configs), is counted in an LRU index (a sorted
 * set by last use, the size of each entry, the total) that evicts the least recently used ones
 * once the total passes `maxBytes`. An entry larger than a quarter of that is not stored.
 * Keys: `<prefix>:cache:<key>`, `<prefix>:cache-lru`, `<prefix>:cache-size`, `<prefix>:cache-bytes`,
 * `<prefix>:cache-clock` (for one Redis, not a Redis Cluster: eviction deletes keys by name).
 *
 * Owns: `createRedisStore`. May import: ioredis (through redis-connection), registry's store types.
 * Must not: throw from `get` or `set` (a cache that cannot answer answers a miss), or hold a
 * value it was not given.
 */
import type { Redis } from 'ioredis';
import { NO_EXPIRY, type CacheEntry, type CacheStore } from '../registry/index.js';

/** Stores: KEYS value, lru, sizes, total, clock; ARGV key, value, ttl (0: none), max bytes, value prefix. */
const SET_SCRIPT = `
local old = tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0')
local size = string.len(ARGV[2]) + string.len(ARGV[1])
if tonumber(ARGV[3]) > 0 then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) else redis.call('SET', KEYS[1], ARGV[2]) end
redis.call('HSET', KEYS[3], ARGV[1], size)
local total = redis.call('INCRBY', KEYS[4], size - old)
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[5]), ARGV[1])
while total > tonumber(ARGV[4]) do
  local oldest = redis.call('ZPOPMIN', KEYS[2])
  if #oldest == 0 then break end
  local freed = tonumber(redis.call('HGET', KEYS[3], oldest[1]) or '0')
  redis.call('DEL', ARGV[5] .. oldest[1])
  redis.call('HDEL', KEYS[3], oldest[1])
  total = redis.call('INCRBY', KEYS[4], -freed)
end
return total
`;

/** Reads and marks as used: KEYS value, lru, clock, sizes, total; ARGV key. A miss drops the key's accounting. */
const GET_SCRIPT = `
local value = redis.call('GET', KEYS[1])
if not value then
  local size = redis.call('HGET', KEYS[4], ARGV[1])
  if size then
    redis.call('HDEL', KEYS[4], ARGV[1])
    redis.call('ZREM', KEYS[2], ARGV[1])
    redis.call('INCRBY', KEYS[5], -tonumber(size))
  end
  return false
end
redis.call('ZADD', KEYS[2], 'XX', redis.call('INCR', KEYS[3]), ARGV[1])
return {value, redis.call('PTTL', KEYS[1])}
`;

type StoreCommands = Redis & {
  fbCacheSet(
    value: string,
    lru: string,
    sizes: string,
    total: string,
    clock: string,
    key: string,
    bytes: Buffer,
    ttl: number,
    max: number,
    valuePrefix: string,
  ): Promise<number>;
  fbCacheGetBuffer(value: string, lru: string, clock: string, sizes: string, total: string, key: string): Promise<[Buffer, number] | null>;
};

/** Options of `createRedisStore`. */
export interface RedisStoreOptions {
  /** The fail-fast client: while Redis is away, lookups miss at once and go to the registry. */
  redis: Redis;
  /** @default 'freshbase' */
  prefix?: string;
  /** Most bytes (values plus keys) kept; least recently used entries go first. @default 256 MiB */
  maxBytes?: number;
  /** Told when Redis cannot be read or written (the registry then goes on without it). */
  onError?: (error: unknown) => void;
  /** @default Date.now */
  now?: () => number;
}

/** Creates the store. */
export function createRedisStore(options: RedisStoreOptions): CacheStore {
  const redis = options.redis as StoreCommands;
  redis.defineCommand('fbCacheSet', { numberOfKeys: 5, lua: SET_SCRIPT });
  redis.defineCommand('fbCacheGet', { numberOfKeys: 5, lua: GET_SCRIPT });
  const prefix = options.prefix ?? 'freshbase';
  const maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
  const now = options.now ?? Date.now;
  const valuePrefix = `${prefix}:cache:`;
  const index = {
    lru: `${prefix}:cache-lru`,
    sizes: `${prefix}:cache-size`,
    total: `${prefix}:cache-bytes`,
    clock: `${prefix}:cache-clock`,
  };
  const fail = (error: unknown): void => {
    options.onError?.(error);
  };
  return {
    async get(key: string): Promise<CacheEntry | undefined> {
      if (redis.status !== 'ready') return undefined;
      try {
        const found = await redis.fbCacheGetBuffer(valuePrefix + key, index.lru, index.clock, index.sizes, index.total, key);
        if (found === null) return undefined;
        const [value, ttl] = found;
        return { value: new Uint8Array(value), expiresAt: ttl < 0 ? NO_EXPIRY : now() + ttl };
      } catch (error: unknown) {
        fail(error);
        return undefined;
      }
    },
    async set(key: string, value: Uint8Array, ttlMs: number): Promise<void> {
      if (!(ttlMs > 0) || value.byteLength + key.length > maxBytes / 4 || redis.status !== 'ready') return;
      const ttl = ttlMs === NO_EXPIRY ? 0 : Math.max(1, Math.ceil(ttlMs));
      try {
        await redis.fbCacheSet(
          valuePrefix + key,
          index.lru,
          index.sizes,
          index.total,
          index.clock,
          key,
          Buffer.from(value),
          ttl,
          maxBytes,
          valuePrefix,
        );
      } catch (error: unknown) {
        fail(error);
      }
    },
  };
}
