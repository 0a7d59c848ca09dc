/**
 * Public types of the security module: what a base-image bump fixes (and breaks) in OS
 * packages, and how many known vulnerabilities an image carries now.
 *
 * Owns: `SecurityReport`, `VulnerabilityCheck`, `VulnGroup`, `PackageSecurity`,
 * `SeverityCounts`, `OpenVulnerabilities`, `SecurityPorts`, `ImageLocation`.
 * May import: sbom, osv (types only). Must not: hold logic or do I/O.
 */
import type { OsvLookup, OsvQuery, Severity } from '../osv/index.js';
import type { PackageChange, PackageDelta, SbomPlatform, SbomReader, SbomSource } from '../sbom/index.js';

/** Counts of distinct vulnerabilities by severity. */
export type SeverityCounts = Record<Severity, number>;

/**
 * One vulnerability as counted: every OSV record naming the same CVE (a DSA, its
 * DEBIAN-CVE record, an Alpine record) is one vulnerability; a record naming no CVE is its own.
 */
export interface VulnGroup {
  /** `CVE-2024-0727`, or the OSV id when the records name no CVE. */
  key: string;
  /** OSV ids that reported it (`DSA-5621-1`, `DEBIAN-CVE-2024-0727`), sorted. */
  ids: string[];
  /** The highest severity any of its records gives for the package. */
  severity: Severity;
  /** The highest CVSS base score among them, when a vector gave one. */
  score?: number;
  /** Source packages it was found in, sorted. */
  packages: string[];
}

/** One changed source package and what its change does to known vulnerabilities. */
export interface PackageSecurity {
  change: PackageChange;
  /** The OSV ecosystem asked; absent when OSV has no data for the package's distribution. */
  ecosystem?: string;
  /** Keys of the vulnerability groups closed and opened (see `VulnGroup.key`). */
  closed: string[];
  opened: string[];
}

/** The vulnerability side of a report. */
export type VulnerabilityCheck =
  | {
      status: 'checked';
      closed: VulnGroup[];
      opened: VulnGroup[];
      packages: PackageSecurity[];
      /** Changed packages of distributions OSV does not cover (not checked). */
      unsupported: number;
      /** Queries not asked and records not fetched (bounds reached): the counts may be low. */
      skipped: { queries: number; details: number };
    }
  | { status: 'unavailable'; reason: string };

/** What a bump from the current image to the proposed one changes. */
export type SecurityReport =
  | { status: 'compared'; delta: PackageDelta; vulnerabilities: VulnerabilityCheck }
  | { status: 'no-sbom'; missing: ('current' | 'proposed')[] }
  | { status: 'sbom-unreadable'; reason: string };

/** Known vulnerabilities of one image's OS packages (for the dashboard). */
export type OpenVulnerabilities =
  | { status: 'checked'; counts: SeverityCounts; total: number; ids: string[]; skipped: { queries: number; details: number } }
  | { status: 'no-sbom' }
  | { status: 'unavailable'; reason: string };

/** Where an image is: the repository port and the digest of its top manifest (normally an index). */
export interface ImageLocation {
  source: SbomSource;
  digest: string;
}

/** The ports an assessment runs on (the SBOM reader and the OSV client, both cached). */
export interface SecurityPorts {
  sbom: SbomReader;
  osv: { lookup(queries: readonly OsvQuery[]): Promise<OsvLookup> };
  /** @default linux/amd64 */
  platform?: SbomPlatform;
}
