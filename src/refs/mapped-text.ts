/**
 * Text whose every character knows where it stands in the file: what an extractor builds
 * when a reference is assembled from pieces (build arguments, interpolation defaults).
 *
 * May import: nothing. Must not: do I/O.
 */

/** Text whose every character knows its offset in the file (-1 for characters that are not there). */
export interface MappedText {
  text: string;
  offsets: number[];
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
