/**
 * Closed and opened vulnerabilities of a package delta: a vulnerability is closed when it
 * affects a package's version in the current image and not in the proposed one (or the
 * package is gone), opened in the reverse case. Records are counted per CVE they name, so a
 * DSA and its DEBIAN-CVE record are one vulnerability.
 *
 * Owns: `buildBumpQueries`, `buildImageQueries`, `classifyVulnerabilities`, `countOpenVulnerabilities`.
 * May import: osv, sbom. Must not: do I/O.
 */
import {
  osvEcosystem,
  osvQueryKey,
  ratingFor,
  SEVERITIES,
  type OsvLookup,
  type OsvQuery,
  type Severity,
  type VulnDetail,
} from '../osv/index.js';
import type { ImageSbom, PackageChange, PackageDelta } from '../sbom/index.js';
import type { OpenVulnerabilities, PackageSecurity, SeverityCounts, VulnerabilityCheck, VulnGroup } from './types.js';

const CVE = /^CVE-\d{4}-\d{4,}$/;
const DISTRO_CVE = /^(?:DEBIAN|UBUNTU|ALPINE)-(CVE-\d{4}-\d{4,})$/;

/** An empty count by severity. */
export function emptyCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
}

/** The CVEs a record stands for: its own id, a distro-prefixed CVE id, its aliases and upstream ids. */
export function vulnKeys(id: string, detail: VulnDetail | undefined): string[] {
  const keys = new Set<string>();
  if (CVE.test(id)) keys.add(id);
  const distro = DISTRO_CVE.exec(id)?.[1];
  if (distro !== undefined) keys.add(distro);
  for (const related of detail?.related ?? []) if (CVE.test(related)) keys.add(related);
  return keys.size === 0 ? [id] : [...keys].sort();
}

function queriesOf(ecosystem: string, name: string, versions: readonly string[]): OsvQuery[] {
  return versions.map((version) => ({ ecosystem, name, version }));
}

/** The OSV queries a bump needs: old versions of changed and removed packages, new versions of changed and added ones. */
export function buildBumpQueries(delta: PackageDelta): OsvQuery[] {
  return delta.packages.flatMap((change) => {
    const ecosystem = osvEcosystem(change.distro);
    if (ecosystem === undefined) return [];
    return [...queriesOf(ecosystem, change.source, change.before), ...queriesOf(ecosystem, change.source, change.after)];
  });
}

/** The OSV queries for every source package of one image. */
export function buildImageQueries(sbom: ImageSbom): OsvQuery[] {
  const queries = new Map<string, OsvQuery>();
  for (const pkg of sbom.packages) {
    const ecosystem = osvEcosystem(pkg.distro);
    if (ecosystem === undefined) continue;
    const query = { ecosystem, name: pkg.sourceName, version: pkg.sourceVersion };
    queries.set(osvQueryKey(query), query);
  }
  return [...queries.values()];
}

const RANK: Readonly<Record<Severity, number>> = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 };

/** Collects vulnerability groups by key, keeping the highest severity and score. */
class GroupBook {
  readonly groups = new Map<string, VulnGroup>();

  /** Adds one record found for a package; returns the keys it counts under. */
  add(id: string, ecosystem: string, source: string, details: ReadonlyMap<string, VulnDetail>): string[] {
    const detail = details.get(id);
    const rating = ratingFor(detail, ecosystem, source);
    const keys = vulnKeys(id, detail);
    for (const key of keys) {
      const group = this.groups.get(key) ?? { key, ids: [], severity: 'unknown', packages: [] };
      if (!group.ids.includes(id)) group.ids = [...group.ids, id].sort();
      if (!group.packages.includes(source)) group.packages = [...group.packages, source].sort();
      if (RANK[rating.severity] > RANK[group.severity]) group.severity = rating.severity;
      if (rating.score !== undefined && (group.score === undefined || rating.score > group.score)) group.score = rating.score;
      this.groups.set(key, group);
    }
    return keys;
  }
}

function keysFor(
  book: GroupBook,
  lookup: Extract<OsvLookup, { status: 'ok' }>,
  query: { ecosystem: string; source: string; versions: readonly string[] },
): Set<string> {
  const keys = new Set<string>();
  for (const version of query.versions) {
    const ids = lookup.ids.get(osvQueryKey({ ecosystem: query.ecosystem, name: query.source, version })) ?? [];
    for (const id of ids) for (const key of book.add(id, query.ecosystem, query.source, lookup.details)) keys.add(key);
  }
  return keys;
}

function classifyChange(change: PackageChange, book: GroupBook, lookup: Extract<OsvLookup, { status: 'ok' }>): PackageSecurity {
  const ecosystem = osvEcosystem(change.distro);
  if (ecosystem === undefined) return { change, closed: [], opened: [] };
  const before = keysFor(book, lookup, { ecosystem, source: change.source, versions: change.before });
  const after = keysFor(book, lookup, { ecosystem, source: change.source, versions: change.after });
  return {
    change,
    ecosystem,
    closed: [...before].filter((key) => !after.has(key)).sort(),
    opened: [...after].filter((key) => !before.has(key)).sort(),
  };
}

function bySeverity(a: VulnGroup, b: VulnGroup): number {
  return RANK[b.severity] - RANK[a.severity] || (b.score ?? 0) - (a.score ?? 0) || a.key.localeCompare(b.key);
}

/** Classifies every changed package of `delta` with the answers of `lookup` (asked with `buildBumpQueries`). */
export function classifyVulnerabilities(delta: PackageDelta, lookup: OsvLookup): VulnerabilityCheck {
  if (lookup.status === 'unavailable') return { status: 'unavailable', reason: lookup.reason };
  const book = new GroupBook();
  const packages = delta.packages.map((change) => classifyChange(change, book, lookup));
  const closedKeys = new Set(packages.flatMap((pkg) => pkg.closed));
  const openedKeys = new Set(packages.flatMap((pkg) => pkg.opened));
  const pick = (keys: Set<string>): VulnGroup[] =>
    [...keys]
      .map((key) => book.groups.get(key))
      .filter((group): group is VulnGroup => group !== undefined)
      .sort(bySeverity);
  return {
    status: 'checked',
    closed: pick(closedKeys),
    opened: pick(openedKeys),
    packages,
    unsupported: packages.filter((pkg) => pkg.ecosystem === undefined).length,
    skipped: lookup.skipped,
  };
}

/** Counts groups by severity. */
export function countBySeverity(groups: readonly VulnGroup[]): SeverityCounts {
  const counts = emptyCounts();
  for (const group of groups) counts[group.severity] += 1;
  return counts;
}

/** The known vulnerabilities of one image's packages (asked with `buildImageQueries`). */
export function countOpenVulnerabilities(sbom: ImageSbom, lookup: OsvLookup): OpenVulnerabilities {
  if (lookup.status === 'unavailable') return { status: 'unavailable', reason: lookup.reason };
  const book = new GroupBook();
  for (const query of buildImageQueries(sbom)) {
    keysFor(book, lookup, { ecosystem: query.ecosystem, source: query.name, versions: [query.version] });
  }
  const groups = [...book.groups.values()].sort(bySeverity);
  const counts = countBySeverity(groups);
  const total = SEVERITIES.reduce((sum, severity) => sum + counts[severity], 0);
  return { status: 'checked', counts, total, ids: groups.map((group) => group.key), skipped: lookup.skipped };
}
