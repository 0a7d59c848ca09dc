/**
 * Byte-exact rewrite: applies tag and digest edits to a file's text and leaves every other
 * character as it was (line endings, comments, continuations, quoting, white space). The
 * file's format does not matter: extraction put every value in a slot.
 *
 * Owns: turning `Edit`s into replacements and refusing any that no longer fit the text.
 * May import: oci/, util/. Must not: do I/O.
 */
import { checkDigest, checkTag } from '../oci/reference.js';
import { EditConflictError, FreshbaseError } from '../util/errors.js';
import { checkSlotValue } from './slot-value.js';
import type { Edit, EditSlot } from './types.js';

interface Replacement {
  start: number;
  end: number;
  text: string;
  line: number;
}

/**
 * Applies `edits` to `text` (the content of `file`) and returns the new text.
 * Throws `EditConflictError` when a span no longer holds what the reference saw, and a
 * `FreshbaseError` (`edit-impossible`) when a new value cannot be written where the old one is.
 */
export function applyEdits(file: string, text: string, edits: readonly Edit[]): string {
  const replacements = edits.flatMap((edit) => replacementsFor(file, text, edit));
  replacements.sort((a, b) => a.start - b.start || a.end - b.end);
  const unique: Replacement[] = [];
  for (const next of replacements) {
    const previous = unique.at(-1);
    if (previous !== undefined && previous.start === next.start && previous.end === next.end && previous.text === next.text) continue;
    if (previous !== undefined && next.start < previous.end) {
      throw new EditConflictError({ file, line: next.line, expected: previous.text, found: next.text });
    }
    unique.push(next);
  }
  let result = text;
  for (const replacement of unique.reverse()) {
    result = result.slice(0, replacement.start) + replacement.text + result.slice(replacement.end);
  }
  return result;
}

function replacementsFor(file: string, text: string, edit: Edit): Replacement[] {
  const out: Replacement[] = [];
  if (edit.newTag !== undefined) {
    const slot = requireSlot(file, edit, edit.ref.tagSlot, 'tag');
    const problem = checkTag(edit.newTag);
    if (problem !== null) throw impossible(file, edit.ref.line, problem);
    out.push({ ...checked(file, text, slot), text: middle(file, slot, edit.newTag) });
  }
  if (edit.newDigest !== undefined) {
    const slot = requireSlot(file, edit, edit.ref.digestSlot, 'digest');
    const span = checked(file, text, slot);
    const separator = slot.separator ?? '@';
    if (edit.newDigest === null) {
      if (span.start === span.end) return out;
      const before = text.slice(span.start - separator.length, span.start);
      const at = separator !== '' && before === separator ? span.start - separator.length : span.start;
      out.push({ ...span, start: at, text: '' });
    } else {
      const problem = checkDigest(edit.newDigest) ?? checkSlotValue(slot, edit.newDigest);
      if (problem !== null) throw impossible(file, edit.ref.line, problem);
      out.push({ ...span, text: span.start === span.end ? `${separator}${edit.newDigest}` : edit.newDigest });
    }
  }
  return out;
}

function requireSlot(file: string, edit: Edit, slot: EditSlot | undefined, what: string): EditSlot {
  if (slot === undefined) throw impossible(file, edit.ref.line, `the reference has no place where its ${what} can be written`);
  return slot;
}

/** The slot's span, after checking that the text still holds what extraction saw. */
function checked(file: string, text: string, slot: EditSlot): Omit<Replacement, 'text'> {
  const { start, end, line } = slot.span;
  const found = text.slice(start, end);
  if (found !== slot.span.text) throw new EditConflictError({ file, line, expected: slot.span.text, found });
  return { start, end, line };
}

/** The part of `value` that goes into the slot's span, keeping the fixed text around it. */
function middle(file: string, slot: EditSlot, value: string): string {
  const problem = checkSlotValue(slot, value);
  if (problem !== null) throw impossible(file, slot.span.line, problem);
  return value.slice(slot.before.length, value.length - slot.after.length);
}

function impossible(file: string, line: number, reason: string): FreshbaseError {
  return new FreshbaseError('edit-impossible', `${file}:${line}: ${reason}; edit refused`);
}
