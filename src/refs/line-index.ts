/**
 * Line starts of a text and spans with 1-based line and column, shared by every extractor.
 *
 * Owns: the one line-break rule (CRLF, LF, CR). May import: nothing but ./types. Must not: do I/O.
 */
import type { TextSpan } from './types.js';

/** An LSP-style position as dockerfile-ast and language servers report it (0-based line and character). */
export interface Position {
  line: number;
  character: number;
}

/** Line starts of a text, with the line breaks of Dockerfiles and YAML (CRLF, LF, CR). */
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
