/**
 * References that share where their tag or digest is written: a YAML anchor used by several
 * images (`image: &py python:3.12` then `image: *py`), or a Dockerfile ARG used by several
 * FROMs. One edit there changes all of them, so an update is kept only when every reference
 * sharing the place writes the same text into it in that update group kind (in-line, line
 * upgrade); otherwise that update is dropped for all of them, and a reference left with none
 * is skipped as uneditable, saying why.
 *
 * Owns: `applySharedSlots`. May import: refs/ (types), plan/. Must not: do I/O.
 */
import type { EditSlot, ImageRef } from '../refs/index.js';
import { editFor } from './edits.js';
import { groupKindOf, type GroupKind } from './group.js';
import type { Proposal, Update } from './types.js';

const GROUP_KINDS: readonly GroupKind[] = ['in-line', 'line-upgrade', 'os'];

/** Where a slot stands in its file. */
function slotKey(file: string, slot: EditSlot): string {
  return `${file}\u0000${slot.span.start}\u0000${slot.span.end}`;
}

function slotsOf(ref: ImageRef): EditSlot[] {
  return [ref.tagSlot, ref.digestSlot].filter((slot): slot is EditSlot => slot !== undefined);
}

/** The text a proposal's update of `kind` leaves in `slot` (the current text when it has none). */
function writtenBy(proposal: Proposal, slot: EditSlot, kind: GroupKind): string {
  const update = proposal.updates.find((u) => groupKindOf(u) === kind);
  if (update === undefined) return slot.span.text;
  const edit = editFor(proposal, update);
  if (slot === proposal.ref.tagSlot) {
    return edit.newTag === undefined ? slot.span.text : edit.newTag.slice(slot.before.length, edit.newTag.length - slot.after.length);
  }
  return edit.newDigest ?? slot.span.text;
}

function describe(ref: ImageRef): string {
  return `${ref.raw} (line ${ref.instructionLine}${ref.path === undefined ? '' : `, ${ref.path}`})`;
}

/** For each proposal, the group kinds whose update cannot be made, and the references it conflicts with. */
function findConflicts(proposals: readonly Proposal[]): Map<number, { kinds: Set<GroupKind>; others: Set<number> }> {
  const bySlot = new Map<string, { index: number; slot: EditSlot }[]>();
  proposals.forEach((proposal, index) => {
    for (const slot of slotsOf(proposal.ref)) {
      const key = slotKey(proposal.ref.file, slot);
      bySlot.set(key, [...(bySlot.get(key) ?? []), { index, slot }]);
    }
  });
  const conflicts = new Map<number, { kinds: Set<GroupKind>; others: Set<number> }>();
  for (const sharing of bySlot.values()) {
    if (sharing.length < 2) continue;
    for (const kind of GROUP_KINDS) {
      const written = new Set(sharing.map(({ index, slot }) => writtenBy(proposals[index] as Proposal, slot, kind)));
      if (written.size < 2) continue;
      for (const { index } of sharing) {
        const entry = conflicts.get(index) ?? { kinds: new Set(), others: new Set() };
        entry.kinds.add(kind);
        for (const other of sharing) if (other.index !== index) entry.others.add(other.index);
        conflicts.set(index, entry);
      }
    }
  }
  return conflicts;
}

/**
 * Drops the updates that would write, into a place several references share, what not all of
 * them want. A proposal left without updates is skipped as `uneditable`; one that keeps some
 * gets a note.
 */
export function applySharedSlots(proposals: readonly Proposal[]): Proposal[] {
  const conflicts = findConflicts(proposals);
  if (conflicts.size === 0) return [...proposals];
  return proposals.map((proposal, index): Proposal => {
    const conflict = conflicts.get(index);
    if (conflict === undefined || proposal.status !== 'update') return proposal;
    const names = [...conflict.others].map((other) => describe((proposals[other] as Proposal).ref));
    const listed = `${names.slice(0, 3).join(', ')}${names.length > 3 ? `, and ${names.length - 3} more` : ''}`;
    const anchor = proposal.ref.anchor === undefined ? '' : ` (anchor &${proposal.ref.anchor})`;
    const reason = `the tag or digest is written in one place${anchor} shared with ${listed}, which need${names.length === 1 ? 's' : ''} a different update; write them separately to update them`;
    const kept: Update[] = proposal.updates.filter((update) => !conflict.kinds.has(groupKindOf(update)));
    const [first, ...rest] = kept;
    if (first === undefined)
      return { ref: proposal.ref, status: 'skipped', updates: [], skip: 'uneditable', reason, notes: proposal.notes };
    return { ...proposal, updates: [first, ...rest], notes: [...proposal.notes, reason] };
  });
}
