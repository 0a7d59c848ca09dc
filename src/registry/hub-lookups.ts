/**
 * Docker Hub's facts through the cache: a repository's newest page of tags (100, read once per
 * TTL) files every tag's facts; a tag not on it is asked for by itself; facts learned for a tag
 * are filed under its digest and the digests of its platform images, so a reference pinned to any
 * of them is described without a pull. Hub's API is an optimisation: any failure (or an
 * incomplete description) gives no facts, and the caller asks the registry API instead.
 *
 * Owns: `createHubLookups`, `scopeOf`. May import: zod, registry/{cache,hosts,hub-api,schema}.
 * Must not: send credentials (Hub's API is used only for anonymous views).
 */
import { z } from 'zod';
import { cacheKey, type CacheScope, type RegistryCache } from './cache.js';
import type { Endpoint } from './hosts.js';
import { canUseHubApi, fetchHubPages, fetchHubTag, toHubFacts, type HubSettings } from './hub-api.js';
import { HubFacts, MEDIA_TYPES } from './schema.js';

const HubAnswer = z.object({ facts: HubFacts.nullable() });

/** The cache scope of an endpoint's answers (registry, origin, repository, credential id). */
export function scopeOf(endpoint: Endpoint, authority = endpoint.authority): CacheScope {
  return { registry: endpoint.registry, authority, repository: endpoint.repository, account: endpoint.access.account };
}

function hubScope(endpoint: Endpoint & { hubApi: string }): CacheScope {
  return { ...scopeOf(endpoint, new URL(endpoint.hubApi).host), account: 'anonymous' };
}

/** Docker Hub's facts of one platform image of an index (its media type follows the index's family). */
function platformFacts(index: HubFacts, entry: HubFacts['entries'][number]): HubFacts {
  const mediaType = index.mediaType === MEDIA_TYPES.ociIndex ? MEDIA_TYPES.ociManifest : MEDIA_TYPES.dockerManifest;
  return {
    digest: entry.digest,
    mediaType,
    kind: 'image',
    entries: [entry],
    ...(index.tagPushed === undefined ? {} : { tagPushed: index.tagPushed }),
  };
}

/** What `createHubLookups` shares with the other lookups. */
export interface HubLookupSettings {
  cache: RegistryCache;
  hub: HubSettings;
  tagTtlMs: number;
  /** Counts answers served from the cache. */
  onHit: () => void;
}

/** Docker Hub lookups of one registry. */
export interface HubLookups {
  /** Facts of a tag, filed under its digests too; undefined when Hub's API cannot give complete ones. */
  tagFacts(endpoint: Endpoint, tag: string): Promise<HubFacts | undefined>;
  /** Facts filed under a digest by an earlier `tagFacts`. */
  digestFacts(endpoint: Endpoint, digest: string): Promise<HubFacts | undefined>;
}

/** Creates the Docker Hub lookups. */
export function createHubLookups(settings: HubLookupSettings): HubLookups {
  const { cache } = settings;
  const digestKey = (endpoint: Endpoint, digest: string): string => cacheKey('hub-digest', scopeOf(endpoint), digest);

  /** Reads the newest page of a Docker Hub repository once per TTL, filing each tag's facts. */
  async function primePage(endpoint: Endpoint & { hubApi: string }): Promise<void> {
    const scope = hubScope(endpoint);
    await cache.json({
      key: cacheKey('hub-page', scope),
      ttlMs: settings.tagTtlMs,
      schema: z.array(z.string()),
      load: async () => {
        const tags = await fetchHubPages(settings.hub, endpoint, 1);
        await Promise.all(
          tags.map((tag) => cache.putJson(cacheKey('hub-tag', scope, tag.name), { facts: toHubFacts(tag) ?? null }, settings.tagTtlMs)),
        );
        return tags.map((tag) => tag.name);
      },
    });
  }

  async function file(endpoint: Endpoint, facts: HubFacts): Promise<void> {
    const filed = [facts, ...(facts.kind === 'index' ? facts.entries.map((entry) => platformFacts(facts, entry)) : [])];
    await Promise.all(filed.map((value) => cache.putJson(digestKey(endpoint, value.digest), value, settings.tagTtlMs)));
  }

  return {
    async tagFacts(endpoint, tag) {
      if (!canUseHubApi(endpoint) || endpoint.access.credential !== undefined) return undefined;
      const tagKey = cacheKey('hub-tag', hubScope(endpoint), tag);
      let answer;
      try {
        answer = await cache.json({
          key: tagKey,
          ttlMs: settings.tagTtlMs,
          schema: HubAnswer,
          load: async () => {
            await primePage(endpoint);
            const primed = await cache.peekJson(tagKey, HubAnswer);
            return primed ?? { facts: toHubFacts(await fetchHubTag(settings.hub, endpoint, tag)) ?? null };
          },
        });
      } catch (error: unknown) {
        // Hub's API is an optimisation: a 404, 429 or outage sends the caller to the registry API.
        if (error instanceof Error) return undefined;
        throw error;
      }
      if (answer.hit) settings.onHit();
      const facts = answer.value.facts ?? undefined;
      if (facts !== undefined) await file(endpoint, facts);
      return facts;
    },
    digestFacts(endpoint, digest) {
      return cache.peekJson(digestKey(endpoint, digest), HubFacts);
    },
  };
}
