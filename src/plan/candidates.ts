/**
 * Checks candidate tags, newest first, against what a maintainer would accept: not a
 * pre-release, every required platform kept, old enough, writable where the reference lives;
 * line upgrades also on a line still rebuilt and within the `lts` alias. Facts are read only
 * for the candidates checked: the walk stops at the first accepted one, and stops with
 * `waiting` (or `failed`) where a fact it needs is not there.
 *
 * Owns: `pickCandidate`, `Rejection`, the candidate checks. May import: plan/, versioning/, oci/.
 * Must not: do I/O; accept a candidate whose evidence is missing.
 */
import { checkSlotValue, type ImageRef } from '../refs/index.js';
import { formatPlatform } from '../oci/platform.js';
import type { ImageName } from '../oci/reference.js';
import { parseTag } from '../versioning/docker-tag.js';
import type { NewerTag } from '../versioning/update-type.js';
import { digestOfKind, type DigestKind } from './digests.js';
import { allKnown, type FactsReader, type Known } from './facts-reader.js';
import { configuredPlatforms, defaultPlatforms, missingPlatforms, requiredPlatforms, type PlanPolicy } from './policy.js';
import { prereleaseEvidence } from './select-lookups.js';
import type { InLineUpdate, LineUpgrade, OsUpdate, SkipReason, TagFacts } from './types.js';

/** What a walk over candidates looks for: a newer tag in the line, a newer line, or the line on a newer OS release. */
export type CandidateKind = 'in-line' | 'line-upgrade' | 'os';

/**
 * Why one candidate was passed over. `upgrade-limit` (a line no longer rebuilt, a major past
 * the LTS alias) only ever holds back a line upgrade, so it is a note and never a skip.
 */
export interface Rejection {
  tag: string;
  skip: SkipReason | 'upgrade-limit';
  reason: string;
}

/** The image's long-term support line: the major its `lts` alias points at, and the tag that shows it. */
export interface LtsLine {
  major: number;
  tag: string;
  alias: string;
}

/** What the candidate checks need to know about the reference. */
export interface CandidateContext {
  ref: ImageRef;
  name: ImageName & { tag: string };
  tags: readonly string[];
  reader: FactsReader;
  policy: PlanPolicy;
  now: Date;
  /** The development channels whose digests show a candidate is a pre-release. */
  channels: readonly string[];
  /** Tags that are newer and no pre-release on the evidence gathered so far (`findNewerTags`). */
  allowed: ReadonlySet<string>;
  digestKind: () => Known<DigestKind>;
  writeDigest: boolean;
  /** For line upgrades: the `lts` alias's line, if the image has one (read when the first upgrade is checked). */
  ltsLine?: () => Known<LtsLine | undefined>;
  /** For line upgrades: when the in-line pick was built (the newest build of the current line, with the current tag's). */
  inLineBuilt?: Date;
}

/** A line whose newest build is this much older than the current line's is no longer maintained. @default 60 days */
export const STALE_LINE_MS = 60 * 86_400_000;

type Verdict =
  { kind: 'prerelease' } | { kind: 'rejected'; rejection: Rejection } | { kind: 'accepted'; facts: TagFacts; digest: string | null };

const known = <T>(value: T): Known<T> => ({ state: 'known', value });

/** What a walk over candidates found: the update to the first one accepted, and why newer ones were passed over. */
export interface Picked {
  update?: InLineUpdate | LineUpgrade | OsUpdate;
  rejections: Rejection[];
}

/** The first candidate (newest first) that passes every check, and why the newer ones did not. */
export function pickCandidate(candidates: readonly NewerTag[], ctx: CandidateContext, kind: CandidateKind): Known<Picked> {
  const rejections: Rejection[] = [];
  for (const candidate of candidates) {
    const verdict = judgeCandidate(candidate, ctx, kind);
    if (verdict.state !== 'known') return verdict;
    if (verdict.value.kind === 'prerelease') continue;
    if (verdict.value.kind === 'rejected') {
      rejections.push(verdict.value.rejection);
      continue;
    }
    return known({
      update: tagUpdate({ candidate, kind, newDigest: verdict.value.digest, write: ctx.writeDigest, facts: verdict.value.facts }),
      rejections,
    });
  }
  return known({ rejections });
}

/**
 * One candidate. A line upgrade past the image's `lts` line is passed over from its tag alone.
 * Then the digests (the candidate's, the development channels', its own pre-releases'): a
 * shared digest shows a pre-release. Then its facts, with its pre-releases' build dates (one
 * built after it shows the version was not final yet), and the checks in order.
 */
function judgeCandidate(candidate: NewerTag, ctx: CandidateContext, kind: CandidateKind): Known<Verdict> {
  const { reader } = ctx;
  if (kind === 'line-upgrade' && ctx.ltsLine !== undefined) {
    const lts = ctx.ltsLine();
    if (lts.state !== 'known') return lts;
    const pastLts = lts.value === undefined ? null : checkLts(candidate, lts.value);
    if (pastLts !== null) return known({ kind: 'rejected', rejection: pastLts });
  }
  const evidence = prereleaseEvidence(candidate, ctx.tags);
  // Its facts come in the same round as the digests: a candidate is rarely a pre-release.
  reader.prefetch({ tags: [candidate.tag] });
  const digests = allKnown([...ctx.channels, ...evidence, candidate.tag].map((tag) => reader.digest(tag)));
  if (digests.state !== 'known') return digests;
  if (!ctx.allowed.has(candidate.tag)) return known({ kind: 'prerelease' });
  const dated = evidence.filter((tag) => parseTag(tag)?.prerelease !== undefined);
  const facts = reader.full(candidate.tag);
  const datedFacts = allKnown<unknown>([facts, ...dated.map((tag) => reader.full(tag))]);
  if (datedFacts.state !== 'known' || facts.state !== 'known') return datedFacts as Known<never>;
  if (!ctx.allowed.has(candidate.tag)) return known({ kind: 'prerelease' });
  const checked = checkCandidate(candidate.tag, facts.value, ctx);
  if (checked.state !== 'known') return checked;
  if (checked.value !== null) return known({ kind: 'rejected', rejection: checked.value });
  if (kind === 'line-upgrade') {
    const stale = checkStale(candidate.tag, facts.value.created, ctx);
    if (stale.state !== 'known') return stale;
    if (stale.value !== null) return known({ kind: 'rejected', rejection: stale.value });
  }
  const digestKind = ctx.digestKind();
  if (digestKind.state !== 'known') return digestKind;
  return known({ kind: 'accepted', facts: facts.value, digest: digestOfKind(digestKind.value, facts.value) });
}

