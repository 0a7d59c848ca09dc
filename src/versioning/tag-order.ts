/**
 * Tag families and the order inside one: which tags may replace each other
 * (`familyKey`, `isSameFamily`) and which of two is newer (`compareTags`).
 */
import semver from 'semver';
import type { TagVersion } from './docker-tag.js';

/**
 * Pre-release labels from least to most mature. `dev` snapshots come first, Java's early
 * access (`ea`) builds before alphas, release candidates last. Both spellings of a label
 * share a rank (`a` = `alpha`, `b` = `beta`); milestones (`M02`) rank with alphas.
 */
const LABEL_RANK: Readonly<Record<string, number>> = {
  dev: 0,
  ea: 1,
  a: 2,
  alpha: 2,
  m: 2,
  b: 3,
  beta: 3,
  pre: 4,
  preview: 4,
  rc: 5,
};

/**
 * The key that groups a tag with the tags it may be updated to: same scheme, same prefix,
 * same number of release parts, same build kind (or none), same suffix exactly (OS included).
 * Pre-release is left out, so `3.13.0rc2` and `3.13.0` share a family.
 *
 * @example familyKey(parseTag('3.11.9-slim')) === familyKey(parseTag('3.12.1-slim')) // true
 * @example familyKey(parseTag('3.11-slim')) === familyKey(parseTag('3.11.9-slim')) // false: precision
 */
export function familyKey(version: TagVersion): string {
  const build = version.buildKind ?? 'no-build';
  return [version.scheme, version.prefix, String(version.release.length), build, version.suffix].join('|');
}

/** Whether two tags belong to one family (see {@link familyKey}). */
export function isSameFamily(a: TagVersion, b: TagVersion): boolean {
  return familyKey(a) === familyKey(b);
}

/**
 * Orders two tags: by release, then build, then pre-release (a pre-release sorts before
 * its release, as in semver). Meant for tags of one family; any two tags get an answer.
 *
 * @returns a negative number when `a` is older, positive when newer, 0 when equal.
 */
export function compareTags(a: TagVersion, b: TagVersion): number {
  const byRelease = compareNumberLists(a.release, b.release);
  if (byRelease !== 0) {
    return byRelease;
  }
  const byBuild = compareNumberLists(a.build ?? [], b.build ?? []);
  if (byBuild !== 0) {
    return byBuild;
  }
  return comparePrereleases(a.prerelease, b.prerelease);
}

/** Compares number lists part by part; a missing part counts as 0, then the shorter list is older. */
export function compareNumberLists(a: readonly number[], b: readonly number[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) {
      return Math.sign(difference);
    }
  }
  return Math.sign(a.length - b.length);
}

/** No pre-release is newer than any pre-release; two pre-releases compare label rank, then numbers. */
function comparePrereleases(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) {
    return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0);
  }
  const left = splitPrerelease(a);
  const right = splitPrerelease(b);
  const byLabel = (LABEL_RANK[left[0] ?? ''] ?? 0) - (LABEL_RANK[right[0] ?? ''] ?? 0);
  if (byLabel !== 0) {
    return Math.sign(byLabel);
  }
  for (let i = 1; i < Math.min(left.length, right.length); i += 1) {
    const byIdentifier = semver.compareIdentifiers(left[i], right[i]);
    if (byIdentifier !== 0) {
      return byIdentifier;
    }
  }
  return Math.sign(left.length - right.length);
}

/** Splits at dots, dashes and letter/digit changes: `'ea-29'` → `['ea', '29']`, `'rc1'` → `['rc', '1']`. */
function splitPrerelease(prerelease: string): string[] {
  const identifiers = prerelease.toLowerCase().split(/[.-]/);
  return identifiers.flatMap((identifier) => identifier.match(/\d+|\D+/g) ?? []);
}
