/**
 * From an image's tag list, the tags the current tag may be updated to: same family,
 * newer, not a pre-release (unless the current tag is one), newest first.
 */
import { parseTag } from './docker-tag.js';
import type { TagVersion } from './docker-tag.js';
import { classifyUpdate } from './classify-update.js';
import { indexPrereleaseEvidence, isPrerelease, isPrereleaseByAlias } from './prerelease.js';
import type { PrereleaseIndex } from './prerelease.js';
import { compareNumberLists, compareTags, familyKey } from './tag-order.js';
import type { VersionStep } from './update-types.js';

/** Input of {@link findNewerTags}. */
export interface FindNewerTagsOptions {
  /** The tag in use, e.g. `3.12.4-slim-bookworm`. */
  readonly current: string;
  /** Every tag of the image. */
  readonly tags: readonly string[];
  /** Tag → digest, to find pre-releases by alias. @default no digest evidence */
  readonly digests?: ReadonlyMap<string, string> | undefined;
  /** Tag → image build time, to find versions still in pre-release. @default no build-time evidence */
  readonly created?: ReadonlyMap<string, Date> | undefined;
}

/** One tag the current tag may be updated to. */
export interface NewerTag {
  readonly tag: string;
  readonly version: TagVersion;
  readonly updateType: VersionStep;
}

/**
 * Lists the tags in the current tag's family (see `familyKey`) that are newer than it,
 * newest first, each with its update type. A named (floating) or unparseable current tag
 * gets none: only its digest can move.
 *
 * Pre-releases, by name or by evidence (see `isPrereleaseByAlias`), are left out, unless
 * the current tag is itself a pre-release: then newer pre-releases of its own release line
 * (`3.14.0a6` → `3.14.0b1`, `24-ea-29-jdk` → `24-ea-35-jdk`) are listed too, with every
 * newer stable tag. A release line whose tags the evidence marks as pre-releases (Alpine's
 * dated `edge` snapshots, an unreleased Ubuntu's `plucky-*`) counts as a pre-release line.
 */
export function findNewerTags(options: FindNewerTagsOptions): NewerTag[] {
  const current = parseTag(options.current);
  if (current === null || current.scheme === 'named') {
    return [];
  }
  const index = indexPrereleaseEvidence(options);
  const family = listFamily(current, options.tags);
  const isInLine = (version: TagVersion): boolean => compareNumberLists(version.release, current.release) === 0;
  const line = family.filter(isInLine);
  const currentIsPrerelease = isPrereleaseTag(current, index) || line.some((version) => isPrereleaseByAlias(version.raw, index));
  const newer: NewerTag[] = [];
  for (const version of family) {
    const allowed = !isPrereleaseTag(version, index) || (currentIsPrerelease && isInLine(version));
    const updateType = allowed ? classifyUpdate(current, version) : null;
    if (updateType !== null) {
      newer.push({ tag: version.raw, version, updateType });
    }
  }
  return newer.sort((a, b) => compareTags(b.version, a.version) || a.tag.localeCompare(b.tag));
}

function listFamily(current: TagVersion, tags: readonly string[]): TagVersion[] {
  const key = familyKey(current);
  const family: TagVersion[] = [];
  for (const tag of new Set(tags)) {
    const version = parseTag(tag);
    if (version !== null && familyKey(version) === key) {
      family.push(version);
    }
  }
  return family;
}

function isPrereleaseTag(version: TagVersion, index: PrereleaseIndex): boolean {
  return isPrerelease(version) || isPrereleaseByAlias(version.raw, index);
}
