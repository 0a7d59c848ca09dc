/**
 * Versions maintainers declined (a freshbase pull request closed without merge): they are
 * never proposed again; for a major upgrade, the whole major line is declined.
 */
import { formatRepository } from '../oci/reference.js';
import { parseTag } from '../versioning/docker-tag.js';
import type { Proposal, Update } from './types.js';

/** A declined version: a tag, `major:<n>` for a major line, or a digest. */
export interface DeclinedVersion {
  image: string;
  version: string;
  pr?: number | undefined;
}

/** The declined-version entry that closing a pull request carrying `update` records. */
export function declinedVersionOf(update: Pick<Update, 'updateType' | 'newTag' | 'newDigest'>): string | null {
  if (update.updateType === 'major' && update.newTag !== null) {
    const major = parseTag(update.newTag)?.release[0];
    if (major !== undefined) return `major:${major}`;
  }
  if (update.updateType === 'digest' || update.updateType === 'pin') return update.newDigest;
  return update.newTag;
}

function isDeclined(declined: readonly DeclinedVersion[], image: string, update: Update): DeclinedVersion | undefined {
  const version = declinedVersionOf(update);
  return declined.find((entry) => entry.image === image && (entry.version === version || entry.version === update.newTag));
}

/** Drops declined updates; a reference left with none is skipped as ignored, naming the pull request. */
export function applyDeclined(proposals: readonly Proposal[], declined: readonly DeclinedVersion[]): Proposal[] {
  if (declined.length === 0) return [...proposals];
  return proposals.map((proposal) => {
    const name = proposal.ref.name;
    if (name === null || proposal.updates.length === 0) return proposal;
    const image = formatRepository(name);
    const hits = proposal.updates.map((update) => isDeclined(declined, image, update));
    const kept = proposal.updates.filter((_, i) => hits[i] === undefined);
    const notes = hits.flatMap((hit, i) =>
      hit === undefined ? [] : [`${proposal.updates[i]?.newTag ?? ''} was declined${hit.pr === undefined ? '' : ` in #${hit.pr}`}`],
    );
    if (kept.length > 0) return { ...proposal, updates: kept, notes: [...proposal.notes, ...notes] };
    return { ...proposal, status: 'skipped', updates: [], skip: 'ignored', reason: notes.join('; '), notes: proposal.notes };
  });
}
