/**
 * The SBOM module: what an image's BuildKit SBOM attestation says about its OS packages and
 * language runtimes, and how two images' package lists differ.
 *
 * Owns: reading attestation manifests and in-toto SPDX documents (through the `SbomSource`
 * port, which the registry client implements), purl parsing, package deltas.
 * May import: oci, util, zod, lru-cache, packageurl-js. Must not: call fetch (the port does),
 * import the registry module (same layer: the port is structural), throw from `read`.
 * Import the module through this file only.
 */
export { findAttestationDigest, listSpdxLayers, IN_TOTO_MEDIA_TYPE, SPDX_PREDICATE_TYPE, type AttestationLookup } from './attestation.js';
export {
  computePackageDelta,
  type BinaryChange,
  type ChangeKind,
  type PackageChange,
  type PackageDelta,
  type RuntimeChange,
} from './delta.js';
export { parseDistro, parseOsPackagePurl, parseRuntimePurl } from './purl.js';
export { createSbomReader, DEFAULT_SBOM_PLATFORM, type SbomReader, type SbomReaderOptions, type SbomReadRequest } from './read-sbom.js';
export { parseSpdxStatement, type SpdxParse } from './spdx.js';
export type {
  Distro,
  ImageSbom,
  OsPackage,
  OsPackageType,
  Runtime,
  RuntimeName,
  SbomLimits,
  SbomPlatform,
  SbomResult,
  SbomSource,
} from './types.js';
