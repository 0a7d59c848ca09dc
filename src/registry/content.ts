/**
 * Content by digest for readers that need more than platforms and dates (SBOM attestations):
 * a manifest as the registry wrote it, every field kept (annotations, layers, subject), and any
 * blob with a size cap. Both go through the same content-addressed cache as the scan's own
 * lookups, so an index the scan already read is served from it: a manifest GET (a counted pull
 * on Docker Hub) is sent only for a digest not stored yet. Blobs are not counted pulls; those up
 * to `BLOB_CACHE_BYTES` are stored too, so a warm run reads nothing.
 *
 * Owns: `createContentLookups`, `createContentSource`, `BLOB_CACHE_BYTES`.
 * May import: registry/{cache,digest,hosts,hub-lookups,manifests,schema,types}.
 * Must not: return bytes that do not hash to their digest; parse manifests through the
 * lookups' schemas (they drop the fields SBOM readers need).
 */
import { cacheKey, type RegistryCache } from './cache.js';
import { isDigest } from './digest.js';
import { RegistryResponseError } from './errors.js';
import type { Endpoint } from './hosts.js';
import { scopeOf } from './hub-lookups.js';
import { fetchBlob, fetchManifest, type ManifestSettings } from './manifests.js';
import type { RegistryClient, RepositoryContent, RepositoryName } from './types.js';

/** Blobs up to this size are kept in the cache (larger ones are read again when needed). @default 4 MiB */
export const BLOB_CACHE_BYTES = 4 * 1024 * 1024;

/** What the content lookups share with the other lookups of the registry. */
export interface ContentSettings {
  cache: RegistryCache;
  manifests: ManifestSettings;
  counters: { cacheHits: number };
}

/** Content lookups of one view. */
export interface ContentLookups {
  getManifestDocument(endpoint: Endpoint, digest: string): Promise<unknown>;
  getBlob(endpoint: Endpoint, digest: string, maxBytes: number): Promise<Uint8Array | undefined>;
}

function requireDigest(endpoint: Endpoint, digest: string, what: string): void {
  if (!isDigest(digest)) {
    throw new RegistryResponseError({
      host: endpoint.registry,
      repository: endpoint.repository,
      reason: `${what} must be addressed by a sha256 or sha512 digest`,
    });
  }
}

function parseDocument(endpoint: Endpoint, bytes: Uint8Array, digest: string): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
  } catch {
    throw new RegistryResponseError({ host: endpoint.registry, repository: endpoint.repository, reason: `manifest ${digest} is not JSON` });
  }
}

/** Creates the content lookups over the registry's shared cache. */
export function createContentLookups(settings: ContentSettings): ContentLookups {
  const { cache, counters } = settings;
  return {
    async getManifestDocument(endpoint, digest) {
      requireDigest(endpoint, digest, 'a manifest document');
      // The same key and load as the scan's manifest lookups: one entry (and one GET) per digest.
      const answer = await cache.content({
        key: cacheKey('manifest', scopeOf(endpoint), digest),
        digest,
        load: async () => {
          const fetched = await fetchManifest(settings.manifests, endpoint, digest);
          return { bytes: fetched.bytes, label: fetched.mediaType };
        },
      });
      if (answer.hit) counters.cacheHits += 1;
      return parseDocument(endpoint, answer.value.bytes, digest);
    },
    async getBlob(endpoint, digest, maxBytes) {
      requireDigest(endpoint, digest, 'a blob');
      const key = cacheKey('blob', scopeOf(endpoint), digest);
      const stored = await cache.peekContent(key, digest);
      if (stored !== undefined) {
        counters.cacheHits += 1;
        return stored.bytes.byteLength <= maxBytes ? stored.bytes : undefined;
      }
      const bytes = await fetchBlob(settings.manifests, endpoint, { digest, maxBytes });
      if (bytes !== undefined && bytes.byteLength <= BLOB_CACHE_BYTES) await cache.putContent(key, digest, { bytes, label: 'blob' });
      return bytes;
    },
  };
}

/**
 * One repository's content as the SBOM reader's `SbomSource` port wants it (structurally: the
 * registry does not import the SBOM module). Every call goes through `client`, so it uses the
 * client view's credentials and cache.
 */
export function createContentSource(
  client: Pick<RegistryClient, 'getManifestDocument' | 'getBlob'>,
  name: RepositoryName,
): RepositoryContent {
  return {
    getManifest: (digest) => client.getManifestDocument(name, digest),
    getBlob: (digest, options) => client.getBlob(name, digest, options),
  };
}