/** The required platforms `candidate` lacks; the current tag's platforms are read only when a default one is missing. */
function missingRequired(facts: TagFacts, ctx: CandidateContext): Known<string[]> {
  const configured = configuredPlatforms(ctx.policy, ctx.ref);
  if (configured !== null) return known(missingPlatforms(configured, facts.platforms));
  if (missingPlatforms(defaultPlatforms(), facts.platforms).length === 0) return known([]);
  const current = ctx.reader.full(ctx.name.tag);
  if (current.state !== 'known') return current;
  return known(missingPlatforms(requiredPlatforms(ctx.policy, ctx.ref, current.value.platforms), facts.platforms));
}

/** The first reason a candidate cannot be proposed, or null. */
function checkCandidate(tag: string, facts: TagFacts, ctx: CandidateContext): Known<Rejection | null> {
  const missing = missingRequired(facts, ctx);
  if (missing.state !== 'known') return missing;
  if (missing.value.length > 0)
    return known({
      tag,
      skip: 'platforms',
      reason: `${tag} is not built for ${missing.value.join(', ')}, which this repository builds for`,
    });
  const tooNew = ageProblem(tag, facts.created, ctx);
  if (tooNew !== null) return known(tooNew);
  const slot = ctx.ref.tagSlot;
  if (tag !== ctx.ref.name?.tag && slot === undefined) {
    return known({ tag, skip: 'uneditable', reason: ctx.ref.uneditable ?? 'the tag has no place in the file where it can be written' });
  }
  const unwritable = slot === undefined || tag === ctx.ref.name?.tag ? null : checkSlotValue(slot, tag);
  if (unwritable !== null) return known({ tag, skip: 'uneditable', reason: unwritable });
  if (!ctx.writeDigest) return known(null);
  const digestKind = ctx.digestKind();
  if (digestKind.state !== 'known') return digestKind;
  return known(
    digestOfKind(digestKind.value, facts) === null
      ? { tag, skip: 'platforms', reason: `${tag} has no manifest for the platform the pinned digest names` }
      : null,
  );
}

/** A line upgrade past the image's LTS line: a maintainer on an `lts` image stays on LTS majors. */
function checkLts(candidate: NewerTag, lts: LtsLine): Rejection | null {
  const major = candidate.version.release[0];
  if (major === undefined || major <= lts.major) return null;
  return {
    tag: candidate.tag,
    skip: 'upgrade-limit',
    reason: `${candidate.tag} is not a long-term support line (${lts.alias} is ${lts.tag})`,
  };
}

/**
 * A line upgrade to a line no longer rebuilt: its newest build is more than `STALE_LINE_MS`
 * older than the current line's newest (the current tag's build or the in-line pick's, a build
 * date after `now` counting as `now`). A candidate built within that time of `now` passes
 * without reading the current tag's facts.
 */
function checkStale(tag: string, created: Date | undefined, ctx: CandidateContext): Known<Rejection | null> {
  if (created === undefined) return known(null);
  const now = ctx.now.getTime();
  const clamp = (date: Date | undefined): number | undefined => (date === undefined ? undefined : Math.min(date.getTime(), now));
  const stale = (newest: number): Rejection | null =>
    created.getTime() < newest - STALE_LINE_MS
      ? { tag, skip: 'upgrade-limit', reason: `${tag} is no longer rebuilt upstream (last built ${created.toISOString().slice(0, 10)})` }
      : null;
  if (created.getTime() >= now - STALE_LINE_MS) return known(null);
  const inLine = clamp(ctx.inLineBuilt);
  if (inLine !== undefined && stale(inLine) !== null) return known(stale(inLine));
  const current = ctx.reader.full(ctx.name.tag);
  if (current.state !== 'known') return current;
  const built = [clamp(current.value.created), inLine].filter((time): time is number => time !== undefined);
  return known(built.length === 0 ? null : stale(Math.max(...built)));
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
 * upgrade for a minor or major one, an OS move for a walk over newer OS releases. The digest
 * is written when `write` is set and it is known.
 */
function tagUpdate(input: {
  candidate: NewerTag;
  kind: CandidateKind;
  newDigest: string | null;
  write: boolean;
  facts: TagFacts;
}): InLineUpdate | LineUpgrade | OsUpdate {
  const { candidate, newDigest } = input;
  const digest = input.write && newDigest !== null ? { newDigest, writeDigest: true as const } : { newDigest, writeDigest: false as const };
  const base = { newTag: candidate.tag, ...digest, ...imageFacts(input.facts), reason: '' };
  if (input.kind === 'os') return { ...base, kind: 'os', updateType: 'os' };
  if (candidate.updateType === 'patch') return { ...base, kind: 'in-line', updateType: 'patch' };
  return { ...base, kind: 'line-upgrade', updateType: candidate.updateType };
}
