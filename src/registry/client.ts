/**
 * The registry client: wires hosts, transport, auth and cache together and answers
 * `listTags`, `getDigest`, `getManifest` and `getCreated` for normalized image names.
 *
 * Owns: `createRegistryClient`, the defaults of `RegistryOptions`, cache keys and lifetimes
 * (tag answers for `cacheTtlMs`; anything addressed by digest, being immutable, for a day).
 * May import: oci, registry/*. Must not: read process.env or RepoConfig; log secrets.
 */
import { createAuthenticator } from './auth.js';
import { createCachedLoader, createMemoryCache, type CachedLookup } from './cache.js';
import { createCredentialStore } from './credentials.js';
import { createHostLimiter } from './host-limiter.js';
import { createHostConfig, isInsecureAllowed, resolveEndpoint, type Endpoint } from './hosts.js';
import {
  configPlatform,
  describeIndex,
  fetchImageConfig,
  fetchManifest,
  headDigest,
  isIndexMediaType,
  type ManifestSettings,
} from './manifests.js';
import { DEFAULT_PLATFORM, matchesPlatform } from '../oci/platform.js';
import { walkTags } from './tags.js';
import { createTransport } from './transport.js';
import type { ManifestDigest, ManifestInfo, Platform, RegistryClient, RegistryOptions, RepositoryName, TagList } from './types.js';

const MIB = 1024 * 1024;
const IMMUTABLE_TTL_MS = 24 * 60 * 60 * 1000;
const DIGEST_REFERENCE = /^sha(256|512):[a-f0-9]+$/;
const CACHE_PREFIX = 'freshbase:registry:v1';

/** A manifest as cached: the public info plus, for an image, its config blob's digest. */
interface ManifestRecord extends ManifestInfo {
  configDigest?: string;
}

/** What the client keeps of an image config. */
interface ConfigFacts {
  platform: Platform;
  created: string | null;
}

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Creates a registry client. Validates `mirrors` up front.
 * @throws MirrorSyntaxError when a mirror entry is invalid.
 */
