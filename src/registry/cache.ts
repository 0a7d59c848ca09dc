/**
 * The registry's cache over a `CacheStore`: JSON answers with a TTL (tag lists, tag → digest,
 * Docker Hub tag facts), and content-addressed bytes with no expiry (manifests, config blobs),
 * which are verified against their digest every time they are read back. Concurrent lookups of
 * one key share one load.
 *
 * Owns: `createRegistryCache`, `cacheKey`. Keys name the registry host, the repository and the
 * credential scope the answer was fetched with, so an answer fetched with one credential never
 * serves another credential or an anonymous caller.
 * May import: zod, registry/{digest,store}. Must not: do network I/O, store failures, or
 * return bytes that do not hash to the digest they are filed under.
 */
import type { z } from 'zod';
import { computeDigest } from './digest.js';
import type { CacheStore } from './store.js';
import { NO_EXPIRY } from './store.js';

/** Who an answer belongs to: where it came from and which credential fetched it. */
export interface CacheScope {
  /** Registry host of the image name (`docker.io`). */
  registry: string;
  /** `host[:port]` the answer came from (a mirror, `registry-1.docker.io`, `hub.docker.com`). */
  authority: string;
  repository: string;
  /** `anonymous`, or the id of the credential used (never the secret). */
  account: string;
}

/** The kinds of entry; part of every key. */
export type CacheKind = 'tags' | 'digest' | 'manifest' | 'config' | 'blob' | 'hub-tag' | 'hub-page' | 'hub-digest';

/** The key of an entry: kind, origin, repository, account, reference. */
export function cacheKey(kind: CacheKind, scope: CacheScope, reference = ''): string {
  return ['fb1', kind, scope.registry, scope.authority, scope.repository, scope.account, reference].join('|');
}

/** A JSON lookup: key, lifetime, the schema a stored value must match, and how to load it. */
export interface JsonLookup<T> {
  key: string;
  ttlMs: number;
  schema: z.ZodType<T>;
  load: () => Promise<T>;
}

/** Content-addressed bytes: `digest` is what they must hash to; `label` travels with them (a media type). */
export interface ContentLookup {
  key: string;
  digest: string;
  load: () => Promise<{ bytes: Uint8Array; label: string }>;
}

/** The result of a lookup; `hit` is false only for the caller that loaded. */
export interface Cached<T> {
  value: T;
  hit: boolean;
}

/** The registry's cache. */
export interface RegistryCache {
  json<T>(lookup: JsonLookup<T>): Promise<Cached<T>>;
  content(lookup: ContentLookup): Promise<Cached<{ bytes: Uint8Array; label: string }>>;
  /** Content already stored under `key` (verified), without loading. */
  peekContent(key: string, digest: string): Promise<{ bytes: Uint8Array; label: string } | undefined>;
  /** Stores content the caller already holds (verified first: bytes that do not match are dropped). */
  putContent(key: string, digest: string, content: { bytes: Uint8Array; label: string }): Promise<void>;
  /** Stores a JSON value the caller already holds. */
  putJson(key: string, value: unknown, ttlMs: number): Promise<void>;
  /** A JSON value already stored under `key` (matching `schema`), without loading. */
  peekJson<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined>;
}

function encodeContent(content: { bytes: Uint8Array; label: string }): Uint8Array {
  return Buffer.concat([Buffer.from(`${content.label}\n`, 'utf8'), content.bytes]);
}

function decodeContent(stored: Uint8Array, digest: string): { bytes: Uint8Array; label: string } | undefined {
  const newline = stored.indexOf(0x0a);
  if (newline < 0 || newline > 256) return undefined;
  const bytes = stored.subarray(newline + 1);
  if (computeDigest(bytes, digest) !== digest) return undefined;
  return { bytes, label: Buffer.from(stored.subarray(0, newline)).toString('utf8') };
}

function decodeJson<T>(stored: Uint8Array, schema: z.ZodType<T>): T | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(stored).toString('utf8'));
  } catch {
    return undefined; // not ours or damaged: a miss, and the next load overwrites it
  }
  const checked = schema.safeParse(parsed);
  return checked.success ? checked.data : undefined;
}

/** Creates the cache over `store`. */
export function createRegistryCache(store: CacheStore): RegistryCache {
  const inFlight = new Map<string, Promise<unknown>>();

  /** Runs `read`, or `load` on a miss, once per key at a time; `hit` tells callers who did not load. */
  async function once<T>(key: string, read: () => Promise<T | undefined>, load: () => Promise<T>): Promise<Cached<T>> {
    const pending = inFlight.get(key) as Promise<T> | undefined;
    if (pending !== undefined) return { value: await pending, hit: true };
    let loaded = false;
    const promise = (async () => {
      const stored = await read();
      if (stored !== undefined) return stored;
      loaded = true;
      return load();
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
    const value = await promise;
    return { value, hit: !loaded };
  }

  async function peekContent(key: string, digest: string): Promise<{ bytes: Uint8Array; label: string } | undefined> {
    const stored = await store.get(key);
    return stored === undefined ? undefined : decodeContent(stored.value, digest);
  }

  async function putContent(key: string, digest: string, content: { bytes: Uint8Array; label: string }): Promise<void> {
    if (computeDigest(content.bytes, digest) !== digest) return;
    await store.set(key, encodeContent(content), NO_EXPIRY);
  }

  async function putJson(key: string, value: unknown, ttlMs: number): Promise<void> {
    await store.set(key, Buffer.from(JSON.stringify(value), 'utf8'), ttlMs);
  }

  async function peekJson<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const stored = await store.get(key);
    return stored === undefined ? undefined : decodeJson(stored.value, schema);
  }

  return {
    json(lookup) {
      return once(
        lookup.key,
        () => peekJson(lookup.key, lookup.schema),
        async () => {
          const value = await lookup.load();
          await putJson(lookup.key, value, lookup.ttlMs);
          return value;
        },
      );
    },
    content(lookup) {
      return once(
        lookup.key,
        () => peekContent(lookup.key, lookup.digest),
        async () => {
          const value = await lookup.load();
          await putContent(lookup.key, lookup.digest, value);
          return value;
        },
      );
    },
    peekContent,
    putContent,
    putJson,
    peekJson,
  };
}
