/**
 * Checks one candidate tag against what a maintainer would accept: registry facts known,
 * every required platform kept, old enough, writable where the reference lives.
 */
import { checkSlotValue, type ImageRef } from '../refs/index.js';
import { formatPlatform, type Platform } from '../oci/platform.js';
import type { NewerTag } from '../versioning/update-type.js';
import { digestOfKind, type DigestKind } from './digests.js';
import { missingPlatforms, type PlanPolicy } from './policy.js';
import type { InLineUpdate, LineUpgrade, RefFacts, SkipReason, TagFacts } from './types.js';

/**
 * Why one candidate was passed over. `upgrade-limit` (a line no longer rebuilt, a major past
 * the LTS alias) only ever holds back a line upgrade, so it is a note and never a skip.
 */
export interface Rejection {
  tag: string;
  skip: SkipReason | 'upgrade-limit';
  reason: string;
}

/** What the candidate checks need to know about the reference. */
export interface CandidateContext {
  ref: ImageRef;
  facts: RefFacts;
  policy: PlanPolicy;
  now: Date;
  required: readonly Platform[];
  digestKind: DigestKind;
  writeDigest: boolean;
  /** Limits on line upgrades: lines not rebuilt since `staleBefore`, majors past the `lts` alias. */
  upgradeLimits?: { staleBefore?: Date; lts?: { major: number; tag: string; alias: string } };
}

/** A line whose newest build is this much older than the current line's is no longer maintained. @default 60 days */
export const STALE_LINE_MS = 60 * 86_400_000;

/** The first candidate (newest first) that passes every check, and why the newer ones did not. */
export function pickCandidate(
  candidates: readonly NewerTag[],
  ctx: CandidateContext,
  kind: 'in-line' | 'line-upgrade',
): { update?: InLineUpdate | LineUpgrade; rejections: Rejection[] } {
  const rejections: Rejection[] = [];
  for (const candidate of candidates) {
    const facts = ctx.facts.byTag.get(candidate.tag);
    if (facts === undefined) continue;
    if (!facts.ok) {
      rejections.push({ tag: candidate.tag, skip: 'registry-error', reason: facts.message });
      continue;
    }
    const rejection =
      checkCandidate(candidate.tag, facts.value, ctx) ?? (kind === 'line-upgrade' ? checkUpgrade(candidate, facts.value, ctx) : null);
    if (rejection !== null) {
      rejections.push(rejection);
      continue;
    }
    return { update: tagUpdate(candidate, digestOfKind(ctx.digestKind, facts.value), ctx.writeDigest, facts.value), rejections };
  }
  return { rejections };
}

/** The first reason a candidate cannot be proposed, or null. */
export function checkCandidate(tag: string, facts: TagFacts, ctx: CandidateContext): Rejection | null {
  const missing = missingPlatforms(ctx.required, facts.platforms);
  if (missing.length > 0)
    return { tag, skip: 'platforms', reason: `${tag} is not built for ${missing.join(', ')}, which this repository builds for` };
  const tooNew = ageProblem(tag, facts.created, ctx);
  if (tooNew !== null) return tooNew;
  const slot = ctx.ref.tagSlot;
  if (tag !== ctx.ref.name?.tag && slot === undefined) {
    return { tag, skip: 'uneditable', reason: ctx.ref.uneditable ?? 'the tag has no place in the file where it can be written' };
  }
  const unwritable = slot === undefined || tag === ctx.ref.name?.tag ? null : checkSlotValue(slot, tag);
  if (unwritable !== null) return { tag, skip: 'uneditable', reason: unwritable };
  if (ctx.writeDigest && digestOfKind(ctx.digestKind, facts) === null) {
    return { tag, skip: 'platforms', reason: `${tag} has no manifest for the platform the pinned digest names` };
  }
  return null;
}

/** Line upgrades a maintainer would not take: a line no longer rebuilt upstream, a major past the image's LTS alias. */
function checkUpgrade(candidate: NewerTag, facts: TagFacts, ctx: CandidateContext): Rejection | null {
  const limits = ctx.upgradeLimits;
  const major = candidate.version.release[0];
  if (limits?.lts !== undefined && major !== undefined && major > limits.lts.major) {
    return {
      tag: candidate.tag,
      skip: 'upgrade-limit',
      reason: `${candidate.tag} is not a long-term support line (${limits.lts.alias} is ${limits.lts.tag})`,
    };
  }
  const stale = limits?.staleBefore;
  if (stale !== undefined && facts.created !== undefined && facts.created < stale) {
    return {
      tag: candidate.tag,
      skip: 'upgrade-limit',
      reason: `${candidate.tag} is no longer rebuilt upstream (last built ${facts.created.toISOString().slice(0, 10)})`,
    };
  }
  return null;
}

/** A too-new rejection when the image was built less than `minimumReleaseAge` ago. */
export function ageProblem(tag: string, created: Date | undefined, ctx: Pick<CandidateContext, 'policy' | 'now'>): Rejection | null {
  if (created === undefined || ctx.policy.minimumReleaseAge === 0) return null;
  const age = ctx.now.getTime() - created.getTime();
  if (age >= ctx.policy.minimumReleaseAge) return null;
  const hours = Math.max(0, Math.floor(age / 3_600_000));
  const wanted = Math.ceil(ctx.policy.minimumReleaseAge / 3_600_000);
  return { tag, skip: 'too-new', reason: `${tag} was built ${hours}h ago, less than the minimum release age of ${wanted}h` };
}

/** What an update says about the image it leads to: its platforms and build date. */
export function imageFacts(facts: TagFacts): { platforms: string[]; created?: string } {
  return {
    platforms: facts.platforms.map(formatPlatform),
    ...(facts.created === undefined ? {} : { created: facts.created.toISOString() }),
  };
}

/**
 * The update to a candidate tag: in-line for a patch step (patch, build, date stamp), a line
 * upgrade for a minor or major one. The digest is written when `write` is set and it is known.
 */
function tagUpdate(candidate: NewerTag, newDigest: string | null, write: boolean, facts: TagFacts): InLineUpdate | LineUpgrade {
  const digest = write && newDigest !== null ? { newDigest, writeDigest: true as const } : { newDigest, writeDigest: false as const };
  const base = { newTag: candidate.tag, ...digest, ...imageFacts(facts), reason: '' };
  if (candidate.updateType === 'patch') return { ...base, kind: 'in-line', updateType: 'patch' };
  return { ...base, kind: 'line-upgrade', updateType: candidate.updateType };
}
