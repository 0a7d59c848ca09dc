/**
 * Declined versions: a version a maintainer declined (by closing its freshbase pull request
 * without merging, or with `/freshbase ignore`) is never proposed again; for a major upgrade,
 * the whole major line is declined. The list itself is read from GitHub by the app and handed
 * to the scan as data.
 *
 * Owns: `DeclinedVersion` (its schema too: the dashboard marker and the pull request markers
 * store it), `declinedVersionOf`, `mergeDeclined`, `applyDeclined`.
 * May import: zod, oci/, versioning/. Must not: do I/O.
 */
import { z } from 'zod';
import { formatRepository } from '../oci/reference.js';
import { parseTag } from '../versioning/docker-tag.js';
import type { UpdateType } from '../versioning/update-types.js';
import { targetTag } from './edits.js';
import type { Proposal, Update } from './types.js';

/** A declined version: the image's short name and a tag, `major:<n>` for a major line, or a digest. */
export const DeclinedVersion = z.object({
  image: z.string().max(300),
  /** A tag, or `major:<n>` for a whole major line, or a digest. */
  version: z.string().max(300),
  /** The pull request whose closing declined it. */
  pr: z.number().int().positive().optional(),
});
export type DeclinedVersion = z.infer<typeof DeclinedVersion>;

/** What a change records about itself: its type, the tag it leaves and the digest it writes. */
export interface ChangeSummary {
  type: UpdateType;
  tag: string | null;
  digest: string | null;
}

/** The declined-version entry that closing a pull request carrying `change` records. */
export function declinedVersionOf(change: ChangeSummary): string | null {
  if (change.type === 'major' && change.tag !== null) {
    const major = parseTag(change.tag)?.release[0];
    if (major !== undefined) return `major:${major}`;
  }
  if (change.type === 'digest' || change.type === 'pin') return change.digest;
  return change.tag;
}

/** `current` followed by the entries of `added` it does not hold yet (same image and version). */
export function mergeDeclined(current: readonly DeclinedVersion[], added: readonly DeclinedVersion[]): DeclinedVersion[] {
  const out = [...current];
  for (const entry of added) if (!out.some((e) => e.image === entry.image && e.version === entry.version)) out.push(entry);
  return out;
}

function findDeclined(
  declined: readonly DeclinedVersion[],
  image: string,
  tag: string | null,
  update: Update,
): DeclinedVersion | undefined {
  const version = declinedVersionOf({ type: update.updateType, tag, digest: update.newDigest });
  return declined.find((entry) => entry.image === image && (entry.version === version || entry.version === tag));
}

/** Drops declined updates; a reference left with none is skipped as declined, naming the pull request. */
export function applyDeclined(proposals: readonly Proposal[], declined: readonly DeclinedVersion[]): Proposal[] {
  if (declined.length === 0) return [...proposals];
  return proposals.map((proposal): Proposal => {
    const name = proposal.ref.name;
    if (name === null || proposal.status !== 'update') return proposal;
    const image = formatRepository(name);
    const kept: Update[] = [];
    const notes: string[] = [];
    for (const update of proposal.updates) {
      const tag = targetTag(proposal.ref, update);
      const hit = findDeclined(declined, image, tag, update);
      if (hit === undefined) kept.push(update);
      else notes.push(`${tag ?? ''} was declined${hit.pr === undefined ? '' : ` in #${hit.pr}`}`);
    }
    const [first, ...rest] = kept;
    if (first !== undefined) return { ...proposal, updates: [first, ...rest], notes: [...proposal.notes, ...notes] };
    return { ref: proposal.ref, status: 'skipped', updates: [], skip: 'declined', reason: notes.join('; '), notes: proposal.notes };
  });
}
