/**
 * Text positions: from dockerfile-ast's (line, character) positions to string offsets,
 * and argument text mapped character by character back to the file.
 */
import type { TextSpan } from './types.js';

/** An LSP-style position as dockerfile-ast reports it (0-based line and character). */
export interface Position {
  line: number;
  character: number;
}

/** Text whose every character knows its offset in the file (-1 for characters that are not there). */
export interface MappedText {
  text: string;
  offsets: number[];
}

/** Line starts of a text, with the same line breaks as dockerfile-ast (CRLF, LF, CR). */
export class LineIndex {
  readonly text: string;
  private readonly starts: number[];

  constructor(text: string) {
    this.text = text;
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10) {
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  /** Offset of a 0-based position. */
  offsetAt(position: Position): number {
    const start = this.starts[position.line] ?? this.text.length;
    return Math.min(start + position.character, this.text.length);
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** A span for `[start, end)` with 1-based line and column. */
  span(start: number, end: number): TextSpan {
    const line = this.lineOf(start);
    return { start, end, line: line + 1, column: start - (this.starts[line] ?? 0) + 1, text: this.text.slice(start, end) };
  }
}

/** Maps a literal string that appears verbatim at `start`. */
export function mapVerbatim(text: string, start: number): MappedText {
  return { text, offsets: Array.from({ length: text.length }, (_, i) => start + i) };
}

/** A string with no place in the file (a default built by expansion, for example). */
export function unmapped(text: string): MappedText {
  return { text, offsets: new Array<number>(text.length).fill(-1) };
}

/** Concatenates mapped texts. */
export function concatMapped(parts: MappedText[]): MappedText {
  const filled = parts.filter((part) => part.text.length > 0);
  if (filled.length === 1 && filled[0] !== undefined) return filled[0];
  const offsets: number[] = [];
  for (const part of filled) for (const offset of part.offsets) offsets.push(offset);
  return { text: filled.map((part) => part.text).join(''), offsets };
}

/** A slice of a mapped text. */
export function sliceMapped(value: MappedText, start: number, end?: number): MappedText {
  return { text: value.text.slice(start, end), offsets: value.offsets.slice(start, end) };
}

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
