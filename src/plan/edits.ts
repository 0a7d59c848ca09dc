/**
 * From a chosen update to the Dockerfile edit that carries it out, and the line it changes.
 */
import type { Edit, ImageRef } from '../refs/index.js';
import type { Proposal, Update } from './types.js';

/** The line an update edits: the tag's line when the tag changes, else where the digest goes. */
export function editLine(ref: ImageRef, update: Update): number {
  const tagChanges = update.newTag !== null && update.newTag !== ref.name?.tag;
  if (tagChanges) return ref.tagSlot?.span.line ?? ref.line;
  return ref.digestSlot?.span.line ?? ref.line;
}

/** The edits of chosen updates, by file, in the order given. */
export function editsByFile(items: Iterable<{ proposal: Proposal; update: Update }>): Map<string, Edit[]> {
  const byFile = new Map<string, Edit[]>();
  for (const { proposal, update } of items) {
    const edits = byFile.get(proposal.ref.file);
    if (edits === undefined) byFile.set(proposal.ref.file, [editFor(proposal, update)]);
    else edits.push(editFor(proposal, update));
  }
  return byFile;
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
