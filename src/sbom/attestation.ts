/**
 * BuildKit attestation storage: finding a platform's attestation manifest in an image index
 * and the SPDX in-toto layers inside it (docs/attestations/attestation-storage.md in
 * moby/buildkit: entries annotated `vnd.docker.reference.type: attestation-manifest` and
 * `vnd.docker.reference.digest: <platform manifest>`, platform `unknown/unknown`; layers of
 * media type `application/vnd.in-toto+json`, annotated `in-toto.io/predicate-type`).
 *
 * Owns: `findAttestationDigest`, `listSpdxLayers`, the media type and annotation names.
 * May import: zod, sbom/types. Must not: do I/O.
 */
import { z } from 'zod';
import type { SbomPlatform } from './types.js';

export const IN_TOTO_MEDIA_TYPE = 'application/vnd.in-toto+json';
export const SPDX_PREDICATE_TYPE = 'https://spdx.dev/Document';
const REFERENCE_TYPE = 'vnd.docker.reference.type';
const REFERENCE_DIGEST = 'vnd.docker.reference.digest';
const PREDICATE_TYPE = 'in-toto.io/predicate-type';
const ATTESTATION_MANIFEST = 'attestation-manifest';
const INDEX_MEDIA_TYPES = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

const Annotations = z.record(z.string(), z.string()).optional();
const Descriptor = z.object({
  mediaType: z.string().optional(),
  digest: z.string().regex(/^sha(256:[a-f0-9]{64}|512:[a-f0-9]{128})$/),
  annotations: Annotations,
});
const IndexEntry = Descriptor.extend({
  platform: z.object({ os: z.string(), architecture: z.string(), variant: z.string().optional() }).optional(),
});
const IndexDocument = z.object({ mediaType: z.string().optional(), manifests: z.array(IndexEntry).max(10_000) });
const ImageManifest = z.object({ layers: z.array(Descriptor).max(10_000) });

/** Where a platform's attestation manifest is, or why there is none. */
export type AttestationLookup =
  { found: true; digest: string; imageDigest: string } | { found: false; reason: 'not-an-index' | 'no-platform' | 'no-attestation' };

function samePlatform(wanted: SbomPlatform, actual: { os: string; architecture: string; variant?: string | undefined }): boolean {
  if (wanted.os !== actual.os || wanted.architecture !== actual.architecture) return false;
  if (wanted.variant === undefined || wanted.variant === '') return true;
  const variant = actual.variant ?? (actual.architecture === 'arm64' ? 'v8' : '');
  return variant === wanted.variant;
}

/**
 * Finds the attestation manifest BuildKit attached to `platform`'s image in an index.
 * A single-image manifest (no index) has nowhere to hold one: `not-an-index`.
 */
export function findAttestationDigest(document: unknown, platform: SbomPlatform): AttestationLookup {
  const parsed = IndexDocument.safeParse(document);
  if (!parsed.success) return { found: false, reason: 'not-an-index' };
  const { mediaType, manifests } = parsed.data;
  if (mediaType !== undefined && !INDEX_MEDIA_TYPES.has(mediaType)) return { found: false, reason: 'not-an-index' };
  const image = manifests.find(
    (entry) => entry.platform !== undefined && entry.annotations?.[REFERENCE_TYPE] === undefined && samePlatform(platform, entry.platform),
  );
  if (image === undefined) return { found: false, reason: 'no-platform' };
  const attestation = manifests.find(
    (entry) => entry.annotations?.[REFERENCE_TYPE] === ATTESTATION_MANIFEST && entry.annotations[REFERENCE_DIGEST] === image.digest,
  );
  if (attestation === undefined) return { found: false, reason: 'no-attestation' };
  return { found: true, digest: attestation.digest, imageDigest: image.digest };
}

/**
 * The in-toto layers of an attestation manifest that may hold an SPDX document: those
 * annotated with the SPDX predicate type first, then those without the annotation (its
 * presence is optional; the statement's own `predicateType` decides). Layers annotated with
 * another predicate type (SLSA provenance) and unknown media types are skipped.
 * Undefined when the document is not an image manifest.
 */
export function listSpdxLayers(document: unknown): string[] | undefined {
  const parsed = ImageManifest.safeParse(document);
  if (!parsed.success) return undefined;
  const inToto = parsed.data.layers.filter((layer) => layer.mediaType === IN_TOTO_MEDIA_TYPE);
  const annotated = inToto.filter((layer) => layer.annotations?.[PREDICATE_TYPE] === SPDX_PREDICATE_TYPE);
  const unannotated = inToto.filter((layer) => layer.annotations?.[PREDICATE_TYPE] === undefined);
  return [...annotated, ...unannotated].map((layer) => layer.digest);
}
