/**
 * Types shared by every extractor: one `ImageRef` per image occurrence, and the edits a
 * publisher asks `applyEdits` to make.
 */
import type { ImageName } from '../oci/reference.js';

/** Where a reference came from; `arg` is a FROM whose image text comes at least partly from ARG defaults. */
export type RefSource = 'from' | 'arg' | 'copy-from' | 'mount-from' | 'syntax';

/**
 * A run of characters in the file text (the decoded string, BOM and CRLF included).
 * `start`/`end` are 0-based offsets into that string; `line` and `column` are 1-based.
 */
export interface TextSpan {
  start: number;
  end: number;
  line: number;
  column: number;
  /** The text the span holds now: `text.slice(start, end)`. */
  text: string;
}

/**
 * Where a tag or digest can be edited. The value is `before + span.text + after`:
 * `before`/`after` are fixed text from elsewhere (a tag `${PY}-slim` with `ARG PY=3.11`
 * has its span on the ARG line and `after` = `-slim`).
 */
export interface EditSlot {
  span: TextSpan;
  before: string;
  after: string;
}

/** Why a reference cannot be looked up. */
export interface RefProblem {
  kind: 'unresolvable' | 'invalid';
  reason: string;
}

/** One image reference found in one file. */
export interface ImageRef {
  /** Path of the file, as given to the extractor (relative to the repository root). */
  file: string;
  /**
   * 1-based line an update edits: the line holding the tag (the ARG line for a tag from an
   * ARG default), else the line where a digest goes.
   */
  line: number;
  /** 1-based line of the instruction that uses the image. */
  instructionLine: number;
  source: RefSource;
  /** The reference text after ARG expansion, as written (`python:3.11-slim`). */
  raw: string;
  /** Normalized name, or null when `problem` is set. */
  name: ImageName | null;
  /** Where the tag can be edited; absent when there is no tag or it cannot be edited. */
  tagSlot?: EditSlot;
  /** Where the digest can be edited (or, zero-length, inserted); absent when it cannot be. */
  digestSlot?: EditSlot;
  /** Why tag or digest edits are impossible although the reference is valid. */
  uneditable?: string;
  /** Build stage name (`AS name`) of the FROM, or the stage a COPY/RUN is in. */
  stage?: string;
  /** `--platform=` value as written (`linux/amd64`, `$BUILDPLATFORM`). */
  platform?: string;
  problem?: RefProblem;
}

/** A change to one reference: a new tag and/or a new digest (`null` removes the digest). */
export interface Edit {
  ref: Pick<ImageRef, 'file' | 'line' | 'name' | 'tagSlot' | 'digestSlot'>;
  newTag?: string;
  newDigest?: string | null;
}
