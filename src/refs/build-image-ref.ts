/**
 * From the text of one image reference, every character mapped to its place in the file, to
 * an `ImageRef`: the parsed name and the slots where its tag and digest can be edited.
 *
 * May import: oci/. Must not: know any file format.
 */
import { parseImageName } from '../oci/reference.js';
import type { LineIndex } from './line-index.js';
import { locateParts } from './locate-parts.js';
import type { MappedText } from './mapped-text.js';
import { findSlot, insertionSlot } from './slots.js';
import type { EditSlot, ImageRef, RefKind, RefSource } from './types.js';

/** What `buildImageRef` needs to know about one occurrence. */
export interface ImageRefInput {
  file: string;
  kind: RefKind;
  source: RefSource;
  lines: LineIndex;
  /** 1-based line of what uses the image (instruction, `image:` key). */
  instructionLine: number;
  /** The reference text; characters with offset -1 have no place in the file. */
  value: MappedText;
  /** Why edits are impossible whatever the slots say (a block scalar, for example). */
  uneditable?: string;
  /** Fields copied to the reference as they are (`path`, `anchor`, `stage`, `platform`). */
  extra?: Pick<ImageRef, 'path' | 'anchor' | 'stage' | 'platform'>;
}

/** Builds the reference for `input.value`. Never throws: invalid text gives an `invalid` problem. */
export function buildImageRef(input: ImageRefInput): ImageRef {
  const { value, lines } = input;
  const raw = value.text;
  const parsed = parseImageName(raw);
  const base = { file: input.file, kind: input.kind, instructionLine: input.instructionLine, source: input.source, raw, ...input.extra };
  if (!parsed.ok) {
    return {
      ...base,
      line: input.instructionLine,
      name: null,
      problem: { kind: 'invalid', reason: `${JSON.stringify(raw.length > 100 ? `${raw.slice(0, 100)}…` : raw)}: ${parsed.reason}` },
    };
  }
  const { tagRange, digestRange } = locateParts(raw);
  const locked = input.uneditable !== undefined;
  const tagSlot = locked || tagRange === null ? null : findSlot(value, tagRange[0], tagRange[1], lines);
  const digestSlot = locked
    ? null
    : digestRange === null
      ? insertionSlot(value, raw.length, lines)
      : findSlot(value, digestRange[0], digestRange[1], lines);
  const editAt = tagSlot ?? digestSlot ?? firstCharSlot(value, lines);
  const uneditable =
    input.uneditable ?? describeUneditable(tagRange !== null && tagSlot === null, digestRange !== null && digestSlot === null);
  return {
    ...base,
    line: editAt?.span.line ?? input.instructionLine,
    name: parsed.name,
    ...(tagSlot === null ? {} : { tagSlot }),
    ...(digestSlot === null ? {} : { digestSlot }),
    ...(uneditable === null ? {} : { uneditable }),
  };
}

function describeUneditable(tagLocked: boolean, digestLocked: boolean): string | null {
  if (tagLocked)
    return 'the tag is assembled from several places (build arguments, variables or escapes), so no single place in the file holds it';
  if (digestLocked) return 'the digest has no single place in the file where it can be written';
  return null;
}

function firstCharSlot(value: MappedText, lines: LineIndex): EditSlot | null {
  const offset = value.offsets.find((o) => o >= 0);
  return offset === undefined ? null : { span: lines.span(offset, offset), before: '', after: '' };
}
