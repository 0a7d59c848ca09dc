/**
 * Manifests and image configs: digests by HEAD (a GET only where HEAD does not give one),
 * verified GETs, platforms of indexes and images, and the config blob with `created`.
 *
 * Owns: `MANIFEST_ACCEPT`, `headDigest`, `fetchManifest`, `fetchConfigBytes`, `fetchBlob`, `describeIndex`,
 * `indexCreatedAnnotations`.
 * Every body we GET is checked against its digest (sha256 or sha512).
 * May import: registry/{auth,digest,errors,hosts,platform,schema,status-error,types}.
 * Must not: cache (the client does), or choose platforms for callers.
 */
import type { Authenticator } from './auth.js';
import { computeDigest, DIGEST } from './digest.js';
import { RegistryResponseError } from './errors.js';
import type { Endpoint } from './hosts.js';
import { isAttestationPlatform } from '../oci/platform.js';
import { ImageConfig, ManifestBody, MEDIA_TYPES } from './schema.js';
import { errorForStatus, parseJsonBody } from './status-error.js';
import type { ManifestDigest, ManifestEntry, ManifestMediaType, Platform } from './types.js';

/** The Accept header for manifests: indexes and lists first, then single images. */
export const MANIFEST_ACCEPT = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList, MEDIA_TYPES.ociManifest, MEDIA_TYPES.dockerManifest].join(
  ', ',
);

const KNOWN_MEDIA_TYPES: ReadonlySet<string> = new Set(Object.values(MEDIA_TYPES));
const INDEX_MEDIA_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList]);

/** Settings shared by manifest and blob requests. */
export interface ManifestSettings {
  auth: Authenticator;
  maxManifestBytes: number;
  maxConfigBytes: number;
}

/** A fetched, verified manifest. */
export interface FetchedManifest extends ManifestDigest {
  body: ManifestBody;
  bytes: Uint8Array;
}

function isKnownMediaType(value: string | undefined): value is ManifestMediaType {
  return value !== undefined && KNOWN_MEDIA_TYPES.has(value);
}

/** Whether a media type is an OCI index or a Docker manifest list. */
export function isIndexMediaType(mediaType: ManifestMediaType): boolean {
  return INDEX_MEDIA_TYPES.has(mediaType);
}

/** `Content-Type` without parameters, in lower case. */
function contentType(headers: Headers): string | undefined {
  const value = headers.get('content-type');
  return value === null ? undefined : (value.split(';')[0] ?? '').trim().toLowerCase();
}

function manifestUrl(endpoint: Endpoint, reference: string): string {
  return `${endpoint.origin}/v2/${endpoint.repository}/manifests/${encodeURIComponent(reference)}`;
}

/** The context of a request for `endpoint`: names for errors, and the mirror that answers. */
export function contextOf(endpoint: Endpoint): { registry: string; repository: string; via?: string } {
  return { registry: endpoint.registry, repository: endpoint.repository, ...(endpoint.mirror ? { via: endpoint.authority } : {}) };
}

/**
 * The digest and media type of a manifest from a HEAD request (which Docker Hub does not
 * count as a pull). Returns undefined when the registry's answer lacks a usable
 * `Docker-Content-Digest` or `Content-Type`, so the caller falls back to a GET.
 */
export async function headDigest(settings: ManifestSettings, endpoint: Endpoint, reference: string): Promise<ManifestDigest | undefined> {
  const response = await settings.auth.send(endpoint, {
    method: 'HEAD',
    url: manifestUrl(endpoint, reference),
    kind: 'manifest-head',
    headers: { accept: MANIFEST_ACCEPT },
    maxBytes: 0,
    context: contextOf(endpoint),
  });
  if (response.status !== 200) throw errorForStatus(endpoint, response, `manifest ${reference}`);
  const digest = response.headers.get('docker-content-digest')?.trim();
  const mediaType = contentType(response.headers);
  if (digest === undefined || !DIGEST.test(digest) || !isKnownMediaType(mediaType)) return undefined;
  if (DIGEST.test(reference) && digest !== reference) return undefined;
  return { digest, mediaType };
}

/** The media type of a manifest: `Content-Type`, else the body's `mediaType`, else its shape. */
function manifestMediaType(endpoint: Endpoint, headers: Headers, body: ManifestBody, reference: string): ManifestMediaType {
  const header = contentType(headers);
  if (isKnownMediaType(header)) return header;
  if (isKnownMediaType(body.mediaType)) return body.mediaType;
  if (body.manifests !== undefined) return MEDIA_TYPES.ociIndex;
  if (body.config !== undefined) return MEDIA_TYPES.ociManifest;
  throw new RegistryResponseError({
    host: endpoint.registry,
    repository: endpoint.repository,
    reason: `manifest ${reference} has an unsupported media type (schema 1 and others are not read)`,
  });
}

/** A manifest's bytes and media type as fetched (or read back from the cache), checked against its digest. */
export interface ManifestBytes {
  digest: string;
  mediaType: ManifestMediaType;
  bytes: Uint8Array;
}

