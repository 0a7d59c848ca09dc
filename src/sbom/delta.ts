/**
 * The package delta between two images' SBOMs: OS packages added, removed and changed,
 * grouped by distribution source package (one Debian `openssl` upload changes `libssl3` and
 * `openssl` together), and the language runtimes that moved (python 3.11.8 → 3.11.11).
 *
 * Owns: `computePackageDelta`, `PackageDelta`, `PackageChange`, `RuntimeChange`.
 * May import: sbom/types. Must not: do I/O.
 */
import type { Distro, ImageSbom, OsPackage, OsPackageType, RuntimeName } from './types.js';

/** How a source package or runtime differs between the two images. */
export type ChangeKind = 'added' | 'removed' | 'changed';

/** One binary package of a changed source package. */
export interface BinaryChange {
  name: string;
  /** Absent when the binary package is new. */
  before?: string;
  /** Absent when the binary package is gone. */
  after?: string;
}

/** One source package whose binaries differ between the images. */
export interface PackageChange {
  kind: ChangeKind;
  type: OsPackageType;
  /** Source package name (`openssl`). */
  source: string;
  /** Source versions in the current image (empty when added), usually one. */
  before: string[];
  /** Source versions in the proposed image (empty when removed), usually one. */
  after: string[];
  /** The distribution of the proposed image's packages (of the current one's when removed). */
  distro?: Distro;
  /** Binary packages that were added, removed or rebuilt, by name. */
  binaries: BinaryChange[];
}

/** A language runtime that appeared, disappeared or changed version. */
export interface RuntimeChange {
  kind: ChangeKind;
  name: RuntimeName;
  before: string[];
  after: string[];
}

/** Everything that differs between two SBOMs. */
export interface PackageDelta {
  /** Changed source packages, sorted by name. */
  packages: PackageChange[];
  runtimes: RuntimeChange[];
  /** Source packages present in both images with identical binaries. */
  unchanged: number;
  /** True when either SBOM was truncated at the package cap: the delta may miss packages. */
  partial: boolean;
}

interface SourceGroup {
  type: OsPackageType;
  source: string;
  versions: Set<string>;
  binaries: Map<string, string>;
  distro?: Distro;
}

function groupBySource(packages: readonly OsPackage[]): Map<string, SourceGroup> {
  const groups = new Map<string, SourceGroup>();
  for (const pkg of packages) {
    const key = `${pkg.type}:${pkg.sourceName}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { type: pkg.type, source: pkg.sourceName, versions: new Set(), binaries: new Map() };
      if (pkg.distro !== undefined) group.distro = pkg.distro;
      groups.set(key, group);
    }
    group.versions.add(pkg.sourceVersion);
    const arch = pkg.arch === undefined || pkg.arch === 'all' || pkg.arch === 'noarch' ? '' : `:${pkg.arch}`;
    group.binaries.set(`${pkg.name}${arch}`, pkg.version);
  }
  return groups;
}

function binaryChanges(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): BinaryChange[] {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: BinaryChange[] = [];
  for (const name of names) {
    const from = before.get(name);
    const to = after.get(name);
    if (from === to) continue;
    changes.push({ name, ...(from === undefined ? {} : { before: from }), ...(to === undefined ? {} : { after: to }) });
  }
  return changes;
}

function compareChange(old: SourceGroup | undefined, next: SourceGroup | undefined): PackageChange | undefined {
  const any = next ?? old;
  if (any === undefined) return undefined;
  const binaries = binaryChanges(old?.binaries ?? new Map(), next?.binaries ?? new Map());
  if (binaries.length === 0) return undefined;
  const kind: ChangeKind = old === undefined ? 'added' : next === undefined ? 'removed' : 'changed';
  const change: PackageChange = {
    kind,
    type: any.type,
    source: any.source,
    before: [...(old?.versions ?? [])].sort(),
    after: [...(next?.versions ?? [])].sort(),
    binaries,
  };
  if (any.distro !== undefined) change.distro = any.distro;
  return change;
}

function runtimeChanges(before: ImageSbom, after: ImageSbom): RuntimeChange[] {
  const versions = (sbom: ImageSbom, name: RuntimeName): string[] =>
    [...new Set(sbom.runtimes.filter((runtime) => runtime.name === name).map((runtime) => runtime.version))].sort();
  const names = [...new Set([...before.runtimes, ...after.runtimes].map((runtime) => runtime.name))].sort();
  const changes: RuntimeChange[] = [];
  for (const name of names) {
    const from = versions(before, name);
    const to = versions(after, name);
    if (from.join('\n') === to.join('\n')) continue;
    const kind: ChangeKind = from.length === 0 ? 'added' : to.length === 0 ? 'removed' : 'changed';
    changes.push({ kind, name, before: from, after: to });
  }
  return changes;
}

/** Compares the current image's SBOM (`before`) with the proposed image's (`after`). */
export function computePackageDelta(before: ImageSbom, after: ImageSbom): PackageDelta {
  const old = groupBySource(before.packages);
  const next = groupBySource(after.packages);
  const keys = [...new Set([...old.keys(), ...next.keys()])];
  const packages: PackageChange[] = [];
  let unchanged = 0;
  for (const key of keys) {
    const change = compareChange(old.get(key), next.get(key));
    if (change === undefined) unchanged += 1;
    else packages.push(change);
  }
  packages.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.type.localeCompare(b.type)));
  return { packages, runtimes: runtimeChanges(before, after), unchanged, partial: before.truncated || after.truncated };
}
