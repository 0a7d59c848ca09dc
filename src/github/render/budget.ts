/**
 * Bodies that fit: GitHub refuses an issue or pull request body longer than 65,536
 * characters, so the renderers lay a body out as parts and give each part's lines room in
 * priority order; what does not fit is replaced by a note saying how much was left out.
 *
 * Owns: `BODY_BUDGET`, `fitBody`, `measureParts`. May import: nothing. Must not: do I/O.
 */

/** GitHub's limit on an issue or pull request body, in characters. */
export const GITHUB_BODY_LIMIT = 65_536;
/** The most freshbase writes in one body, leaving room under GitHub's limit. @default 64,000 */
export const BODY_BUDGET = 64_000;
/** Room kept for a part's truncation note. */
const NOTE_ROOM = 200;

/** One part of a body: lines always shown around lines shown while there is room. */
export interface BodyPart {
  /** Lines always shown before `lines` (a heading, a table header). */
  head?: readonly string[];
  /** Lines shown in order while they fit. */
  lines?: readonly string[];
  /** Lines always shown after `lines` (a marker, a blank line). */
  tail?: readonly string[];
  /** The line shown in place of the lines left out. */
  note?: (omitted: number) => string;
  /** Parts with lower numbers get room first. @default 0 */
  priority?: number;
}

/** The note of a part whose lines did not all fit. */
export function omittedNote(what: string): (omitted: number) => string {
  return (omitted) => `… and ${omitted} more ${what}, not shown (GitHub limits a body to ${GITHUB_BODY_LIMIT} characters)`;
}

function size(lines: readonly string[]): number {
  return lines.reduce((sum, line) => sum + line.length + 1, 0);
}

/** The characters parts take: their `head` and `tail` lines (always shown), and their `lines` (shown while they fit). */
export function measureParts(parts: readonly BodyPart[]): { fixed: number; lines: number } {
  return {
    fixed: parts.reduce((sum, part) => sum + size(part.head ?? []) + size(part.tail ?? []), 0),
    lines: parts.reduce((sum, part) => sum + size(part.lines ?? []), 0),
  };
}

/**
 * Joins the parts, in the order given, into a body of at most `budget` characters: the `head`
 * and `tail` lines always, then each part's `lines` in priority order while they fit. Throws
 * (an impossible state) when the fixed lines alone are longer than the budget.
 */
export function fitBody(parts: readonly BodyPart[], budget: number = BODY_BUDGET): string {
  let room = budget - parts.reduce((sum, part) => sum + size(part.head ?? []) + size(part.tail ?? []), 0);
  if (room < 0) throw new Error(`the fixed lines of a body are ${budget - room} characters, more than ${budget}`);
  const kept = new Map<BodyPart, string[]>();
  const order = [...parts].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
  for (const part of order) {
    const lines = part.lines ?? [];
    if (size(lines) <= room) {
      kept.set(part, [...lines]);
      room -= size(lines);
      continue;
    }
    const shown: string[] = [];
    let used = 0;
    for (const line of lines) {
      if (used + line.length + 1 > room - NOTE_ROOM) break;
      shown.push(line);
      used += line.length + 1;
    }
    const note = (part.note ?? omittedNote('lines'))(lines.length - shown.length);
    if (used + note.length + 1 <= room) shown.push(note);
    kept.set(part, shown);
    room -= size(shown);
  }
  const body = parts.flatMap((part) => [...(part.head ?? []), ...(kept.get(part) ?? []), ...(part.tail ?? [])]);
  // Every part's lines are followed by a line break in the count; the body has one fewer.
  return body.join('\n');
}
