/**
 * Types shared by every extractor: one `ImageRef` per image occurrence, and the edits a
 * publisher asks `applyEdits` to make.
 */
import type { ImageName } from '../oci/reference.js';

/** The kind of file a reference was found in. */
export type RefKind = 'dockerfile' | 'kubernetes' | 'helm' | 'compose' | 'workflow' | 'devcontainer';

/** Every file kind, in the order reports list them. */
export const REF_KINDS: readonly RefKind[] = ['dockerfile', 'kubernetes', 'helm', 'compose', 'workflow', 'devcontainer'];

/** How reports name each file kind. */
export const REF_KIND_LABELS: Readonly<Record<RefKind, string>> = {
  dockerfile: 'Dockerfile',
  kubernetes: 'Kubernetes',
  helm: 'Helm values',
  compose: 'Compose',
  workflow: 'Workflow',
  devcontainer: 'Dev container',
};

/**
 * Where a reference came from, within its file kind:
 * - Dockerfile: `from`, `arg` (a FROM whose image text comes at least partly from ARG
 *   defaults), `copy-from`, `mount-from`, `syntax`;
 * - Kubernetes: `container`, `init-container`, `ephemeral-container` (any Pod spec),
 *   `sidecar`, `spark-image`, `spark-driver`, `spark-executor` (Spark Operator);
 * - Helm values: `helm-values` (an `image: repo:tag` string), `helm-image-map` (a
 *   `{registry, repository, tag, digest}` map);
 * - Compose: `compose-service`; GitHub Actions: `workflow-container`, `workflow-service`,
 *   `docker-uses` (`uses: docker://...`); dev containers: `devcontainer`.
 */
export type RefSource =
  | 'from'
  | 'arg'
  | 'copy-from'
  | 'mount-from'
  | 'syntax'
  | 'container'
  | 'init-container'
  | 'ephemeral-container'
  | 'sidecar'
  | 'spark-image'
  | 'spark-driver'
  | 'spark-executor'
  | 'helm-values'
  | 'helm-image-map'
  | 'compose-service'
  | 'workflow-container'
  | 'workflow-service'
  | 'docker-uses'
  | 'devcontainer';

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
  /**
   * Text written before a value put into an empty slot, and removed with it: `@` before a
   * digest appended to a reference, `''` for a Helm `digest: ""` field, `' '` after a bare
   * `digest:` key. Absent: `@` for digests, nothing for tags.
   */
  separator?: string;
  /**
   * `yaml-plain`: the span is a whole plain (unquoted) YAML scalar, such as a Helm
   * `tag: 3.5.1`, so a value YAML would read as a number, boolean or null (`3.10` reads as
   * 3.1) cannot be written there (see `checkSlotValue`).
   */
  scalar?: 'yaml-plain';
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
  kind: RefKind;
  /**
   * 1-based line an update edits: the line holding the tag (the ARG line for a tag from an
   * ARG default, the anchor's line for a YAML alias, the `tag:` line of a Helm image map),
   * else the line where a digest goes.
   */
  line: number;
  /**
   * 1-based line of what uses the image: the Dockerfile instruction, or the `image` key (or
   * `container:`, `uses:`, alias) in a manifest.
   */
  instructionLine: number;
  source: RefSource;
  /**
   * The reference text after ARG expansion or interpolation, as written
   * (`python:3.11-slim`); for a Helm image map, the parts joined (`docker.io/bitnami/spark:3.5.1`).
   */
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
  /**
   * Where in a manifest the image is: the key path (`spec.template.spec.containers[0].image`,
   * `services.db.image`), with the container or service name when there is one.
   */
  path?: string;
  /**
   * The YAML anchor that holds the value (`&img`), at the anchor and wherever it is used
   * through an alias (`*img`, `<<: *common`): all of them have the anchor's slots, so one
   * edit changes them all.
   */
  anchor?: string;
  problem?: RefProblem;
}

/** A change to one reference: a new tag and/or a new digest (`null` removes the digest). */
export interface Edit {
  ref: Pick<ImageRef, 'file' | 'line' | 'name' | 'tagSlot' | 'digestSlot'>;
  newTag?: string;
  newDigest?: string | null;
}
