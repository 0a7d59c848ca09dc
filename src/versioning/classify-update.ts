/**
 * How big a step from one tag to another is: `major`, `minor` or `patch`.
 */
import { compareTags } from './tag-order.js';
import type { TagVersion } from './docker-tag.js';
import type { VersionStep } from './update-types.js';

/**
 * Classifies the step from `from` to `to` by the first release part that changes:
 * the first part is major (so `node:20` → `node:22` is major), the second minor,
 * the third and later patch. A change of build, revision or date stamp alone is a patch,
 * and so is a pre-release becoming its release (`3.13.0rc2` → `3.13.0`).
 *
 * Meant for two tags of one family (see `familyKey`); it does not check the suffix, so it
 * can also size an OS change (`3.11.8-alpine3.19` → `3.11.9-alpine3.20`).
 *
 * @returns `null` when `to` is not newer, or when the two tags cannot be compared:
 *   different scheme or prefix, or a named (floating) tag.
 */
export function classifyUpdate(from: TagVersion, to: TagVersion): VersionStep | null {
  if (from.scheme !== to.scheme || from.scheme === 'named' || from.prefix !== to.prefix) {
    return null;
  }
  if (compareTags(from, to) >= 0) {
    return null;
  }
  const length = Math.max(from.release.length, to.release.length);
  for (let position = 0; position < length; position += 1) {
    if ((from.release[position] ?? 0) !== (to.release[position] ?? 0)) {
      return updateTypeAt(position);
    }
  }
  return 'patch';
}

function updateTypeAt(position: number): VersionStep {
  if (position === 0) {
    return 'major';
  }
  return position === 1 ? 'minor' : 'patch';
}