export function createRegistryClient(options: RegistryOptions = {}): RegistryClient {
  const now = options.now ?? Date.now;
  const hosts = createHostConfig(options);
  const allowHttp = (authority: string): boolean => isInsecureAllowed(hosts, authority);
  const transport = createTransport({
    fetch: options.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 3,
    backoffBaseMs: options.backoffBaseMs ?? 500,
    backoffMaxMs: options.backoffMaxMs ?? 10_000,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 60_000,
    sleep: options.sleep ?? realSleep,
    now,
    random: options.random ?? Math.random,
    limiter: createHostLimiter(options.concurrencyPerHost ?? 8),
    allowHttp,
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const credentials = createCredentialStore({
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    ...(options.dockerConfigPath === undefined ? {} : { dockerConfigPath: options.dockerConfigPath }),
  });
  const auth = createAuthenticator({ transport, credentials, now, allowHttp });
  const loader = createCachedLoader(options.cache ?? createMemoryCache({ now }));
  const manifests: ManifestSettings = {
    auth,
    maxManifestBytes: options.limits?.manifestBytes ?? 4 * MIB,
    maxConfigBytes: options.limits?.configBytes ?? 8 * MIB,
  };
  const tagTtlMs = options.cacheTtlMs ?? 10 * 60 * 1000;
  const counters = { tagWalks: 0, cacheHits: 0 };

  async function cached<T>(lookup: CachedLookup<T>): Promise<T> {
    const { value, hit } = await loader.get(lookup);
    if (hit) counters.cacheHits += 1;
    return value;
  }

  function key(kind: string, endpoint: Endpoint, reference = ''): string {
    return `${CACHE_PREFIX}:${kind}:${endpoint.registry}/${endpoint.repository}${reference === '' ? '' : `:${reference}`}`;
  }

  function ttlFor(reference: string): number {
    return DIGEST_REFERENCE.test(reference) ? IMMUTABLE_TTL_MS : tagTtlMs;
  }

  async function loadTags(endpoint: Endpoint): Promise<TagList> {
    counters.tagWalks += 1;
    return walkTags(endpoint, {
      auth,
      pageSize: options.tagPageSize,
      maxPages: options.maxTagPages ?? 1000,
      maxPageBytes: options.limits?.tagPageBytes ?? 10 * MIB,
    });
  }

  async function loadDigest(endpoint: Endpoint, reference: string): Promise<ManifestDigest> {
    const fromHead = await headDigest(manifests, endpoint, reference);
    if (fromHead !== undefined) return fromHead;
    const { digest, mediaType } = await fetchManifest(manifests, endpoint, reference);
    return { digest, mediaType };
  }

  async function getConfig(endpoint: Endpoint, digest: string): Promise<ConfigFacts> {
    return cached({
      key: key('config', endpoint, digest),
      ttlMs: IMMUTABLE_TTL_MS,
      isValue: isConfigFacts,
      load: async () => {
        const config = await fetchImageConfig(manifests, endpoint, digest);
        return { platform: configPlatform(config), created: config.created ?? null };
      },
    });
  }

  async function loadManifest(endpoint: Endpoint, reference: string): Promise<ManifestRecord> {
    const { digest, mediaType, body } = await fetchManifest(manifests, endpoint, reference);
    if (isIndexMediaType(mediaType)) {
      const entries = describeIndex(body);
      return { digest, mediaType, kind: 'index', platforms: entries.map((entry) => entry.platform), entries };
    }
    const configDigest = body.config?.digest;
    if (configDigest === undefined) return { digest, mediaType, kind: 'image', platforms: [], entries: [] };
    const { platform } = await getConfig(endpoint, configDigest);
    return { digest, mediaType, kind: 'image', platforms: [platform], entries: [{ digest, platform }], configDigest };
  }

  async function getRecord(endpoint: Endpoint, reference: string): Promise<ManifestRecord> {
    return cached({
      key: key('manifest', endpoint, reference),
      ttlMs: ttlFor(reference),
      isValue: isManifestRecord,
      load: () => loadManifest(endpoint, reference),
    });
  }

  /** The image manifest `getCreated` reads: the chosen platform's entry of an index, or the image itself. */
  async function imageFor(endpoint: Endpoint, record: ManifestRecord, platform: Platform | undefined): Promise<ManifestRecord | undefined> {
    if (record.kind === 'image') {
      const own = record.platforms[0];
      return platform === undefined || (own !== undefined && matchesPlatform(platform, own)) ? record : undefined;
    }
    const wanted = platform ?? DEFAULT_PLATFORM;
    const entry =
      record.entries.find((candidate) => matchesPlatform(wanted, candidate.platform)) ??
      (platform === undefined ? record.entries[0] : undefined);
    if (entry === undefined) return undefined;
    const image = await getRecord(endpoint, entry.digest);
    return image.kind === 'image' ? image : undefined;
  }

  return {
    async listTags(name) {
      const endpoint = resolveEndpoint(hosts, name);
      const list = await cached({ key: key('tags', endpoint), ttlMs: tagTtlMs, isValue: isTagList, load: () => loadTags(endpoint) });
      return { tags: list.tags.slice(), complete: list.complete, pages: list.pages };
    },
    async getDigest(name, reference) {
      const endpoint = resolveEndpoint(hosts, name);
      const answer = await cached({
        key: key('digest', endpoint, reference),
        ttlMs: ttlFor(reference),
        isValue: isManifestDigest,
        load: () => loadDigest(endpoint, reference),
      });
      return { digest: answer.digest, mediaType: answer.mediaType };
    },
    async getManifest(name, reference) {
      const record = await getRecord(resolveEndpoint(hosts, name), reference);
      return publicInfo(record);
    },
    async getCreated(name: RepositoryName, reference: string, platform?: Platform) {
      const endpoint = resolveEndpoint(hosts, name);
      const image = await imageFor(endpoint, await getRecord(endpoint, reference), platform);
      if (image?.configDigest === undefined) return undefined;
      const { created } = await getConfig(endpoint, image.configDigest);
      return parseCreated(created);
    },
    stats() {
      return { ...transport.stats(), ...counters };
    },
  };
}

function publicInfo(record: ManifestRecord): ManifestInfo {
  return {
    digest: record.digest,
    mediaType: record.mediaType,
    kind: record.kind,
    platforms: record.platforms.map((platform) => ({ ...platform })),
    entries: record.entries.map((entry) => ({ digest: entry.digest, platform: { ...entry.platform } })),
  };
}

/** A valid date from the config's `created`; Go's zero time (year 1) means "no date". */
function parseCreated(created: string | null): Date | undefined {
  if (created === null) return undefined;
  const date = new Date(created);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() <= 1 ? undefined : date;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isTagList(value: unknown): value is TagList {
  return isRecord(value) && Array.isArray(value['tags']) && typeof value['complete'] === 'boolean' && typeof value['pages'] === 'number';
}

function isManifestDigest(value: unknown): value is ManifestDigest {
  return isRecord(value) && typeof value['digest'] === 'string' && typeof value['mediaType'] === 'string';
}

function isManifestRecord(value: unknown): value is ManifestRecord {
  return (
    isRecord(value) &&
    isManifestDigest(value) &&
    (value['kind'] === 'index' || value['kind'] === 'image') &&
    Array.isArray(value['platforms']) &&
    Array.isArray(value['entries'])
  );
}

function isConfigFacts(value: unknown): value is ConfigFacts {
  return isRecord(value) && isRecord(value['platform']) && (value['created'] === null || typeof value['created'] === 'string');
}
