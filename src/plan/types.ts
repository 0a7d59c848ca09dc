/**
 * Types of the planning layer: what freshbase proposes for one reference, and why.
 *
 * Owns: `Update` (one proposed change, discriminated by `kind`), `Proposal` (the outcome of
 * one reference, discriminated by `status`), `SkipReason`, and the registry facts planning
 * reads. The unions are shaped so contradictory states do not type-check: a digest update
 * has no new tag, an update outcome has no skip reason, a skipped one no updates.
 * May import: types of oci/, dockerfile/, versioning/. Must not: hold logic.
 */
import type { ImageRef } from '../refs/index.js';
import type { Platform } from '../oci/platform.js';
import type { UpdateType } from '../versioning/update-types.js';

export type { UpdateType };

/**
 * Why a reference gets no update: the stable code next to the sentence in `Proposal.reason`
 * (the CLI's JSON `skipReason`; the README lists them).
 */
export type SkipReason =
  /** An ARG the image text uses has no default. */
  | 'unresolvable'
  /** The image text is not a valid reference. */
  | 'invalid'
  /** The new tag or digest has no place in the file where it can be written. */
  | 'uneditable'
  | 'image-not-found'
  | 'tag-not-found'
  /** A digest without a tag that no tag points at now. */
  | 'no-tag'
  | 'registry-error'
  /** An ignore rule of the repository's config. */
  | 'ignored'
  /** Every update was declined by a maintainer (a freshbase pull request closed without merging). */
  | 'declined'
  /** Newer than `minimumReleaseAge`. */
  | 'too-new'
  /** The new tag drops a platform the repository builds for. */
  | 'platforms';

/** Every `SkipReason`, for documentation and tests. */
export const SKIP_REASONS: readonly SkipReason[] = [
  'unresolvable',
  'invalid',
  'uneditable',
  'image-not-found',
  'tag-not-found',
  'no-tag',
  'registry-error',
  'ignored',
  'declined',
  'too-new',
  'platforms',
];

/** What every update says about the image it leads to. */
interface UpdateFacts {
  /** When the new image was built, if known (ISO 8601). */
  created?: string;
  /** Platforms the new image is built for (`linux/amd64`, ...). */
  platforms: string[];
  /** One sentence for the pull request and the CLI. */
  reason: string;
}

/**
 * The digest side of a tag change: the new tag's digest in the kind the reference pins
 * (index or one platform's manifest), written only when the reference has a digest or
 * pinning is on (then it is known).
 */
type TagChangeDigest = { newDigest: string; writeDigest: true } | { newDigest: string | null; writeDigest: false };

/** A newer tag inside the current line: patch, build or date stamp. */
export type InLineUpdate = UpdateFacts & TagChangeDigest & { kind: 'in-line'; updateType: 'patch'; newTag: string };

/** A newer line: minor or major. */
export type LineUpgrade = UpdateFacts & TagChangeDigest & { kind: 'line-upgrade'; updateType: 'minor' | 'major'; newTag: string };

/**
 * The same version line on a newer release of the same OS family (`alpine3.19` → `alpine3.21`,
 * `slim-buster` → `slim-bookworm`, `jammy` → `noble`), when the current variant is frozen
 * upstream or its OS is past its end of life. Its own pull request group.
 */
export type OsUpdate = UpdateFacts & TagChangeDigest & { kind: 'os'; updateType: 'os'; newTag: string };

/** The same tag rebuilt upstream: a reference pinned by digest gets the new digest. The tag stays. */
export interface DigestUpdate extends UpdateFacts {
  kind: 'digest';
  updateType: 'digest';
  newDigest: string;
}

/** A digest added to a reference that has none (`pinDigests`). The tag stays. */
export interface PinUpdate extends UpdateFacts {
  kind: 'pin';
  updateType: 'pin';
  newDigest: string;
}

/** One proposed change of one reference. */
export type Update = InLineUpdate | LineUpgrade | OsUpdate | DigestUpdate | PinUpdate;

/** A reference's release line past or near its end of life (the most urgent of its version and OS parts). */
export interface EndOfLife {
  /** `python 3.9`, `debian 11 (bullseye)`. */
  line: string;
  /** The last day of support (`YYYY-MM-DD`); null when the data has no date. */
  date: string | null;
  /** `eol`: past it; `soon`: within `lifecycle.warnBefore`. */
  state: 'eol' | 'soon';
  /** One sentence naming the line to move to: `python 3.9 reached end of life on 2025-10-31; 3.13 is the newest supported line`. */
  message: string;
}

/** What every outcome has. */
interface OutcomeBase {
  ref: ImageRef;
  /** Remarks for maintainers, at most one per reason: what a floating tag points at, a frozen OS variant, a line not offered. */
  notes: string[];
  /** Set when the reference's line is past or near its end of life. @default none */
  eol?: EndOfLife;
  /** Set when the image is deprecated upstream: the sentence naming its replacement (never a pull request). @default none */
  deprecated?: string;
}

/** A reference with at least one update: the in-line one (patch, digest or pin) first, then the line upgrade. */
export interface UpdateOutcome extends OutcomeBase {
  status: 'update';
  updates: [Update, ...Update[]];
  reason: null;
}

/** A reference that is current, and why. */
export interface UpToDateOutcome extends OutcomeBase {
  status: 'up-to-date';
  updates: [];
  reason: string;
}

/** A reference that gets no update, with the stable code and the sentence saying why. */
export interface SkippedOutcome extends OutcomeBase {
  status: 'skipped';
  updates: [];
  skip: SkipReason;
  reason: string;
  /** Set when a registry's rate limit stopped the lookups (skip `registry-error`): when it takes requests again (ISO 8601). */
  retryAt?: string;
}

/** The outcome for one reference. */
export type Proposal = UpdateOutcome | UpToDateOutcome | SkippedOutcome;

/** Why a registry lookup has no answer. */
export interface LookupFailure {
  ok: false;
  notFound: boolean;
  message: string;
  /** Set when a rate limit stopped the lookup: when the registry takes requests again (epoch ms). */
  retryAt?: number;
}

/** A registry answer, or why there is none (a failed lookup never throws into the planner). */
export type Lookup<T> = { ok: true; value: T } | LookupFailure;

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

/**
 * The registry facts gathered for one reference so far: what the planner asked for, round by
 * round (see `planStep`). A tag or digest missing from the maps has not been looked up yet.
 */
export interface RefFacts {
  tags: Lookup<{ tags: readonly string[]; complete: boolean }>;
  /** Full facts (platforms, platform manifests, build date) by tag. */
  byTag: ReadonlyMap<string, Lookup<TagFacts>>;
  /** The digest alone (a HEAD, or Docker Hub's API) by tag, for tags that are only evidence. @default none */
  tagDigests?: ReadonlyMap<string, Lookup<string>>;
  /** Full facts by digest, for a pinned digest. */
  byDigest: ReadonlyMap<string, Lookup<TagFacts>>;
}

/** The lookups the planner needs before it can decide. */
export interface LookupRequest {
  /** Tags whose full facts are needed (platforms, platform manifests, build date). */
  tags: string[];
  /** Tags whose digest alone is needed. */
  tagDigests: string[];
  /** Pinned digests whose full facts are needed. */
  digests: string[];
}

/** One step of planning a reference: the proposal, or the lookups it still needs. */
export type PlanStep = { status: 'decided'; proposal: Proposal } | { status: 'lookup'; request: LookupRequest };
