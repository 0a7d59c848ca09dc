/**
 * Reading one image's SBOM through an `SbomSource`: index → the platform's attestation
 * manifest → its SPDX in-toto layer → OS packages and runtimes. Results are cached by index
 * digest and platform (digests never change), so a second scan reads nothing.
 *
 * Cost: one manifest GET for the index (a cache hit when the scan already read it), one
 * manifest GET for the attestation manifest (a counted pull on Docker Hub) and one blob GET
 * (not counted). Call it only for images that become a proposal (and the image they replace).
 *
 * Owns: `createSbomReader`, the default `SbomLimits`.
 * May import: lru-cache, sbom/*. Must not: call fetch (the source does), throw (failures are results).
 */
import { LRUCache } from 'lru-cache';
import { findAttestationDigest, listSpdxLayers } from './attestation.js';
import { parseSpdxStatement } from './spdx.js';
import type { SbomLimits, SbomPlatform, SbomResult, SbomSource } from './types.js';

const MIB = 1024 * 1024;

/** The platform read when the repository names none. */
export const DEFAULT_SBOM_PLATFORM: SbomPlatform = { os: 'linux', architecture: 'amd64' };

/** Options of `createSbomReader`. */
export interface SbomReaderOptions {
  limits?: SbomLimits;
  /** SBOMs kept in memory (they are immutable, so only memory bounds this). @default 200 */
  cacheEntries?: number;
}

/** What `read` needs to know about one image. */
export interface SbomReadRequest {
  /** The registry repository the image lives in. */
  source: SbomSource;
  /** The digest of the image's top manifest (normally an index). */
  digest: string;
  /** @default linux/amd64 */
  platform?: SbomPlatform;
}

/** Reads and caches SBOMs. */
export interface SbomReader {
  read(request: SbomReadRequest): Promise<SbomResult>;
}

type Settled = Exclude<SbomResult, { status: 'unavailable' }>;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function readSpdx(source: SbomSource, attestationDigest: string, limits: Required<SbomLimits>): Promise<SbomResult> {
  const layers = listSpdxLayers(await source.getManifest(attestationDigest));
  if (layers === undefined) return { status: 'invalid', reason: `attestation manifest ${attestationDigest} is not an image manifest` };
  for (const digest of layers.slice(0, limits.spdxLayers)) {
    const bytes = await source.getBlob(digest, { maxBytes: limits.spdxBytes });
    if (bytes === undefined) return { status: 'invalid', reason: `SBOM layer ${digest} is larger than ${limits.spdxBytes} bytes` };
    const parsed = parseSpdxStatement(new TextDecoder().decode(bytes), { maxPackages: limits.packages });
    if (parsed.kind === 'spdx') return { status: 'found', sbom: parsed.sbom, attestationDigest };
    if (parsed.kind === 'invalid') return { status: 'invalid', reason: `${parsed.reason} (layer ${digest})` };
  }
  return { status: 'none', reason: 'no-spdx-layer' };
}

async function readUncached(request: SbomReadRequest, limits: Required<SbomLimits>): Promise<SbomResult> {
  const platform = request.platform ?? DEFAULT_SBOM_PLATFORM;
  try {
    const lookup = findAttestationDigest(await request.source.getManifest(request.digest), platform);
    if (!lookup.found) return { status: 'none', reason: lookup.reason };
    return await readSpdx(request.source, lookup.digest, limits);
  } catch (error: unknown) {
    return { status: 'unavailable', reason: describe(error) };
  }
}

/** Creates a reader; one per process (its cache is shared by every scan). */
export function createSbomReader(options: SbomReaderOptions = {}): SbomReader {
  const limits: Required<SbomLimits> = {
    spdxBytes: options.limits?.spdxBytes ?? 32 * MIB,
    packages: options.limits?.packages ?? 20_000,
    spdxLayers: options.limits?.spdxLayers ?? 4,
  };
  const cache = new LRUCache<string, Settled>({ max: options.cacheEntries ?? 200 });
  const inFlight = new Map<string, Promise<SbomResult>>();
  return {
    async read(request) {
      const platform = request.platform ?? DEFAULT_SBOM_PLATFORM;
      const key = `${request.digest}|${platform.os}/${platform.architecture}/${platform.variant ?? ''}`;
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
      const pending = inFlight.get(key);
      if (pending !== undefined) return pending;
      const promise = readUncached(request, limits).finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      const result = await promise;
      if (result.status !== 'unavailable') cache.set(key, result);
      return result;
    },
  };
}
