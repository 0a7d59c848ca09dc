/**
 * From a chosen update to the Dockerfile edit that carries it out, and the line it changes.
 */
import type { Edit, ImageRef } from '../dockerfile/index.js';
import type { Proposal, Update } from './types.js';

/** The line an update edits: the tag's line when the tag changes, else where the digest goes. */
export function editLine(ref: ImageRef, update: Update): number {
  const tagChanges = update.newTag !== null && update.newTag !== ref.name?.tag;
  if (tagChanges) return ref.tagSlot?.span.line ?? ref.line;
  return ref.digestSlot?.span.line ?? ref.line;
}

/** The edit that carries out `update` on the proposal's reference. */
export function editFor(proposal: Proposal, update: Update): Edit {
  const tagChanges = update.newTag !== null && update.newTag !== proposal.ref.name?.tag;
  return {
    ref: proposal.ref,
    ...(tagChanges && update.newTag !== null ? { newTag: update.newTag } : {}),
    ...(update.writeDigest && update.newDigest !== null ? { newDigest: update.newDigest } : {}),
  };
}
