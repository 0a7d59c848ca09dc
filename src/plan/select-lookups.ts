/**
 * Which tags the planner may need registry facts for, chosen from the tag list alone (no
 * lookup): the candidates of each kind, newest first, the pre-releases and development
 * channels that may show a candidate is a pre-release, a floating tag's fuller alias, the
 * `lts` alias, a newer OS variant, and the tags a digest-only reference may follow.
 *
 * Owns: the candidate windows and the tag-only rules. May import: versioning/, plan policy.
 * Must not: read registry facts (the planner reads them in order, see plan-reference.ts).
 */
import type { ImageRef } from '../refs/index.js';
import { compareNumberLists, compareTags, parseTag, type TagVersion } from '../versioning/docker-tag.js';
import { osFamily, osRank } from '../versioning/os-releases.js';
import { findNewerTags, hasStableChannel, isPrerelease, isReleasedChannel, type NewerTag } from '../versioning/update-type.js';
import { isAllowed, type PlanPolicy } from './policy.js';

/** Candidates inspected per kind (in-line, line upgrade) before giving up. @default 4 */
export const CANDIDATES_PER_KIND = 4;
const MAX_EVIDENCE_TAGS = 8;

/** Candidate tags in two kinds, newest first, allowed by policy. */
export interface Candidates {
  inLine: NewerTag[];
  upgrades: NewerTag[];
}

/** Splits `findNewerTags` into in-line (patch) and line-upgrade (minor, major) candidates allowed by policy. */
export function splitCandidates(newer: readonly NewerTag[], policy: PlanPolicy, ref: ImageRef): Candidates {
  const name = ref.name;
  const allowed = (candidate: NewerTag): boolean => name !== null && isAllowed(policy, name, candidate.tag, candidate.updateType);
  return {
    inLine: newer.filter((c) => c.updateType === 'patch' && allowed(c)),
    upgrades: newer.filter((c) => c.updateType !== 'patch' && allowed(c)),
  };
}

/** What `selectCandidates` reads. */
export interface SelectInput {
  ref: ImageRef;
  current: string;
  tags: readonly string[];
  policy: PlanPolicy;
  /** Rules that read only tags (the release-line data): the line upgrades kept. @default every one */
  keepUpgrades?: (upgrades: NewerTag[]) => NewerTag[];
}

/**
 * The candidates of a tagged reference, chosen from the tag list and the config alone (no
 * lookup): newest first, at most `CANDIDATES_PER_KIND` in-line ones, and for line upgrades the
 * newest few plus the newest of each line. Rules that read only tags (the config's update types
 * and ignore rules in `splitCandidates`; the release-line data through `keepUpgrades`) filter
 * here, before any lookup, so a candidate they drop costs nothing.
 */
export function selectCandidates(input: SelectInput): Candidates {
  const split = splitCandidates(findNewerTags({ current: input.current, tags: input.tags }), input.policy, input.ref);
  const upgrades = input.keepUpgrades === undefined ? split.upgrades : input.keepUpgrades(split.upgrades);
  const upgradeWindow = new Set([...upgrades.slice(0, CANDIDATES_PER_KIND), ...newestPerLine(upgrades).slice(0, CANDIDATES_PER_KIND)]);
  return { inLine: split.inLine.slice(0, CANDIDATES_PER_KIND), upgrades: upgrades.filter((candidate) => upgradeWindow.has(candidate)) };
}

