/**
 * From the expanded text of one image reference to an `ImageRef`: the parsed name, and
 * the slots where its tag and digest can be edited.
 */
import { parseImageName } from '../oci/reference.js';
import { findSlot, insertionSlot } from './slots.js';
import type { LineIndex, MappedText } from './text.js';
import type { EditSlot, ImageRef, RefSource } from './types.js';

/** Where the reference is. */
export interface RefContext {
  file: string;
  lines: LineIndex;
  instructionLine: number;
  /** File ranges of ARG instructions' arguments, in file order, to tell an ARG-defined reference. */
  argRanges: readonly [number, number][];
}

/** Builds the reference for expanded text `value`. */
export function buildRef(ctx: RefContext, input: { source: RefSource; value: MappedText }): ImageRef {
  const { value } = input;
  const raw = value.text;
  const parsed = parseImageName(raw);
  const base = { file: ctx.file, instructionLine: ctx.instructionLine, raw };
  if (!parsed.ok) {
    return {
      ...base,
      line: ctx.instructionLine,
      source: input.source,
      name: null,
      problem: { kind: 'invalid', reason: `${JSON.stringify(raw.length > 100 ? `${raw.slice(0, 100)}…` : raw)}: ${parsed.reason}` },
    };
  }
  const { tagRange, digestRange } = locateParts(raw);
  const tagSlot = tagRange === null ? null : findSlot(value, tagRange[0], tagRange[1], ctx.lines);
  const digestSlot =
    digestRange === null ? insertionSlot(value, raw.length, ctx.lines) : findSlot(value, digestRange[0], digestRange[1], ctx.lines);
  const editAt = tagSlot ?? digestSlot ?? firstCharSlot(value, ctx.lines);
  const line = editAt?.span.line ?? ctx.instructionLine;
  const fromArg = value.offsets.some((offset) => isInRanges(ctx.argRanges, offset));
  const source: RefSource = fromArg && input.source === 'from' ? 'arg' : input.source;
  const uneditable = describeUneditable(tagRange !== null && tagSlot === null, digestRange !== null && digestSlot === null);
  return {
    ...base,
    line,
    source,
    name: parsed.name,
    ...(tagSlot === null ? {} : { tagSlot }),
    ...(digestSlot === null ? {} : { digestSlot }),
    ...(uneditable === null ? {} : { uneditable }),
  };
}

/** Whether `offset` lies in one of `ranges` (sorted, disjoint): a binary search. */
function isInRanges(ranges: readonly [number, number][], offset: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [start, end] = ranges[mid] ?? [0, 0];
    if (offset < start) high = mid - 1;
    else if (offset >= end) low = mid + 1;
    else return true;
  }
  return false;
}

function describeUneditable(tagLocked: boolean, digestLocked: boolean): string | null {
  if (tagLocked) return 'the tag is built from several build arguments or escapes, so no single place in the file holds it';
  if (digestLocked) return 'the digest has no single place in the file where it can be written';
  return null;
}

function firstCharSlot(value: MappedText, lines: LineIndex): EditSlot | null {
  const offset = value.offsets.find((o) => o >= 0);
  return offset === undefined ? null : { span: lines.span(offset, offset), before: '', after: '' };
}

/** Character ranges of the tag and of the digest (without `:` and `@`) in reference text. */
export function locateParts(raw: string): { tagRange: [number, number] | null; digestRange: [number, number] | null } {
  const at = raw.indexOf('@');
  const nameEnd = at < 0 ? raw.length : at;
  const digestRange: [number, number] | null = at < 0 ? null : [at + 1, raw.length];
  const slash = raw.lastIndexOf('/', nameEnd - 1);
  const colon = raw.lastIndexOf(':', nameEnd - 1);
  const tagRange: [number, number] | null = colon > slash ? [colon + 1, nameEnd] : null;
  return { tagRange, digestRange };
}
