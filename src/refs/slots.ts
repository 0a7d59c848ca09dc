/**
 * From an expanded reference (every character mapped to the file) to the places where its
 * tag and digest can be edited.
 */
import type { LineIndex } from './line-index.js';
import type { MappedText } from './mapped-text.js';
import type { EditSlot } from './types.js';

interface Run {
  from: number;
  to: number;
}

/** Splits `[start, end)` of `value` into runs of characters that stand side by side in the file. */
function mappedRuns(value: MappedText, start: number, end: number): Run[] | null {
  const runs: Run[] = [];
  for (let i = start; i < end; i++) {
    const offset = value.offsets[i] ?? -1;
    if (offset < 0) return null;
    const last = runs.at(-1);
    if (last !== undefined && last.to === i && (value.offsets[i - 1] ?? -2) + 1 === offset) last.to = i + 1;
    else runs.push({ from: i, to: i + 1 });
  }
  return runs;
}

/**
 * The slot for characters `[start, end)` of an expanded reference: the one file run that
 * holds them all, or, when they come from several places (`${PY}-slim`), the first run with
 * a digit in it (where the version starts), the rest becoming fixed text around it. A new
 * value that changes the fixed text is refused by the rewrite. Null when no place fits.
 */
export function findSlot(value: MappedText, start: number, end: number, lines: LineIndex): EditSlot | null {
  const runs = mappedRuns(value, start, end);
  if (runs === null) return null;
  if (runs.length === 0) return null;
  const [only] = runs;
  const chosen = runs.length === 1 ? only : firstVersionRun(value, runs);
  if (chosen === undefined) return null;
  const fileStart = value.offsets[chosen.from] ?? 0;
  const fileEnd = (value.offsets[chosen.to - 1] ?? 0) + 1;
  return {
    span: lines.span(fileStart, fileEnd),
    before: value.text.slice(start, chosen.from),
    after: value.text.slice(chosen.to, end),
  };
}

function firstVersionRun(value: MappedText, runs: Run[]): Run | undefined {
  return runs.find((run) => /[0-9]/.test(value.text.slice(run.from, run.to)));
}

/** A zero-length slot right after character `index - 1` of the expanded reference, for inserting text. */
export function insertionSlot(value: MappedText, index: number, lines: LineIndex): EditSlot | null {
  const previous = value.offsets[index - 1] ?? -1;
  if (previous < 0) return null;
  return { span: lines.span(previous + 1, previous + 1), before: '', after: '' };
}
