/**
 * From a chosen update to the Dockerfile edit that carries it out, the line it changes and
 * the tag it leaves in the file. Pure helpers publishers use; they decide nothing.
 */
import type { Edit, ImageRef } from '../refs/index.js';
import type { Proposal, Update } from './types.js';

/** The tag an update leaves in the file: the new one, or the current one for digest and pin updates. */
export function targetTag(ref: Pick<ImageRef, 'name'>, update: Update): string | null {
  return update.kind === 'digest' || update.kind === 'pin' ? (ref.name?.tag ?? null) : update.newTag;
}

/** Whether the edit of `update` writes its digest into the file. */
export function writesDigest(update: Update): boolean {
  return update.kind === 'digest' || update.kind === 'pin' || update.writeDigest;
}

/** Whether `update` changes the tag written in the file. */
function changesTag(ref: Pick<ImageRef, 'name'>, update: Update): boolean {
  return update.kind !== 'digest' && update.kind !== 'pin' && update.newTag !== ref.name?.tag;
}

/** The line an update edits: the tag's line when the tag changes, else where the digest goes. */
export function editLine(ref: ImageRef, update: Update): number {
  if (changesTag(ref, update)) return ref.tagSlot?.span.line ?? ref.line;
  return ref.digestSlot?.span.line ?? ref.line;
}

/**
 * The edits of chosen updates, by file, in the order given. References that share their slots
 * (a YAML anchor and its aliases) and want the same change give one edit.
 */
export function editsByFile(items: Iterable<{ proposal: Proposal; update: Update }>): Map<string, Edit[]> {
  const byFile = new Map<string, Edit[]>();
  const seen = new Set<string>();
  for (const { proposal, update } of items) {
    const edit = editFor(proposal, update);
    const key = editKey(edit);
    if (seen.has(key)) continue;
    seen.add(key);
    const edits = byFile.get(proposal.ref.file);
    if (edits === undefined) byFile.set(proposal.ref.file, [edit]);
    else edits.push(edit);
  }
  return byFile;
}

/** What an edit writes where: equal keys make equal replacements. */
function editKey(edit: Edit): string {
  const span = (slot: Edit['ref']['tagSlot']): string => (slot === undefined ? '' : `${slot.span.start}-${slot.span.end}`);
  const tag = edit.newTag === undefined ? '' : `${span(edit.ref.tagSlot)}=${edit.newTag}`;
  const digest = edit.newDigest === undefined ? '' : `${span(edit.ref.digestSlot)}=${edit.newDigest ?? ''}`;
  return JSON.stringify([edit.ref.file, tag, digest]);
}

/** The edit that carries out `update` on the proposal's reference. */
export function editFor(proposal: Proposal, update: Update): Edit {
  const { ref } = proposal;
  const newTag = changesTag(ref, update) ? targetTag(ref, update) : null;
  const newDigest = writesDigest(update) ? update.newDigest : null;
  return { ref, ...(newTag === null ? {} : { newTag }), ...(newDigest === null ? {} : { newDigest }) };
}
