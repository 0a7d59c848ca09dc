/**
 * Reads the `NAME[=value]` words of one ARG instruction, honouring quotes, with each value
 * character mapped to its place in the file.
 */
import { sliceMapped, type MappedText } from '../refs/index.js';
import { mapContinued } from './text.js';

/** One declaration of an ARG instruction. */
export interface ArgWord {
  name: string;
  /** The default value (quotes removed), or null when none is given. */
  value: MappedText | null;
}

/** Splits an ARG's argument text (`[start, end)` of the file) into its declarations. */
export function readArgWords(text: string, start: number, end: number, escape: string): ArgWord[] {
  const mapped = mapContinued(text, start, end, escape);
  const words: ArgWord[] = [];
  let i = 0;
  while (i < mapped.text.length) {
    while (i < mapped.text.length && /\s/.test(mapped.text.charAt(i))) i++;
    if (i >= mapped.text.length) break;
    const word = readWord(mapped, i, escape);
    i = word.end;
    const eq = word.value.text.indexOf('=');
    if (eq < 0) {
      words.push({ name: word.value.text, value: null });
      continue;
    }
    words.push({ name: word.value.text.slice(0, eq), value: sliceMapped(word.value, eq + 1) });
  }
  return words.filter((word) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(word.name));
}

/** One shell-like word: quotes are removed, escaped characters kept, positions kept. */
function readWord(mapped: MappedText, start: number, escape: string): { value: MappedText; end: number } {
  const chars: string[] = [];
  const offsets: number[] = [];
  let quote: string | null = null;
  let i = start;
  const push = (index: number): void => {
    chars.push(mapped.text.charAt(index));
    offsets.push(mapped.offsets[index] ?? -1);
  };
  for (; i < mapped.text.length; i++) {
    const c = mapped.text.charAt(i);
    if (quote === null && /\s/.test(c)) break;
    if (c === quote) {
      quote = null;
    } else if (quote === null && (c === '"' || c === "'")) {
      quote = c;
    } else if (c === escape && quote !== "'" && i + 1 < mapped.text.length && mapped.text.charAt(i + 1) !== '$') {
      i++;
      push(i);
    } else {
      push(i);
    }
  }
  return { value: { text: chars.join(''), offsets }, end: i };
}
