/**
 * What the repository's config allows: ignore rules, update types, and the platforms a
 * bump must keep.
 */
import picomatch from 'picomatch';
import type { RepoConfig } from '../config/schema.js';
import type { ImageRef } from '../dockerfile/index.js';
import { formatRepository, repositoryKey, type ImageName } from '../oci/reference.js';
import { formatPlatform, matchesPlatform, parsePlatform, type Platform } from '../oci/platform.js';
import type { UpdateType } from './types.js';

/** The parts of `RepoConfig` planning reads. */
export type PlanPolicy = Pick<RepoConfig, 'updateTypes' | 'ignore' | 'minimumReleaseAge' | 'pinDigests' | 'followDigests' | 'platforms'>;

/** Platforms freshbase checks when nothing says which the repository builds. */
export const DEFAULT_PLATFORMS: readonly string[] = ['linux/amd64', 'linux/arm64'];

function imageMatches(glob: string, name: Pick<ImageName, 'registry' | 'repository'>): boolean {
  const match = picomatch(glob, { dot: true });
  return match(formatRepository(name)) || match(repositoryKey(name));
}

/** Whether an ignore rule leaves the whole image alone (a rule with neither versions nor update types). */
export function isImageIgnored(policy: PlanPolicy, name: Pick<ImageName, 'registry' | 'repository'>): boolean {
  return policy.ignore.some((rule) => rule.versions === undefined && rule.updateTypes === undefined && imageMatches(rule.image, name));
}

/** Whether config allows proposing `tag` (or a digest of it) as an update of `type`. */
export function isAllowed(policy: PlanPolicy, name: Pick<ImageName, 'registry' | 'repository'>, tag: string, type: UpdateType): boolean {
  if (!policy.updateTypes.includes(type)) return false;
  return !policy.ignore.some((rule) => {
    if (!imageMatches(rule.image, name)) return false;
    if (rule.updateTypes !== undefined && !rule.updateTypes.includes(type)) return false;
    return rule.versions === undefined || rule.versions.some((glob) => picomatch.isMatch(tag, glob));
  });
}

/**
 * The platforms a bump must keep: config `platforms`, else a literal `FROM --platform=`,
 * else linux/amd64 and linux/arm64, each only where the current image has it.
 */
export function requiredPlatforms(policy: PlanPolicy, ref: ImageRef, current: readonly Platform[]): Platform[] {
  const parse = (texts: readonly string[]): Platform[] =>
    texts.flatMap((text) => {
      const parsed = parsePlatform(text);
      return parsed.ok ? [parsed.platform] : [];
    });
  if (policy.platforms !== undefined) return parse(policy.platforms);
  if (ref.platform !== undefined && !ref.platform.includes('$')) return parse(ref.platform.split(','));
  return parse(DEFAULT_PLATFORMS).filter((wanted) => current.some((have) => matchesPlatform(wanted, have)));
}

/** The required platforms a candidate lacks, formatted (`linux/arm64`). */
export function missingPlatforms(required: readonly Platform[], candidate: readonly Platform[]): string[] {
  return required.filter((wanted) => !candidate.some((have) => matchesPlatform(wanted, have))).map(formatPlatform);
}