/** The newest candidate of each line: per major for major upgrades, per major.minor for minor ones. */
export function newestPerLine(upgrades: readonly NewerTag[]): NewerTag[] {
  const seen = new Set<string>();
  return upgrades.filter((candidate) => {
    const parts = candidate.updateType === 'major' ? 1 : 2;
    const key = `${candidate.updateType}|${candidate.version.release.slice(0, parts).join('.')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The `lts` alias of the current tag's variant (`lts-bookworm-slim` for `20.11.0-bookworm-slim`), if the image has one. */
export function ltsAlias(version: TagVersion, known: ReadonlySet<string>): string | undefined {
  const alias = `lts${version.suffix}`;
  return known.has(alias) ? alias : undefined;
}

/**
 * The pre-releases whose digests and build dates may show that `candidate` is itself a
 * pre-release: the newest two of its own version and variant (`25-ea-16-jdk` for `25-jdk`).
 */
export function prereleaseEvidence(candidate: NewerTag, tags: readonly string[]): string[] {
  const same = tags.flatMap((tag) => {
    const version = parseTag(tag);
    const matches =
      version !== null &&
      isPrerelease(version) &&
      version.prefix === candidate.version.prefix &&
      version.suffix === candidate.version.suffix &&
      version.release.join('.') === candidate.version.release.join('.');
    return matches ? [version] : [];
  });
  same.sort((a, b) => compareTags(b, a));
  return same.slice(0, 2).map((version) => version.raw);
}

/**
 * Development channels (`edge`, `devel`, `unstable`, `sid`...), the first few the registry
 * lists: a tag sharing a digest with one is a pre-release. With them, the released channels
 * (`stable`, `rolling`, `latest` where there is no `stable`): a tag sharing a digest with one
 * of those is released all the same (busybox's `unstable` = `stable` when nothing is newer).
 */
export function developmentChannels(tags: readonly string[]): string[] {
  const channels: string[] = [];
  for (const tag of tags) {
    const version = parseTag(tag);
    if (version !== null && version.scheme === 'named' && isPrerelease(version)) channels.push(tag);
    if (channels.length === MAX_EVIDENCE_TAGS) break;
  }
  if (channels.length === 0) return channels;
  const hasStable = hasStableChannel(tags);
  const released = tags.filter((tag) => {
    const version = parseTag(tag);
    return version !== null && isReleasedChannel(version, hasStable);
  });
  return [...channels, ...released.slice(0, MAX_EVIDENCE_TAGS)];
}

/** For a tag with fewer release parts (`3.12-slim`), the newest fuller tag of its line (`3.12.8-slim`), to explain what it points at. */
export function fullerAlias(version: TagVersion, tags: readonly string[]): string | undefined {
  if (version.scheme !== 'numeric' || version.release.length >= 3) return undefined;
  const fuller = tags.flatMap((tag) => {
    const other = parseTag(tag);
    const extends_ =
      other !== null &&
      other.scheme === 'numeric' &&
      other.prefix === version.prefix &&
      other.suffix === version.suffix &&
      other.prerelease === undefined &&
      other.release.length > version.release.length &&
      version.release.every((part, i) => other.release[i] === part);
    return extends_ ? [other] : [];
  });
  fuller.sort((a, b) => compareNumberLists(b.release, a.release));
  return fuller[0]?.raw;
}

/**
 * The newest tag of the same version line on a newer OS variant of the same OS family
 * (`3.11.8-alpine3.17` → `3.11.11-alpine3.21`), to tell when a variant stopped being rebuilt.
 */
export function newerOsVariant(version: TagVersion, tags: readonly string[]): string | undefined {
  return newerOsVariants(version, tags)[0]?.raw;
}

/**
 * Tags of the same version line (same precision, prefix and other words) on newer releases of
 * the same OS family, best first: the newest OS release, then the newest version on it.
 * Pre-releases by name are left out.
 */
export function newerOsVariants(version: TagVersion, tags: readonly string[]): TagVersion[] {
  const family = osFamily(version.os);
  if (family === null || version.os === undefined) return [];
  const lineLength = version.release.length >= 3 ? version.release.length - 1 : version.release.length;
  const ownRank = osRank(version.os);
  const found: { version: TagVersion; rank: number }[] = [];
  for (const tag of tags) {
    const other = parseTag(tag);
    if (other?.os === undefined || other.prefix !== version.prefix || isPrerelease(other) || osFamily(other.os) !== family) continue;
    const sameLine =
      other.release.length === version.release.length && version.release.slice(0, lineLength).every((part, i) => other.release[i] === part);
    if (!sameLine || other.variants.join('-') !== version.variants.join('-')) continue;
    const rank = osRank(other.os);
    if (rank > ownRank) found.push({ version: other, rank });
  }
  found.sort((a, b) => b.rank - a.rank || compareNumberLists(b.version.release, a.version.release) || compareTags(b.version, a.version));
  return found.map((entry) => entry.version);
}

/** For a digest-only reference: floating tags and the newest plain version tags, where its digest may be found. */
export function followCandidates(tags: readonly string[]): string[] {
  const named = tags.filter((tag) => {
    const version = parseTag(tag);
    return version !== null && version.scheme === 'named' && !isPrerelease(version);
  });
  const plain = tags.flatMap((tag) => {
    const version = parseTag(tag);
    return version !== null && version.scheme === 'numeric' && version.suffix === '' && version.prerelease === undefined ? [version] : [];
  });
  plain.sort((a, b) => compareNumberLists(b.release, a.release));
  return [...named.slice(0, 4), ...plain.slice(0, 4).map((v) => v.raw)];
}
