/**
 * Public surface of the reference layer: the `ImageRef` every extractor produces, the spans
 * and slots where its tag and digest stand, and the byte-exact rewrite that fills them.
 *
 * Owns: format-independent reference types and the slot-and-verify rewrite.
 * May import: oci/, util/. Must not: parse any file format, do I/O.
 */
export { applyEdits } from './rewrite.js';
export { buildImageRef, type ImageRefInput } from './build-image-ref.js';
export { checkSlotValue, isNonStringPlainScalar } from './slot-value.js';
export { LineIndex, type Position } from './line-index.js';
export { locateParts } from './locate-parts.js';
export { concatMapped, mapVerbatim, sliceMapped, unmapped, type MappedText } from './mapped-text.js';
export { findSlot, insertionSlot } from './slots.js';
export { isSkippedPath, SKIPPED_DIRECTORIES } from './skipped-paths.js';
export {
  REF_KIND_LABELS,
  REF_KINDS,
  type Edit,
  type EditSlot,
  type ImageRef,
  type RefKind,
  type RefProblem,
  type RefSource,
  type TextSpan,
} from './types.js';
