/**
 * Public types of the registry client: what callers pass in and what they get back.
 *
 * Owns: `RegistryOptions`, `Registry`, `RegistryClient`, `RegistryScope`, `TagList`,
 * `ManifestDigest`, `ManifestInfo`, `RegistryCredential`, `RegistryStats`, `RepositoryContent` (`Platform` is oci's, re-exported).
 * May import: oci and registry modules (types only). Must not: hold logic or do I/O.
 */
import type { Platform } from '../oci/platform.js';
import type { ImageName } from '../oci/reference.js';
import type { LookupFunction } from './address-policy.js';
import type { DockerHubOverrides } from './hosts.js';
import type { RateLimitState } from './rate-budget.js';
import type { CacheStore } from './store.js';

export type { Platform };

/** A registry repository: the part of an `ImageName` that lookups need. */
export type RepositoryName = Pick<ImageName, 'registry' | 'repository'>;

/** Why a tag list stopped before its end: which cap, its value, and a sentence for a skip reason. */
export interface TagListTruncation {
  reason: 'pages' | 'tags' | 'bytes';
  limit: number;
  /** `the tag list was cut at 100,000 tags (the limit per repository); newer tags may be missing` */
  message: string;
}

/** All tags of one repository. */
export interface TagList {
  /** Tags in the order the registry listed them (pages concatenated, duplicates dropped). */
  tags: string[];
  /** False when a cap was hit before the last page: `tags` is then a prefix, and `truncated` says why. */
  complete: boolean;
  /** Number of pages fetched. */
  pages: number;
  truncated?: TagListTruncation;
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
export type RegistryCredential = ({ host: string; username: string; password: string } | { host: string; token: string }) &
  CredentialBinding;

/**
 * Who may use a server credential: GitHub App installations (by id) and/or owners (organization or
 * user logins). A credential with neither serves every installation (and the CLI).
 */
export interface CredentialBinding {
  installations?: readonly number[];
  owners?: readonly string[];
}

/**
 * Whose lookups a client view makes: `all` (the CLI: every configured credential) or one GitHub
 * App installation (its bound credentials and the unbound ones). Caches are shared between views
 * only for answers fetched with the same credential (or anonymously).
 */
export type RegistryScope = { kind: 'all' } | { kind: 'installation'; installationId: number; owner: string };

/**
 * The kinds of request the client makes, as counted by `stats()`. `manifest-get` is what Docker Hub
 * counts as a pull; `hub-api` is Docker Hub's own API (not counted).
 */
export type RequestKind = 'token' | 'tags' | 'manifest-head' | 'manifest-get' | 'blob' | 'hub-api';

/** Counters for tests and the bench. */
export interface RegistryStats {
  /** HTTP requests sent (every attempt, redirect hop and auth round trip counts). */
  requests: number;
  /** Requests per endpoint host (`registry-1.docker.io`, `127.0.0.1:5000`) and kind. */
  byHost: Record<string, Partial<Record<RequestKind, number>>>;
  /** Answers per endpoint host, kind and HTTP status (`200`, `429`, `network` when none came). */
  byStatus: Record<string, Partial<Record<RequestKind, Record<string, number>>>>;
  /** Tag-list walks started (one per repository per cache period). */
  tagWalks: number;
  /** Lookups answered from the cache or joined to one already in flight. */
  cacheHits: number;
  /** Attempts repeated after a 429, a 5xx, a timeout or a broken connection. */
  retries: number;
}

/** Response size caps, in bytes. */
export interface RegistryLimits {
  /** One tag-list page; past it the list ends there, incomplete. @default 10 MiB */
  tagPageBytes?: number;
  /** All pages of one tag list together; past it the list ends there, incomplete. @default 32 MiB */
  tagListBytes?: number;
  /** @default 4 MiB */
  manifestBytes?: number;
  /** @default 8 MiB */
  configBytes?: number;
  /** One answer of Docker Hub's API (a page of 100 tags). @default 8 MiB */
  hubPageBytes?: number;
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
  /** Most tags kept per repository; past it the list ends there, incomplete. @default 100_000 */
  maxTags?: number;
  /** How long tag lists, tag → digest answers and Docker Hub tag facts are cached. @default 600_000 (10 min) */
  cacheTtlMs?: number;
  /**
   * Where answers are kept: a store shared by every view (memory, the cache directory, later
   * Redis). Manifests and config blobs are kept with no expiry and verified by digest.
   * @default an in-memory store (64 MiB), with the cache directory behind it when `cacheDir` is set
   */
  cache?: CacheStore;
  /** The cache directory (atomic files, safe to share between processes). @default none: memory only */
  cacheDir?: string;
  /** Most bytes in the cache directory; least recently used entries go first. @default 256 MiB */
  cacheMaxBytes?: number;
  /** Told when the cache directory cannot be read or written (the client then goes on without it). */
  onCacheError?: (error: unknown) => void;
  /**
   * Registry hosts (`host` or `host:port`) contacted whatever address they resolve to. Every other
   * host is contacted only at public addresses. Mirrors and `insecureHosts` join automatically.
   * @default []
   */
  allowedHosts?: readonly string[];
  /** Counted requests (manifest GETs) kept unused per host and credential when a rate limit is reported. @default 2 */
  rateLimitMargin?: number;
  /** Where Docker Hub is reached and whether its own API is used. For tests only (not a mirror). */
  dockerHub?: DockerHubOverrides;
  /** The DNS lookup of the default fetch. For tests only (to play a rebinding name). @default dns.lookup */
  lookup?: LookupFunction;
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

/** What a tag or digest points at, with the build or push date of one platform's image. */
export interface ImageFactsAnswer extends ManifestInfo {
  /** When the image was built (the index entry's `org.opencontainers.image.created`, else config `created`) or, from Docker Hub's API, last pushed. */
  created?: Date;
  /** Where `created` comes from: the index entry's annotation, the image config, or Docker Hub's push date. */
  createdFrom?: 'config' | 'hub-pushed' | 'annotation';
}

/**
 * The registry client (a view for one scope). Every method may throw a `RegistryError`:
 * `RegistryRateLimitError` (with `retryAt`) when a host's rate limit stops the lookup,
 * `RegistryNotFoundError` when the image or tag does not exist (or this scope may not see it).
 */
export interface RegistryClient {
  /** Lists every tag of a repository, following pagination to the end (or a cap: `truncated`). */
  listTags(name: RepositoryName): Promise<TagList>;
  /** The digest a tag (or digest) resolves to: from Docker Hub's API or a HEAD, never a counted pull where avoidable. */
  getDigest(name: RepositoryName, reference: string): Promise<ManifestDigest>;
  /** The manifest a tag or digest points at; lists the platforms of an index or single image. */
  getManifest(name: RepositoryName, reference: string): Promise<ManifestInfo>;
  /**
   * The image's build date: the index entry's `org.opencontainers.image.created` annotation where
   * it has one, else the image config's `created` (from Docker Hub's API: the platform image's push date).
   * For an index, of `platform`'s image (default `linux/amd64`, else the first entry);
   * undefined when that platform is missing or there is no valid date.
   */
  getCreated(name: RepositoryName, reference: string, platform?: Platform): Promise<Date | undefined>;
  /**
   * Everything at once, as cheaply as the registry allows: digest, platforms and, when `created`
   * is asked for, the date of `platform`'s image (default linux/amd64, else the first).
   */
  getFacts(name: RepositoryName, reference: string, options?: { created?: boolean; platform?: Platform }): Promise<ImageFactsAnswer>;
  /**
   * The manifest (index or image manifest) with this digest, parsed as JSON with every field kept
   * (annotations, layers, subject), verified against the digest. Served from the content-addressed
   * cache when any lookup stored it (an index the scan read); else one manifest GET, which Docker
   * Hub counts as a pull.
   */
  getManifestDocument(name: RepositoryName, digest: string): Promise<unknown>;
  /**
   * The blob with this digest, verified against it, through the same auth as config blobs
   * (redirects to a CDN go without credentials); undefined when it is larger than `maxBytes`
   * (by `Content-Length` or while streaming). Not a counted pull; small blobs are cached.
   */
  getBlob(name: RepositoryName, digest: string, options: { maxBytes: number }): Promise<Uint8Array | undefined>;
  /** The rate-limit budget of every host seen so far (per credential). */
  rateLimits(): RateLimitState[];
  /** A snapshot of the request counters (of every view of the registry together). */
  stats(): RegistryStats;
}

/**
 * One repository's manifests and blobs by digest: the shape of the SBOM reader's `SbomSource`
 * port (matched structurally; see `createContentSource`).
 */
export interface RepositoryContent {
  getManifest(digest: string): Promise<unknown>;
  getBlob(digest: string, options: { maxBytes: number }): Promise<Uint8Array | undefined>;
}

/** The process-wide registry: shared transport, budgets and caches, and one client view per scope. */
export interface Registry {
  /** A client using only the credentials `scope` may use, and only cache entries fetched with them. */
  forScope(scope: RegistryScope): RegistryClient;
  /** Hosts with a credential bound to no installation or owner (the app warns about them at start-up). */
  unboundCredentialHosts(): Promise<string[]>;
  stats(): RegistryStats;
  /** Closes idle connections. */
  close(): Promise<void>;
}
