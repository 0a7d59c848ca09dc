/**
 * versioning/update-type — what a tag may be updated to, and how big the step is.
 *
 * Owns: `classifyUpdate` (update types themselves are update-types.ts'), floating and pre-release tags (`isFloatingTag`,
 * `isPrerelease`, `isPrereleaseByAlias`), and `findNewerTags`, which picks the candidate
 * tags for one current tag from an image's tag list.
 * May import: `./docker-tag.js` and the files of this folder (layer 1).
 * Must not: do I/O or read the clock: tag lists, digests and build times come in as
 * arguments; no policy (which update types a repo accepts is `plan`'s business).
 */
import { parseTag } from './docker-tag.js';

export { classifyUpdate } from './classify-update.js';
export { compareUpdateTypes, UPDATE_TYPES, type UpdateType, type VersionStep } from './update-types.js';
export { findNewerTags } from './find-newer-tags.js';
export type { FindNewerTagsOptions, NewerTag } from './find-newer-tags.js';
export { hasStableChannel, indexPrereleaseEvidence, isPrerelease, isPrereleaseByAlias, isReleasedChannel } from './prerelease.js';
export type { PrereleaseEvidence, PrereleaseIndex } from './prerelease.js';

/**
 * Whether a tag floats: it names no version (`latest`, `stable`, `lts`, `bookworm`,
 * `bookworm-slim`, `alpine`, `edge`), so only digest updates apply to it.
 * A tag that is not valid Docker tag text is not floating.
 */
export function isFloatingTag(tag: string): boolean {
  return parseTag(tag)?.scheme === 'named';
}
