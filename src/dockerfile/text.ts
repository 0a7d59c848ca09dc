/**
 * Dockerfile argument text mapped character by character back to the file, line
 * continuations dropped.
 */
import type { MappedText } from '../refs/index.js';

/**
 * Reads the file text of `[start, end)` as one instruction argument: a line continuation
 * (escape character, optional blanks, line break) and the comment or blank lines after it
 * are dropped, so `python:3.1\<newline>1` reads `python:3.11` with each character mapped.
 */
export function mapContinued(text: string, start: number, end: number, escape: string): MappedText {
  const chars: string[] = [];
  const offsets: number[] = [];
  let i = start;
  while (i < end) {
    const next = continuationEnd(text, i, end, escape);
    if (next !== null) {
      i = next;
      continue;
    }
    chars.push(text.charAt(i));
    offsets.push(i);
    i++;
  }
  return { text: chars.join(''), offsets };
}

/** If a continuation starts at `i`, the offset after it (and after comment lines); else null. */
function continuationEnd(text: string, i: number, end: number, escape: string): number | null {
  if (text.charAt(i) !== escape) return null;
  let j = i + 1;
  while (j < end && (text.charAt(j) === ' ' || text.charAt(j) === '\t')) j++;
  const afterBreak = skipLineBreak(text, j);
  if (afterBreak === null) return null;
  j = afterBreak;
  for (;;) {
    let k = j;
    while (k < end && (text.charAt(k) === ' ' || text.charAt(k) === '\t')) k++;
    if (text.charAt(k) !== '#' && skipLineBreak(text, k) === null) return j;
    while (k < end && skipLineBreak(text, k) === null) k++;
    const after = skipLineBreak(text, k);
    if (after === null || after > end) return j;
    j = after;
  }
}

function skipLineBreak(text: string, i: number): number | null {
  if (text.charAt(i) === '\r') return text.charAt(i + 1) === '\n' ? i + 2 : i + 1;
  if (text.charAt(i) === '\n') return i + 1;
  return null;
}
