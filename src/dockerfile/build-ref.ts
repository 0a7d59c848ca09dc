/**
 * From the expanded text of one image reference to an `ImageRef`: the parsed name, and
 * the slots where its tag and digest can be edited.
 */
import { parseImageName } from '../oci/reference.js';
import {
  findSlot,
  insertionSlot,
  locateParts,
  type EditSlot,
  type ImageRef,
  type LineIndex,
  type MappedText,
  type RefSource,
} from '../refs/index.js';

/** Where the reference is. */
export interface RefContext {
  file: string;
  lines: LineIndex;
  instructionLine: number;
  /** File ranges of ARG instructions' arguments, to tell an ARG-defined reference. */
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
      problem: { kind: 'invalid', reason: `${JSON.stringify(raw)}: ${parsed.reason}` },
    };
  }
  const { tagRange, digestRange } = locateParts(raw);
  const tagSlot = tagRange === null ? null : findSlot(value, tagRange[0], tagRange[1], ctx.lines);
  const digestSlot =
    digestRange === null ? insertionSlot(value, raw.length, ctx.lines) : findSlot(value, digestRange[0], digestRange[1], ctx.lines);
  const editAt = tagSlot ?? digestSlot ?? firstCharSlot(value, ctx.lines);
  const line = editAt?.span.line ?? ctx.instructionLine;
  const fromArg = value.offsets.some((offset) => ctx.argRanges.some(([start, end]) => offset >= start && offset < end));
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

function describeUneditable(tagLocked: boolean, digestLocked: boolean): string | null {
  if (tagLocked) return 'the tag is built from several build arguments or escapes, so no single place in the file holds it';
  if (digestLocked) return 'the digest has no single place in the file where it can be written';
  return null;
}

function firstCharSlot(value: MappedText, lines: LineIndex): EditSlot | null {
  const offset = value.offsets.find((o) => o >= 0);
  return offset === undefined ? null : { span: lines.span(offset, offset), before: '', after: '' };
}
