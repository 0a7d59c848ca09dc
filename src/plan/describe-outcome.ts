/**
 * The sentences of a proposal: why each update is proposed, why a reference is up to date, and
 * the notes of candidates passed over (one per reason).
 *
 * Owns: `describeTagUpdate`, `upToDateReason`, `onePerReason`. May import: plan types. Must not: decide.
 */
import type { ImageName } from '../oci/reference.js';
import type { Rejection } from './candidates.js';
import type { InLineUpdate, LineUpgrade, OsUpdate, Update } from './types.js';

/** One rejection per reason (the newest candidate's, which the walk met first): four `25.x` tags make one note. */
export function onePerReason(rejections: readonly Rejection[]): string[] {
  const byReason = new Map<string, string>();
  for (const rejection of rejections) if (!byReason.has(rejection.skip)) byReason.set(rejection.skip, rejection.reason);
  return [...byReason.values()];
}

/** The update with its reason: `3.11.9-slim is the newest compatible tag in its line after 3.11.8-slim, built …, for …`. */
export function describeTagUpdate(update: InLineUpdate | LineUpgrade | OsUpdate, from: string, cause?: string): Update {
  const built = update.created === undefined ? '' : `, built ${update.created.slice(0, 10)}`;
  const platforms = update.platforms.join(', ');
  if (update.kind === 'os') {
    const why = cause === undefined ? '' : ` (${cause})`;
    return { ...update, reason: `${update.newTag} is the same line as ${from} on a newer OS release${why}${built}, for ${platforms}` };
  }
  const what = update.kind === 'in-line' ? 'newest compatible tag in its line' : `newest ${update.updateType} upgrade`;
  return { ...update, reason: `${update.newTag} is the ${what} after ${from}${built}, for ${platforms}` };
}

/** Why a tagged reference is up to date: nothing newer, only lines the release-line data passes over, or only tags the config leaves out. */
export function upToDateReason(name: ImageName & { tag: string }, newerCount: number, lifecycleLimited: boolean): string {
  const digest = name.digest === undefined ? '' : ' and its digest is current';
  if (newerCount === 0) return `no newer compatible tag than ${name.tag}${digest}`;
  if (lifecycleLimited) return `no newer compatible tag than ${name.tag} on a released, supported line${digest}`;
  return `${name.tag} is the newest tag allowed by the repository's config${digest}`;
}
