/**
 * The registry module: a small layered client for OCI/Docker v2 registries
 * (hosts → transport → auth → client, with a cache beside it).
 *
 * Owns: everything freshbase knows about talking to registries; the only `fetch` user.
 * May import: oci, util. Must not: import config, plan or anything above layer 2; read
 * process.env (credentials and mirrors arrive as `RegistryOptions`); log or throw secrets.
 * Import the module through this file only.
 */
export { createRegistry, createRegistryClient } from './client.js';
export { BLOB_CACHE_BYTES, createContentSource } from './content.js';
export { isAddressLiteral, isPublicAddress, type LookupFunction } from './address-policy.js';
export { createDiskStore, type DiskStoreOptions } from './disk-store.js';
export { createMemoryStore, createTieredStore, NO_EXPIRY, type CacheEntry, type CacheStore, type MemoryStoreOptions } from './store.js';
export { isBound, mayUse, normalizeCredentialHost, parseDockerConfig } from './credentials.js';
export { parseRateLimitHeader, type RateLimitState } from './rate-budget.js';
export {
  isRegistryError,
  maskUrlCredentials,
  MirrorSyntaxError,
  RegistryAuthError,
  RegistryError,
  RegistryHostRefusedError,
  RegistryNotFoundError,
  RegistryRateLimitError,
  RegistryResponseError,
  RegistryUnavailableError,
  type RegistryErrorFields,
} from './errors.js';
export {
  apiHost,
  DOCKER_HUB_API_HOST,
  DOCKER_HUB_WEB_API,
  parseMirror,
  parseMirrors,
  type DockerHubOverrides,
  type Mirror,
} from './hosts.js';
export { DEFAULT_PLATFORM, formatPlatform, matchesPlatform, parsePlatform, type ParsedPlatform } from '../oci/platform.js';
export type {
  CredentialBinding,
  ImageFactsAnswer,
  ManifestDigest,
  ManifestEntry,
  ManifestInfo,
  ManifestMediaType,
  Platform,
  Registry,
  RegistryClient,
  RegistryCredential,
  RegistryLimits,
  RegistryLogger,
  RegistryOptions,
  RegistryScope,
  RegistryStats,
  RepositoryContent,
  RepositoryName,
  RequestKind,
  TagList,
  TagListTruncation,
} from './types.js';
