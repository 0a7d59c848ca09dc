/**
 * Types of the planning layer: what freshbase proposes for one reference, and why.
 */
import type { UpdateType } from '../config/schema.js';
import type { ImageRef } from '../dockerfile/index.js';
import type { Platform } from '../oci/platform.js';

export type { UpdateType };

/** Why a reference gets no update. */
export type SkipReason =
  | 'unresolvable'
  | 'invalid'
  | 'uneditable'
  | 'image-not-found'
  | 'tag-not-found'
  | 'no-tag'
  | 'no-newer'
  | 'registry-error'
  | 'ignored'
  | 'too-new'
  | 'platforms'
  | 'update-type-disabled';

/** One proposed change of one reference. */
export interface Update {
  updateType: UpdateType;
  /** `in-line`: patch, build, date stamp or digest inside the current line; `line-upgrade`: minor or major. */
  kind: 'in-line' | 'line-upgrade';
  /** The tag after the update (the current tag for digest and pin updates); null for a digest-only reference. */
  newTag: string | null;
  /** Digest of the new tag in the kind the reference pins (index or platform manifest). */
  newDigest: string | null;
  /** Whether the edit writes the digest (the reference has one, or pinning is on). */
  writeDigest: boolean;
  /** When the new image was built, if known (ISO 8601). */
  created?: string;
  /** Platforms the new image is built for (`linux/amd64`, ...). */
  platforms: string[];
  /** One sentence for the pull request and the CLI. */
  reason: string;
}

/** The outcome for one reference. */
export interface Proposal {
  ref: ImageRef;
  status: 'update' | 'up-to-date' | 'skipped';
  /** In-line update first, then the line upgrade. Empty unless `status` is `update`. */
  updates: Update[];
  skip?: SkipReason;
  /** Why the reference is skipped or up to date, in one sentence; null for updates. */
  reason: string | null;
  /** Remarks for maintainers: what a floating tag points at, a frozen OS variant. */
  notes: string[];
}

/** A registry answer, or why there is none (a failed lookup never throws into the planner). */
export type Lookup<T> = { ok: true; value: T } | { ok: false; notFound: boolean; message: string };

/** What the registry says about one tag or digest. */
export interface TagFacts {
  /** Digest of what the tag points at: an index for multi-platform images. */
  digest: string;
  kind: 'index' | 'image';
  platforms: Platform[];
  /** Platform manifests (for a single image, the image itself). */
  entries: { digest: string; platform: Platform }[];
  /** Build date of the image (from its config), when it was asked for. */
  created?: Date;
}

/** The registry facts gathered for one reference. */
export interface RefFacts {
  tags: Lookup<{ tags: readonly string[]; complete: boolean }>;
  /** Facts by tag, for the tags `selectLookups` asked for. */
  byTag: ReadonlyMap<string, Lookup<TagFacts>>;
  /** Facts by digest, for a pinned digest that no looked-up tag points at. */
  byDigest: ReadonlyMap<string, Lookup<TagFacts>>;
}

/** The tags and digests the planner needs facts for. */
export interface LookupRequest {
  tags: string[];
  digests: string[];
}
