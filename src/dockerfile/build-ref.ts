/**
 * From the expanded text of one Dockerfile image reference to an `ImageRef`: a FROM whose
 * text comes from ARG defaults becomes `arg`; the rest is refs/' `buildImageRef`.
 */
import { buildImageRef, type ImageRef, type LineIndex, type MappedText, type RefSource } from '../refs/index.js';

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
  const fromArg = input.value.offsets.some((offset) => isInRanges(ctx.argRanges, offset));
  const source: RefSource = fromArg && input.source === 'from' ? 'arg' : input.source;
  return buildImageRef({
    file: ctx.file,
    kind: 'dockerfile',
    source,
    lines: ctx.lines,
    instructionLine: ctx.instructionLine,
    value: input.value,
  });
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
