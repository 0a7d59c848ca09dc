/**
 * Which tags and digests the planner needs registry facts for, chosen from the tag list
 * alone: the current tag, the newest few candidates of each kind, the tags that may be
 * pre-release aliases of them, a floating tag's fuller alias, and a newer OS variant.
 */
import type { ImageRef } from '../refs/index.js';
import { compareNumberLists, compareTags, parseTag, type TagVersion } from '../versioning/docker-tag.js';
import { osFamily, osRank } from '../versioning/os-releases.js';
import { findNewerTags, isPrerelease, type NewerTag } from '../versioning/update-type.js';
import { isAllowed, type PlanPolicy } from './policy.js';
import type { LookupRequest } from './types.js';

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

/** The lookups `planReference` needs for `ref`, given the image's tags. */
export function selectLookups(ref: ImageRef, tags: readonly string[], policy: PlanPolicy): LookupRequest {
  const name = ref.name;
  if (name === null) return { tags: [], digests: [] };
  const digests = name.digest === undefined ? [] : [name.digest];
  if (name.tag === undefined) return { tags: followCandidates(tags), digests };
  const current = name.tag;
  const known = new Set(tags);
  if (!known.has(current)) return { tags: [], digests };
  const { inLine, upgrades } = splitCandidates(findNewerTags({ current, tags }), policy, ref);
  const picked = [
    ...new Set([
      ...inLine.slice(0, CANDIDATES_PER_KIND),
      ...upgrades.slice(0, CANDIDATES_PER_KIND),
      ...newestPerLine(upgrades).slice(0, CANDIDATES_PER_KIND),
    ]),
  ];
  const wanted = new Set<string>([current, ...picked.map((c) => c.tag)]);
  for (const tag of prereleaseEvidence(picked, tags)) wanted.add(tag);
  const version = parseTag(current);
  if (version !== null) {
    const lts = ltsAlias(version, known);
    if (lts !== undefined) wanted.add(lts);
    const alias = fullerAlias(version, tags);
    if (alias !== undefined) wanted.add(alias);
    const variant = newerOsVariant(inLine[0]?.version ?? version, tags);
    if (variant !== undefined) wanted.add(variant);
  }
  return { tags: [...wanted], digests };
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
 * Tags whose digests may show a candidate is a pre-release: pre-releases of the candidate's
 * own version and variant (`25-ea-16-jdk` for `25-jdk`), then development channels.
 */
function prereleaseEvidence(candidates: readonly NewerTag[], tags: readonly string[]): string[] {
  const byVersion = new Map<string, TagVersion[]>();
  const channels: string[] = [];
  for (const tag of tags) {
    const version = parseTag(tag);
    if (version === null || !isPrerelease(version)) continue;
    if (version.scheme === 'named') channels.push(tag);
    const key = `${version.prefix}|${version.release.join('.')}|${version.suffix}`;
    const group = byVersion.get(key);
    if (group === undefined) byVersion.set(key, [version]);
    else group.push(version);
  }
  const out = new Set<string>();
  for (const candidate of candidates) {
    const same = byVersion.get(`${candidate.version.prefix}|${candidate.version.release.join('.')}|${candidate.version.suffix}`) ?? [];
    same.sort((a, b) => compareTags(b, a));
    for (const version of same.slice(0, 2)) out.add(version.raw);
  }
  for (const tag of channels.slice(0, MAX_EVIDENCE_TAGS)) out.add(tag);
  return [...out];
}

/** For a tag with fewer release parts (`3.12-slim`), the newest fuller tag of its line (`3.12.8-slim`), to explain what it points at. */
function fullerAlias(version: TagVersion, tags: readonly string[]): string | undefined {
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
  const family = osFamily(version.os);
  if (family === null || version.os === undefined) return undefined;
  const lineLength = version.release.length >= 3 ? version.release.length - 1 : version.release.length;
  const ownRank = osRank(version.os);
  let best: { version: TagVersion; rank: number } | undefined;
  for (const tag of tags) {
    const other = parseTag(tag);
    if (other?.os === undefined || other.prefix !== version.prefix || other.prerelease !== undefined || osFamily(other.os) !== family)
      continue;
    const sameLine =
      other.release.length === version.release.length && version.release.slice(0, lineLength).every((part, i) => other.release[i] === part);
    if (!sameLine || other.variants.join('-') !== version.variants.join('-')) continue;
    const rank = osRank(other.os);
    if (rank <= ownRank) continue;
    if (best === undefined || rank > best.rank || (rank === best.rank && compareNumberLists(other.release, best.version.release) > 0))
      best = { version: other, rank };
  }
  return best?.version.raw;
}

/** For a digest-only reference: floating tags and the newest plain version tags, where its digest may be found. */
function followCandidates(tags: readonly string[]): string[] {
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
