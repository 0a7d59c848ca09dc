/**
 * The lookups of one client view: tag lists, tag → digest, manifests and build dates, each
 * through the cache and by the cheapest route. A build date comes from Docker Hub's API, else
 * from the index entry's `org.opencontainers.image.created` annotation, else from the image's
 * config blob. On Docker Hub (not mirrored, asked anonymously)
 * tag facts come from Hub's API (uncounted); elsewhere a HEAD gives the digest and a manifest is
 * GET only when its digest is not in the cache yet (manifests and config blobs are kept by digest
 * with no expiry). A digest shared by several tags is fetched once.
 *
 * Owns: `createLookups`, what is cached under which key and for how long.
 * May import: zod, registry/*. Must not: read process.env or RepoConfig; choose credentials
 * (the view's endpoints arrive with their access).
 */
import { z } from 'zod';
import { cacheKey, type CacheKind, type RegistryCache } from './cache.js';
import { isDigest } from './digest.js';
import type { Endpoint } from './hosts.js';
import type { HubSettings } from './hub-api.js';
import { createHubLookups, scopeOf } from './hub-lookups.js';
import {
  configPlatform,
  describeIndex,
  fetchConfigBytes,
  fetchManifest,
  headDigest,
  indexCreatedAnnotations,
  isIndexMediaType,
  isManifestMediaType,
  parseImageConfig,
  parseManifestBytes,
  type FetchedManifest,
  type ManifestSettings,
} from './manifests.js';
import { DEFAULT_PLATFORM, matchesPlatform } from '../oci/platform.js';
import { HubFacts, MEDIA_TYPES } from './schema.js';
import { found, Missing, orMissing } from './missing.js';
import { walkTags, type TagWalkSettings } from './tags.js';
import type { ImageFactsAnswer, ManifestDigest, ManifestInfo, Platform, TagList } from './types.js';

/** What the lookups share with every other view of the registry. */
export interface LookupSettings {
  cache: RegistryCache;
  manifests: ManifestSettings;
  hub: HubSettings;
  walk: Omit<TagWalkSettings, 'account'>;
  tagTtlMs: number;
  /** Counts lookups served from the cache (or joined to one in flight), and tag walks. */
  counters: { tagWalks: number; cacheHits: number };
}

const MediaType = z.enum([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList, MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest]);
const TagListValue = z.object({
  tags: z.array(z.string()),
  complete: z.boolean(),
  pages: z.number(),
  truncated: z.object({ reason: z.enum(['pages', 'tags', 'bytes']), limit: z.number(), message: z.string() }).optional(),
});
const DigestValue = z.object({ digest: z.string().refine(isDigest), mediaType: MediaType });
/** A manifest as the lookups use it: public info, and where dates come from. */
interface ManifestRecord extends ManifestInfo {
  configDigest?: string;
  hub?: HubFacts;
  /** For an index: its entries' `org.opencontainers.image.created` annotations, by digest. */
  entryCreated?: ReadonlyMap<string, string>;
}

/** The lookups of one view. */
export interface Lookups {
  listTags(endpoint: Endpoint): Promise<TagList>;
  getDigest(endpoint: Endpoint, reference: string): Promise<ManifestDigest>;
  getManifest(endpoint: Endpoint, reference: string): Promise<ManifestInfo>;
  getCreated(
    endpoint: Endpoint,
    reference: string,
    platform?: Platform,
  ): Promise<{ date: Date; from: 'config' | 'hub-pushed' | 'annotation' } | undefined>;
  getFacts(endpoint: Endpoint, reference: string, options: { created?: boolean; platform?: Platform }): Promise<ImageFactsAnswer>;
}

/** A valid date from a config's `created` or a push date; Go's zero time (year 1) means "no date". */
function parseDate(text: string | null | undefined): Date | undefined {
  if (text === null || text === undefined) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() <= 1 ? undefined : date;
}

function hubRecord(facts: HubFacts): ManifestRecord {
  const entries = facts.entries.map(({ digest, platform: { os, architecture, variant } }) => ({
    digest,
    platform: variant === undefined ? { os, architecture } : { os, architecture, variant },
  }));
  return {
    digest: facts.digest,
    mediaType: facts.mediaType,
    kind: facts.kind,
    platforms: entries.map((entry) => entry.platform),
    entries,
    hub: facts,
  };
}

