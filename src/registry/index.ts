/**
 * The registry module: a small layered client for OCI/Docker v2 registries
 * (hosts → transport → auth → client, with a cache beside it).
 *
 * Owns: everything freshbase knows about talking to registries; the only `fetch` user.
 * May import: oci, util. Must not: import config, plan or anything above layer 2; read
 * process.env (credentials and mirrors arrive as `RegistryOptions`); log or throw secrets.
 * Import the module through this file only.
 */
export { createRegistryClient } from './client.js';
export { createMemoryCache, type Cache, type MemoryCacheOptions } from './cache.js';
export { normalizeCredentialHost, parseDockerConfig } from './credentials.js';
export {
  isRegistryError,
  MirrorSyntaxError,
  RegistryAuthError,
  RegistryError,
  RegistryNotFoundError,
  RegistryRateLimitError,
  RegistryResponseError,
  RegistryUnavailableError,
  type RegistryErrorFields,
} from './errors.js';
export { apiHost, DOCKER_HUB_API_HOST, parseMirror, parseMirrors, type Mirror } from './hosts.js';
export { DEFAULT_PLATFORM, formatPlatform, matchesPlatform, parsePlatform, type ParsedPlatform } from '../oci/platform.js';
export type {
  ManifestDigest,
  ManifestEntry,
  ManifestInfo,
  ManifestMediaType,
  Platform,
  RegistryClient,
  RegistryCredential,
  RegistryLimits,
  RegistryLogger,
  RegistryOptions,
  RegistryStats,
  RepositoryName,
  RequestKind,
  TagList,
} from './types.js';
