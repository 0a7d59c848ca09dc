/**
 * Types of the manifest layer: the file kinds it reads, the files it is given, its limits.
 */
import type { RefKind } from '../refs/index.js';

/** A file kind other than Dockerfiles. */
export type ManifestKind = Exclude<RefKind, 'dockerfile'>;

/** Every manifest kind, in the order discovery tries them on a path. */
export const MANIFEST_KINDS: readonly ManifestKind[] = ['workflow', 'devcontainer', 'compose', 'helm', 'kubernetes'];

/** One file to extract references from. */
export interface ManifestFile {
  /** Path relative to the repository root, with `/` separators. */
  path: string;
  kind: ManifestKind;
  text: string;
  /** For `helm`: the chart's `Chart.yaml` (its `appVersion` is the tag of an image map without one). */
  chart?: { path: string; text: string };
}

/** Bounds on what one file may cost. */
export interface ManifestLimits {
  /** Longest text read; a longer file gives one `invalid` reference. @default 1 MiB */
  maxLength: number;
  /** YAML documents read per file; the rest are ignored with one `invalid` reference. @default 500 */
  maxDocuments: number;
  /** YAML nodes visited per file (aliases count each time they are followed). @default 200000 */
  maxNodes: number;
  /** Deepest nesting followed. @default 64 */
  maxDepth: number;
  /** Aliases followed per file, each once per document (the walk never expands them with `toJS`). @default 1000 */
  maxAliasCount: number;
}

/** The limits used when a caller gives none. */
export const DEFAULT_MANIFEST_LIMITS: ManifestLimits = {
  maxLength: 1024 * 1024,
  maxDocuments: 500,
  maxNodes: 200_000,
  maxDepth: 64,
  maxAliasCount: 1000,
};
