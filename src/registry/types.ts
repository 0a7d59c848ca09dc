/**
 * Public types of the registry client: what callers pass in and what they get back.
 *
 * Owns: `RegistryOptions`, `RegistryClient`, `TagList`, `ManifestDigest`, `ManifestInfo`,
 * `RegistryCredential`, `RegistryStats` (`Platform` is oci's, re-exported).
 * May import: oci (types only). Must not: hold logic or do I/O.
 */
import type { Platform } from '../oci/platform.js';
import type { ImageName } from '../oci/reference.js';
import type { Cache } from './cache.js';

export type { Platform };

/** A registry repository: the part of an `ImageName` that lookups need. */
export type RepositoryName = Pick<ImageName, 'registry' | 'repository'>;

/** All tags of one repository. */
export interface TagList {
  /** Tags in the order the registry listed them (pages concatenated, duplicates dropped). */
  tags: string[];
  /** False when the page cap was hit before the last page: `tags` is then a prefix. */
  complete: boolean;
  /** Number of pages fetched. */
  pages: number;
}

/** Media types of the manifests freshbase reads. */
export type ManifestMediaType =
  | 'application/vnd.oci.image.index.v1+json'
  | 'application/vnd.docker.distribution.manifest.list.v2+json'
  | 'application/vnd.oci.image.manifest.v1+json'
  | 'application/vnd.docker.distribution.manifest.v2+json';

/** What `getDigest` returns: the content digest of the manifest a tag points to. */
export interface ManifestDigest {
  /** `sha256:` followed by 64 hex digits. */
  digest: string;
  mediaType: ManifestMediaType;
}

/** One platform-specific image manifest (an index entry, or the single manifest itself). */
export interface ManifestEntry {
  digest: string;
  platform: Platform;
}

/** A parsed manifest: an index of platform images, or a single image. */
export interface ManifestInfo extends ManifestDigest {
  kind: 'index' | 'image';
  /** Every platform, in manifest order; attestation entries (`unknown/unknown`) are left out. */
  platforms: Platform[];
  /** For an index: its platform entries. For an image: one entry, the manifest itself. */
  entries: ManifestEntry[];
}

/**
 * Credentials for one registry host (`docker.io`, `ghcr.io`, `localhost:5000`).
 * `username`/`password` go as Basic auth to the host and to its token realm;
 * `token` is sent as a `Bearer` token to the host itself, with no token exchange.
 */
export type RegistryCredential = { host: string; username: string; password: string } | { host: string; token: string };

/** The kinds of request the client makes, as counted by `stats()`. */
export type RequestKind = 'token' | 'tags' | 'manifest-head' | 'manifest-get' | 'blob';

/** Counters for tests and the bench. */
export interface RegistryStats {
  /** HTTP requests sent (every attempt, redirect hop and auth round trip counts). */
  requests: number;
  /** Requests per endpoint host (`registry-1.docker.io`, `127.0.0.1:5000`) and kind. */
  byHost: Record<string, Partial<Record<RequestKind, number>>>;
  /** Tag-list walks started (one per repository per cache period). */
  tagWalks: number;
  /** Lookups answered from the cache or joined to one already in flight. */
  cacheHits: number;
  /** Attempts repeated after a 429, a 5xx, a timeout or a broken connection. */
  retries: number;
}

/** Response size caps, in bytes. */
export interface RegistryLimits {
  /** @default 10 MiB */
  tagPageBytes?: number;
  /** @default 4 MiB */
  manifestBytes?: number;
  /** @default 8 MiB */
  configBytes?: number;
}

/** A pino-compatible logger; the client logs redacted URLs, never headers. */
export interface RegistryLogger {
  debug(fields: Record<string, unknown>, message: string): void;
}

/** Options of `createRegistryClient`. Every field is optional. */
export interface RegistryOptions {
  /** Credentials from freshbase's config or environment; they win over the Docker config file. */
  credentials?: readonly RegistryCredential[];
  /** Path of a Docker `config.json` whose `auths` supply more credentials (read once, lazily). */
  dockerConfigPath?: string;
  /** Registry host → mirror URL (`{ 'docker.io': 'http://127.0.0.1:5000' }`); see `parseMirrors`. */
  mirrors?: Readonly<Record<string, string>>;
  /** Hosts (`host[:port]`) that may be reached over plain http. @default [] */
  insecureHosts?: readonly string[];
  /** Per-attempt timeout covering headers and body. @default 30_000 */
  timeoutMs?: number;
  /** Retries after a 429, a 5xx, a timeout or a broken connection. @default 3 */
  retries?: number;
  /** Base of the exponential backoff. @default 500 */
  backoffBaseMs?: number;
  /** Cap of one backoff step. @default 10_000 */
  backoffMaxMs?: number;
  /** Longest rate-limit wait the client sits out; a longer one throws `RegistryRateLimitError`. @default 60_000 */
  maxRetryWaitMs?: number;
  /** Concurrent requests per endpoint host. @default 8 */
  concurrencyPerHost?: number;
  /** Page size asked of the registry (`n`); unset lets the registry choose. @default undefined */
  tagPageSize?: number;
  /** Most tag-list pages fetched per repository; past it the result has `complete: false`. @default 1000 */
  maxTagPages?: number;
  /** How long tag lists and tag → digest answers are cached. @default 600_000 (10 min) */
  cacheTtlMs?: number;
  /** Where answers are cached. @default an in-memory cache */
  cache?: Cache;
  limits?: RegistryLimits;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** @default real timers */
  sleep?: (ms: number) => Promise<void>;
  /** @default Date.now */
  now?: () => number;
  /** @default Math.random */
  random?: () => number;
  log?: RegistryLogger;
}

/** The registry client. Every method may throw a `RegistryError`. */
export interface RegistryClient {
  /** Lists every tag of a repository, following pagination to the end (or the page cap). */
  listTags(name: RepositoryName): Promise<TagList>;
  /** The digest a tag (or digest) resolves to, from a HEAD request where the registry allows it. */
  getDigest(name: RepositoryName, reference: string): Promise<ManifestDigest>;
  /** Fetches and verifies a manifest; lists the platforms of an index or single image. */
  getManifest(name: RepositoryName, reference: string): Promise<ManifestInfo>;
  /**
   * The image config's `created` date. For an index, of `platform`'s image
   * (default `linux/amd64`, else the first entry); undefined when that platform
   * is missing or the config has no valid date.
   */
  getCreated(name: RepositoryName, reference: string, platform?: Platform): Promise<Date | undefined>;
  /** A snapshot of the request counters. */
  stats(): RegistryStats;
}