/** GETs a manifest and checks its bytes against `Docker-Content-Digest` and a digest reference. */
export async function fetchManifest(settings: ManifestSettings, endpoint: Endpoint, reference: string): Promise<FetchedManifest> {
  const response = await settings.auth.send(endpoint, {
    method: 'GET',
    url: manifestUrl(endpoint, reference),
    kind: 'manifest-get',
    headers: { accept: MANIFEST_ACCEPT },
    maxBytes: settings.maxManifestBytes,
    context: contextOf(endpoint),
  });
  if (response.status !== 200) throw errorForStatus(endpoint, response, `manifest ${reference}`);
  const header = response.headers.get('docker-content-digest')?.trim();
  const expected = [reference, header].filter((value): value is string => value !== undefined && DIGEST.test(value));
  if (expected.some((value) => computeDigest(response.body, value) !== value)) {
    throw new RegistryResponseError({
      host: endpoint.registry,
      repository: endpoint.repository,
      reason: `manifest ${reference} does not match its digest`,
    });
  }
  const digest = expected[0] ?? computeDigest(response.body);
  const body = parseJsonBody(endpoint, response.body, ManifestBody, `manifest ${reference}`);
  return { digest, mediaType: manifestMediaType(endpoint, response.headers, body, reference), body, bytes: response.body };
}

/** Parses manifest bytes read back from the cache (already checked against their digest). */
export function parseManifestBytes(endpoint: Endpoint, stored: ManifestBytes): FetchedManifest {
  const body = parseJsonBody(endpoint, stored.bytes, ManifestBody, `manifest ${stored.digest}`);
  return { digest: stored.digest, mediaType: stored.mediaType, body, bytes: stored.bytes };
}

/** Whether text names a media type freshbase reads. */
export function isManifestMediaType(value: string): value is ManifestMediaType {
  return isKnownMediaType(value);
}

/** GETs an image config blob (following redirects to a CDN without credentials) and checks its digest. */
export async function fetchConfigBytes(settings: ManifestSettings, endpoint: Endpoint, digest: string): Promise<Uint8Array> {
  const response = await settings.auth.send(endpoint, {
    method: 'GET',
    url: `${endpoint.origin}/v2/${endpoint.repository}/blobs/${digest}`,
    kind: 'blob',
    headers: {},
    maxBytes: settings.maxConfigBytes,
    context: contextOf(endpoint),
  });
  if (response.status !== 200) throw errorForStatus(endpoint, response, `config blob ${digest}`);
  if (computeDigest(response.body, digest) !== digest) {
    throw new RegistryResponseError({
      host: endpoint.registry,
      repository: endpoint.repository,
      reason: `config blob ${digest} does not match its digest`,
    });
  }
  return response.body;
}

/**
 * GETs any blob (an SBOM attestation layer) like a config blob: through the registry's auth,
 * following redirects to a CDN without credentials, checked against its digest. Undefined when
 * it is larger than `maxBytes` (by `Content-Length` before reading, or while streaming).
 */
export async function fetchBlob(
  settings: ManifestSettings,
  endpoint: Endpoint,
  request: { digest: string; maxBytes: number },
): Promise<Uint8Array | undefined> {
  const { digest, maxBytes } = request;
  const response = await settings.auth.send(endpoint, {
    method: 'GET',
    url: `${endpoint.origin}/v2/${endpoint.repository}/blobs/${digest}`,
    kind: 'blob',
    headers: {},
    maxBytes,
    oversize: 'report',
    context: contextOf(endpoint),
  });
  if (response.status !== 200) throw errorForStatus(endpoint, response, `blob ${digest}`);
  if (response.oversize === true) return undefined;
  if (computeDigest(response.body, digest) !== digest) {
    throw new RegistryResponseError({
      host: endpoint.registry,
      repository: endpoint.repository,
      reason: `blob ${digest} does not match its digest`,
    });
  }
  return response.body;
}

/** Parses an image config blob. */
export function parseImageConfig(endpoint: Endpoint, bytes: Uint8Array, digest: string): ImageConfig {
  return parseJsonBody(endpoint, bytes, ImageConfig, `config blob ${digest}`);
}

/** The platform an image config declares (`unknown` where a field is missing). */
export function configPlatform(config: ImageConfig): Platform {
  const platform: Platform = { os: config.os ?? 'unknown', architecture: config.architecture ?? 'unknown' };
  if (config.variant !== undefined && config.variant !== '') platform.variant = config.variant;
  return platform;
}

/** The image entries of an index: entries with a platform, attestations (`unknown/unknown`) left out. */
export function describeIndex(body: ManifestBody): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  for (const entry of body.manifests ?? []) {
    if (entry.platform === undefined) continue;
    const platform: Platform = { os: entry.platform.os, architecture: entry.platform.architecture };
    if (entry.platform.variant !== undefined && entry.platform.variant !== '') platform.variant = entry.platform.variant;
    if (isAttestationPlatform(platform) || entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') continue;
    entries.push({ digest: entry.digest, platform });
  }
  return entries;
}

/** The OCI annotation an index entry carries with its image's build date (Docker's official images set it). */
export const CREATED_ANNOTATION = 'org.opencontainers.image.created';

/** Each index entry's `org.opencontainers.image.created` annotation, by the entry's digest (unchecked text). */
export function indexCreatedAnnotations(body: ManifestBody): Map<string, string> {
  const created = new Map<string, string>();
  for (const entry of body.manifests ?? []) {
    const value = entry.annotations?.[CREATED_ANNOTATION];
    if (value !== undefined) created.set(entry.digest, value);
  }
  return created;
}
