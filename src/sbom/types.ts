/**
 * Public types of the SBOM module: what a BuildKit SBOM attestation tells about an image's
 * OS packages and language runtimes, and the port the module reads registries through.
 *
 * Owns: `SbomSource`, `OsPackage`, `Runtime`, `ImageSbom`, `SbomResult`, `SbomLimits`, `SbomPlatform`.
 * May import: nothing. Must not: hold logic or do I/O.
 */

/**
 * How the SBOM reader reaches one registry repository. Both calls are addressed by digest,
 * so answers never change and may be cached forever (the registry layer's cache is meant to
 * back this port). Either call may throw; the reader turns a throw into an `unavailable` result.
 *
 * Cost on Docker Hub: `getManifest` is a manifest GET (a counted pull), `getBlob` is not.
 */
export interface SbomSource {
  /** The manifest (index or image manifest) with this digest, parsed as JSON; verified against the digest. */
  getManifest(digest: string): Promise<unknown>;
  /** The blob with this digest, verified against it; undefined when it is larger than `maxBytes`. */
  getBlob(digest: string, options: { maxBytes: number }): Promise<Uint8Array | undefined>;
}

/** An OS/architecture pair, as in image indexes. */
export interface SbomPlatform {
  os: string;
  architecture: string;
  variant?: string;
}

/** A distribution as named by a purl's `distro` qualifier (`debian-12`, `alpine-3.20.3`, `ubuntu-24.04`). */
export interface Distro {
  /** `debian`, `ubuntu`, `alpine`, ... (lower case). */
  id: string;
  /** `12`, `24.04`, `3.20.3`; empty when the purl named none. */
  versionId: string;
}

/** Package managers whose packages are reported as OS packages. */
export type OsPackageType = 'deb' | 'apk' | 'rpm';

/** One installed OS package (a binary package), as the SBOM lists it. */
export interface OsPackage {
  type: OsPackageType;
  /** Binary package name (`libssl3`). */
  name: string;
  /** Binary package version (`3.0.15-1~deb12u1`, `1:4.13+dfsg1-1+b1`). */
  version: string;
  /** Source package name (`openssl`); the binary name when the SBOM names no other. */
  sourceName: string;
  /** Source package version; the binary version when the SBOM names no other. */
  sourceVersion: string;
  /** The package URL the SBOM gave. */
  purl: string;
  arch?: string;
  distro?: Distro;
}

/** Language runtimes called out in deltas. */
export type RuntimeName = 'python' | 'openjdk' | 'node' | 'go' | 'ruby' | 'php' | 'rust' | 'erlang';

/** A language runtime found in the image (an interpreter or JDK the SBOM generator recognised). */
export interface Runtime {
  name: RuntimeName;
  version: string;
  purl: string;
}

/** What an image's SBOM says. */
export interface ImageSbom {
  packages: OsPackage[];
  runtimes: Runtime[];
  /** The distribution most OS packages name, when any does. */
  distro?: Distro;
  /** True when the package cap was reached: `packages` is a prefix of the SBOM's list. */
  truncated: boolean;
}

/**
 * The outcome of reading one image's SBOM. Never an exception:
 * - `found`: the SBOM was read;
 * - `none`: the image publishes no SBOM for that platform (no attestation, or no SPDX layer in it);
 * - `invalid`: an SBOM is published but could not be understood (malformed, too large);
 * - `unavailable`: the registry failed (network, 5xx, rate limit); trying later may help.
 */
export type SbomResult =
  | { status: 'found'; sbom: ImageSbom; attestationDigest: string }
  | { status: 'none'; reason: 'not-an-index' | 'no-platform' | 'no-attestation' | 'no-spdx-layer' }
  | { status: 'invalid'; reason: string }
  | { status: 'unavailable'; reason: string };

/** Bounds of one SBOM read. */
export interface SbomLimits {
  /** Largest in-toto SPDX blob read. @default 32 MiB (BuildKit caps an attestation at 40 MiB) */
  spdxBytes?: number;
  /** Most packages kept from one SBOM; past it the result is `truncated`. @default 20_000 */
  packages?: number;
  /** Most SPDX layers read from one attestation manifest. @default 4 */
  spdxLayers?: number;
}
