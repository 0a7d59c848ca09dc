/**
 * Which images the security step compares: for each update of the plan, the image the
 * reference runs now and the one the update leads to (both by index digest, from the facts the
 * scan gathered), on the platform the repository builds; and which current images the
 * dashboard counts vulnerabilities of. Identical pairs are listed once.
 *
 * Owns: `listBumpPairs`, `listCurrentImages`, `pickSbomPlatform`, `FLAGGED_NOTE`.
 * May import: oci, plan (types and `requiredPlatforms`), sbom (types). Must not: do I/O.
 */
import { DEFAULT_PLATFORM, type Platform } from '../oci/platform.js';
import { repositoryKey, type ImageName } from '../oci/reference.js';
import type { PlanPolicy } from '../plan/index.js';
import { requiredPlatforms } from '../plan/policy.js';
import type { Proposal, RefFacts, TagFacts, Update } from '../plan/types.js';
import type { ImageRef } from '../refs/index.js';

/** One repository and digest on one platform: what an SBOM is read for. */
export interface ImageAt {
  name: Pick<ImageName, 'registry' | 'repository'>;
  digest: string;
  platform: Platform;
}

/** A current → proposed image pair and the updates that make it. */
export interface BumpPair {
  key: string;
  name: Pick<ImageName, 'registry' | 'repository'>;
  current: string;
  proposed: string;
  platform: Platform;
  updates: Update[];
}

/** A current image and the references that run it. */
export interface CurrentImage extends ImageAt {
  key: string;
  refs: ImageRef[];
  /** True when one of its references has a proposal (its SBOM was read for the bump already). */
  proposed: boolean;
}

/**
 * Notes that flag a line the dashboard should show vulnerabilities for even without a
 * proposal: an OS variant no longer rebuilt, a line at or near its end of life.
 */
export const FLAGGED_NOTE = /no longer rebuilt|end of life/;

/**
 * The platform whose SBOM is read: linux/amd64 when the repository builds it, else the first it
 * builds; linux/amd64 when the current image's platforms are not known (only its digest was looked up).
 */
export function pickSbomPlatform(policy: PlanPolicy, ref: ImageRef, platforms: readonly Platform[]): Platform {
  const required = requiredPlatforms(policy, ref, platforms);
  const amd64 = required.find((platform) => platform.os === 'linux' && platform.architecture === 'amd64');
  return amd64 ?? required[0] ?? DEFAULT_PLATFORM;
}

/** What the scan learnt of one tag: its full facts, or only its digest (a HEAD or Docker Hub's API). */
interface TagKnown {
  digest: string;
  facts?: TagFacts;
}

function knownTag(facts: RefFacts | null | undefined, tag: string | undefined): TagKnown | undefined {
  if (facts === null || facts === undefined || tag === undefined) return undefined;
  const full = facts.byTag.get(tag);
  if (full?.ok === true) return { digest: full.value.digest, facts: full.value };
  const alone = facts.tagDigests?.get(tag);
  return alone?.ok === true ? { digest: alone.value } : undefined;
}

/**
 * The index the reference runs now: what its tag points at, unless it pins a digest that is
 * not part of that (a digest refresh: the pinned one is what runs).
 */
function currentDigest(name: ImageName, current: TagKnown): string {
  const pinned = name.digest;
  if (pinned === undefined || pinned === current.digest) return current.digest;
  if (current.facts?.entries.some((entry) => entry.digest === pinned) === true) return current.digest;
  return pinned;
}

/** The index an update leads to: the new tag's (whatever digest kind the file pins), or the tag's current one. */
function proposedDigest(update: Update, facts: RefFacts, current: TagKnown): string | undefined {
  if (update.kind === 'digest' || update.kind === 'pin') return current.digest;
  return knownTag(facts, update.newTag)?.digest ?? update.newDigest ?? undefined;
}

function platformKey(platform: Platform): string {
  return `${platform.os}/${platform.architecture}/${platform.variant ?? ''}`;
}

/**
 * The distinct image pairs of the plan's updates, in proposal order, and the updates whose
 * current or proposed image is not known by digest (not assessed). A pin, or a digest update of
 * the image in use, leads to the same image: it is in neither list.
 */
export function listBumpPairs(input: {
  proposals: readonly Proposal[];
  facts: ReadonlyMap<ImageRef, RefFacts | null>;
  policy: PlanPolicy;
}): { pairs: BumpPair[]; unlocated: Update[] } {
  const pairs = new Map<string, BumpPair>();
  const unlocated: Update[] = [];
  for (const proposal of input.proposals) {
    const { ref } = proposal;
    const facts = input.facts.get(ref);
    const current = knownTag(facts, ref.name?.tag);
    if (ref.name === null || facts === null || facts === undefined || current === undefined) {
      unlocated.push(...proposal.updates.filter((update) => update.kind !== 'pin'));
      continue;
    }
    const platform = pickSbomPlatform(input.policy, ref, current.facts?.platforms ?? []);
    const from = currentDigest(ref.name, current);
    for (const update of proposal.updates) {
      const to = proposedDigest(update, facts, current);
      if (to === from) continue;
      if (to === undefined) {
        unlocated.push(update);
        continue;
      }
      const key = `${repositoryKey(ref.name)}|${from}|${to}|${platformKey(platform)}`;
      const pair = pairs.get(key) ?? { key, name: ref.name, current: from, proposed: to, platform, updates: [] };
      pair.updates.push(update);
      pairs.set(key, pair);
    }
  }
  return { pairs: [...pairs.values()], unlocated };
}

/**
 * The distinct images references run now that the dashboard counts vulnerabilities of: those of
 * references with a proposal first (their SBOM is read for the bump anyway), then those of
 * references whose notes flag their line (`FLAGGED_NOTE`), each in proposal order.
 */
export function listCurrentImages(input: {
  proposals: readonly Proposal[];
  facts: ReadonlyMap<ImageRef, RefFacts | null>;
  policy: PlanPolicy;
}): CurrentImage[] {
  const images = new Map<string, CurrentImage>();
  const add = (proposal: Proposal, proposed: boolean): void => {
    const { ref } = proposal;
    const current = knownTag(input.facts.get(ref), ref.name?.tag);
    if (ref.name === null || current === undefined) return;
    const platform = pickSbomPlatform(input.policy, ref, current.facts?.platforms ?? []);
    const digest = currentDigest(ref.name, current);
    const key = `${repositoryKey(ref.name)}|${digest}|${platformKey(platform)}`;
    const image = images.get(key) ?? { key, name: ref.name, digest, platform, refs: [], proposed };
    if (!image.refs.includes(ref)) image.refs.push(ref);
    image.proposed ||= proposed;
    images.set(key, image);
  };
  for (const proposal of input.proposals) if (proposal.status === 'update') add(proposal, true);
  for (const proposal of input.proposals) {
    if (proposal.status !== 'update' && proposal.notes.some((note) => FLAGGED_NOTE.test(note))) add(proposal, false);
  }
  return [...images.values()].sort((a, b) => Number(b.proposed) - Number(a.proposed));
}