function publicInfo(found: ManifestRecord): ManifestInfo {
  return { digest: found.digest, mediaType: found.mediaType, kind: found.kind, platforms: found.platforms, entries: found.entries };
}

/** Creates the lookups over shared settings. */
export function createLookups(settings: LookupSettings): Lookups {
  const { cache, counters } = settings;
  const key = (kind: CacheKind, endpoint: Endpoint, reference = ''): string => cacheKey(kind, scopeOf(endpoint), reference);
  const count = <T>(answer: { value: T; hit: boolean }): T => {
    if (answer.hit) counters.cacheHits += 1;
    return answer.value;
  };
  const hub = createHubLookups({ cache, hub: settings.hub, tagTtlMs: settings.tagTtlMs, onHit: () => (counters.cacheHits += 1) });

  async function loadDigest(endpoint: Endpoint, reference: string): Promise<ManifestDigest> {
    const facts = await hub.tagFacts(endpoint, reference);
    if (facts !== undefined) return { digest: facts.digest, mediaType: facts.mediaType };
    const fromHead = await headDigest(settings.manifests, endpoint, reference);
    if (fromHead !== undefined) {
      // The digest exists (the HEAD said so): looking it up by digest next needs no second HEAD.
      if (fromHead.digest !== reference) await cache.putJson(key('digest', endpoint, fromHead.digest), fromHead, settings.tagTtlMs);
      return fromHead;
    }
    const fetched = await fetchManifest(settings.manifests, endpoint, reference);
    await cache.putContent(key('manifest', endpoint, fetched.digest), fetched.digest, { bytes: fetched.bytes, label: fetched.mediaType });
    return { digest: fetched.digest, mediaType: fetched.mediaType };
  }

  async function getDigest(endpoint: Endpoint, reference: string): Promise<ManifestDigest> {
    if (isDigest(reference)) {
      const stored = await cache.peekContent(key('manifest', endpoint, reference), reference);
      if (stored !== undefined && isManifestMediaType(stored.label)) return { digest: reference, mediaType: stored.label };
      const filed = await hub.digestFacts(endpoint, reference);
      if (filed !== undefined) return { digest: reference, mediaType: filed.mediaType };
    }
    const answer = await cache.json({
      key: key('digest', endpoint, reference),
      ttlMs: settings.tagTtlMs,
      schema: z.union([DigestValue, Missing]),
      load: () => orMissing(() => loadDigest(endpoint, reference)),
    });
    return found(endpoint, count(answer));
  }

  /** The manifest stored under `digest`: from the cache, else fetched once (joined when in flight). */
  async function manifestBytes(endpoint: Endpoint, digest: string): Promise<FetchedManifest> {
    const answer = await cache.content({
      key: key('manifest', endpoint, digest),
      digest,
      load: async () => {
        const fetched = await fetchManifest(settings.manifests, endpoint, digest);
        return { bytes: fetched.bytes, label: fetched.mediaType };
      },
    });
    const { bytes, label } = count(answer);
    const mediaType = isManifestMediaType(label) ? label : MEDIA_TYPES.ociManifest;
    return parseManifestBytes(endpoint, { digest, mediaType, bytes });
  }

  async function getConfig(endpoint: Endpoint, digest: string): Promise<{ platform: Platform; created: string | null }> {
    const answer = await cache.content({
      key: key('config', endpoint, digest),
      digest,
      load: async () => ({ bytes: await fetchConfigBytes(settings.manifests, endpoint, digest), label: 'config' }),
    });
    const config = parseImageConfig(endpoint, count(answer).bytes, digest);
    return { platform: configPlatform(config), created: config.created ?? null };
  }

  /** The record of a digest: Docker Hub's facts when this view read them, else the verified manifest. */
  async function record(endpoint: Endpoint, digest: string): Promise<ManifestRecord> {
    const stored = await cache.peekContent(key('manifest', endpoint, digest), digest);
    if (stored === undefined) {
      const filed = await hub.digestFacts(endpoint, digest);
      if (filed !== undefined) {
        counters.cacheHits += 1;
        return hubRecord(filed);
      }
    }
    const { mediaType, body } = await manifestBytes(endpoint, digest);
    if (isIndexMediaType(mediaType)) {
      const entries = describeIndex(body);
      const entryCreated = indexCreatedAnnotations(body);
      return { digest, mediaType, kind: 'index', platforms: entries.map((entry) => entry.platform), entries, entryCreated };
    }
    const configDigest = body.config?.digest;
    if (configDigest === undefined) return { digest, mediaType, kind: 'image', platforms: [], entries: [] };
    const { platform } = await getConfig(endpoint, configDigest);
    return { digest, mediaType, kind: 'image', platforms: [platform], entries: [{ digest, platform }], configDigest };
  }

  /** A tag's (or digest's) record. A digest is confirmed by a HEAD first (free), unless its manifest is cached. */
  async function resolve(endpoint: Endpoint, reference: string): Promise<ManifestRecord> {
    return record(endpoint, (await getDigest(endpoint, reference)).digest);
  }

  /** The entry `getCreated` reads: the chosen platform's, or the image itself. */
  function pickEntry(found: ManifestRecord, platform: Platform | undefined): ManifestInfo['entries'][number] | undefined {
    if (found.kind === 'image') {
      const own = found.entries[0];
      return platform === undefined || (own !== undefined && matchesPlatform(platform, own.platform)) ? own : undefined;
    }
    const wanted = platform ?? DEFAULT_PLATFORM;
    return (
      found.entries.find((entry) => matchesPlatform(wanted, entry.platform)) ?? (platform === undefined ? found.entries[0] : undefined)
    );
  }

  async function createdOf(
    endpoint: Endpoint,
    found: ManifestRecord,
    platform: Platform | undefined,
  ): Promise<{ date: Date; from: 'config' | 'hub-pushed' | 'annotation' } | undefined> {
    const entry = pickEntry(found, platform);
    if (entry === undefined) return undefined;
    if (found.hub !== undefined) {
      const pushed = found.hub.entries.find((candidate) => candidate.digest === entry.digest)?.pushed ?? found.hub.tagPushed;
      const date = parseDate(pushed);
      return date === undefined ? undefined : { date, from: 'hub-pushed' };
    }
    // The index's own record of the build date (Docker's official images carry it): no manifest or config to fetch.
    const annotated = parseDate(found.entryCreated?.get(entry.digest));
    if (annotated !== undefined) return { date: annotated, from: 'annotation' };
    const image = entry.digest === found.digest ? found : await record(endpoint, entry.digest);
    if (image.kind !== 'image' || image.configDigest === undefined) return undefined;
    const date = parseDate((await getConfig(endpoint, image.configDigest)).created);
    return date === undefined ? undefined : { date, from: 'config' };
  }

  return {
    async listTags(endpoint) {
      const answer = await cache.json({
        key: key('tags', endpoint),
        ttlMs: settings.tagTtlMs,
        schema: z.union([TagListValue, Missing]),
        load: () => {
          counters.tagWalks += 1;
          return orMissing(() => walkTags(endpoint, { ...settings.walk, account: endpoint.access.account }));
        },
      });
      const list = found(endpoint, count(answer));
      return {
        tags: list.tags,
        complete: list.complete,
        pages: list.pages,
        ...(list.truncated === undefined ? {} : { truncated: list.truncated }),
      };
    },
    getDigest,
    async getManifest(endpoint, reference) {
      return publicInfo(await resolve(endpoint, reference));
    },
    async getCreated(endpoint, reference, platform) {
      return createdOf(endpoint, await resolve(endpoint, reference), platform);
    },
    async getFacts(endpoint, reference, options) {
      const found = await resolve(endpoint, reference);
      const info = publicInfo(found);
      if (options.created !== true) return info;
      const created = await createdOf(endpoint, found, options.platform);
      return created === undefined ? info : { ...info, created: created.date, createdFrom: created.from };
    },
  };
}
