/**
 * Planning: from one reference and its registry facts to the proposal a maintainer would
 * accept: the newest in-line update (patch, build, date stamp or digest) and the newest
 * line upgrade (minor or major) that policy allows, or the precise reason for none.
 *
 * Facts are asked for, not handed over: `planStep` reads the facts gathered so far and either
 * decides or names the lookups that stand between it and a decision (candidates newest first,
 * stopping at the first accepted one; evidence only for the candidates it checks). A fact that
 * could change the decision and whose lookup failed means no decision: the reference is
 * skipped (`registry-error`) with the registry's error, never planned on what is left.
 *
 * Owns: the order of the rules. May import: config/ (types), dockerfile/, versioning/,
 * oci/ (image names, platforms). Must not: do I/O or read the clock (`now` is given).
 */
import type { ImageRef } from '../refs/index.js';
import { formatRepository, type ImageName } from '../oci/reference.js';
import { parseTag } from '../versioning/docker-tag.js';
import { findNewerTags } from '../versioning/update-type.js';
import { pickCandidate, type CandidateContext, type LtsLine, type Picked, type Rejection } from './candidates.js';
import { classifyDigest, type DigestKind } from './digests.js';
import { planDigestOnly, planDigestRefresh } from './digest-updates.js';
import { allKnown, createFactsReader, type FactsReader, type Known } from './facts-reader.js';
import { describeNotes } from './notes.js';
import { deprecationOf, describeDeprecation } from '../lifecycle/index.js';
import { describeTagUpdate, onePerReason, upToDateReason } from './describe-outcome.js';
import { endOfLifeOf, selectJudgedCandidates } from './lifecycle.js';
import { planOsMove } from './os-moves.js';
import { isAllowed, isImageIgnored, type PlanPolicy } from './policy.js';
import { developmentChannels, fullerAlias, ltsAlias, newestPerLine, prereleaseEvidence } from './select-lookups.js';
import type { Candidates } from './select-lookups.js';
import type { DigestUpdate, LookupFailure, PinUpdate, PlanStep, Proposal, RefFacts, SkipReason, Update } from './types.js';

/** Input of `planStep` and `planReference`. */
export interface PlanInput {
  ref: ImageRef;
  /** Registry facts gathered so far; null when the reference has a problem and nothing is looked up. */
  facts: RefFacts | null;
  policy: PlanPolicy;
  now: Date;
}

type Tagged = ImageName & { tag: string };

/** A skipped outcome. */
export function skipped(ref: ImageRef, skip: SkipReason, reason: string, notes: string[] = []): Proposal {
  return { ref, status: 'skipped', updates: [], skip, reason, notes };
}

function upToDate(ref: ImageRef, reason: string, notes: string[] = []): Proposal {
  return { ref, status: 'up-to-date', updates: [], reason, notes };
}

/** No decision: a lookup that could change it failed. A rate limit's sentence is the reason as it is. */
function registryError(ref: ImageRef, failure: LookupFailure, subject: string): Proposal {
  if (failure.retryAt !== undefined) {
    const retryAt = new Date(failure.retryAt).toISOString();
    return { ref, status: 'skipped', updates: [], skip: 'registry-error', reason: failure.message, notes: [], retryAt };
  }
  return skipped(ref, 'registry-error', `could not look up ${subject}: ${failure.message}`);
}

/** Plans one reference as far as its facts go: the proposal, or the lookups still needed. Throws only on an impossible state. */
export function planStep(input: PlanInput): PlanStep {
  const decided = (proposal: Proposal): PlanStep => ({ status: 'decided', proposal: withEndOfLife(proposal, input) });
  const { ref, facts, policy } = input;
  if (ref.problem !== undefined) return decided(skipped(ref, ref.problem.kind, ref.problem.reason));
  const name = ref.name;
  if (name === null) return decided(skipped(ref, 'invalid', 'no image name'));
  if (isImageIgnored(policy, name))
    return decided(skipped(ref, 'ignored', `${formatRepository(name)} is ignored by the repository's config`));
  if (facts === null) return decided(skipped(ref, 'invalid', 'no image name'));
  if (!facts.tags.ok) {
    if (facts.tags.notFound)
      return decided(skipped(ref, 'image-not-found', `${formatRepository(name)} was not found in its registry: ${facts.tags.message}`));
    return decided(
      facts.tags.retryAt === undefined ? skipped(ref, 'registry-error', facts.tags.message) : registryError(ref, facts.tags, ''),
    );
  }
  const tags = facts.tags.value.tags;
  const reader = createFactsReader(facts);
  let outcome: Known<Proposal>;
  if (name.tag === undefined) outcome = planDigestOnly(ref, name, tags, reader);
  else if (!tags.includes(name.tag)) {
    const partial = facts.tags.value.complete ? '' : ' (the tag list was cut at the page cap)';
    return decided(skipped(ref, 'tag-not-found', `tag ${name.tag} does not exist in ${formatRepository(name)}${partial}`));
  } else outcome = planTagged({ ...input, facts }, name as Tagged, tags, reader);
  if (outcome.state === 'known') return decided(outcome.value);
  if (outcome.state === 'failed') return decided(registryError(ref, outcome.failure, outcome.subject));
  const request = reader.request();
  if (request.tags.length + request.tagDigests.length + request.digests.length === 0)
    throw new Error(`planning ${ref.raw} waits for no lookup`); // impossible: every wait reads a missing fact
  return { status: 'lookup', request };
}

/** The proposal with what the lifecycle data says: its tag's lines past or near their end, and an upstream deprecation. */
function withEndOfLife(proposal: Proposal, input: PlanInput): Proposal {
  const name = proposal.ref.name;
  if (name === null || proposal.ref.problem !== undefined) return proposal;
  const deprecation = deprecationOf(name);
  const deprecated = deprecation === undefined ? {} : { deprecated: describeDeprecation(name, deprecation) };
  const eol = name.tag === undefined ? null : endOfLifeOf({ name, tag: name.tag, policy: input.policy, now: input.now });
  return { ...proposal, ...deprecated, ...(eol === null ? {} : { eol }) };
}

/**
 * Plans one reference on the facts given: `planStep`'s proposal, or, when it still needs
 * lookups (the scan stopped asking), a `registry-error` skip naming them. Never throws.
 */
export function planReference(input: PlanInput): Proposal {
  const step = planStep(input);
  if (step.status === 'decided') return step.proposal;
  const missing = [...step.request.tags, ...step.request.tagDigests, ...step.request.digests];
  return skipped(
    input.ref,
    'registry-error',
    `registry facts missing for ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}`,
  );
}

/** A tagged reference: the current tag's facts, the in-line pick, a digest refresh, the line upgrade, the notes. */
function planTagged(input: PlanInput & { facts: RefFacts }, name: Tagged, tags: readonly string[], reader: FactsReader): Known<Proposal> {
  const { ref, policy } = input;
  const { windows, lifecycle } = selectJudgedCandidates({ ref, name, tags, policy, now: input.now });
  const channels = windows.inLine.length + windows.upgrades.length > 0 ? developmentChannels(tags) : [];
  const writeDigest =
    ref.digestSlot !== undefined && (name.digest !== undefined || (policy.pinDigests && isAllowed(policy, name, name.tag, 'pin')));
  prefetchFirstRound(reader, { name, tags, windows, channels, writeDigest, useLts: !lifecycle.covered });
  const currentDigest = reader.digest(name.tag);
  if (currentDigest.state === 'failed') {
    const { failure } = currentDigest;
    if (failure.retryAt !== undefined) return currentDigest;
    return { state: 'known', value: skipped(ref, failure.notFound ? 'tag-not-found' : 'registry-error', failure.message) };
  }
  const newer = findNewerTags({ current: name.tag, tags, ...evidenceMaps(reader) });
  const ctx: CandidateContext = {
    ref,
    name,
    tags,
    reader,
    policy,
    now: input.now,
    channels,
    allowed: new Set(newer.map((candidate) => candidate.tag)),
    digestKind: () => digestKindOf(name, reader),
    writeDigest,
  };
  const inLine = pickCandidate(windows.inLine, ctx, 'in-line');
  if (inLine.state !== 'known') return inLine;
  const built = inLine.value.update?.created;
  // The `lts` alias is a fallback for images no release-line data covers.
  const upgradeCtx: CandidateContext = {
    ...ctx,
    ...(lifecycle.covered ? {} : { ltsLine: () => ltsLine(ctx, windows) }),
    ...(built === undefined ? {} : { inLineBuilt: new Date(built) }),
  };
  const upgrade = pickCandidate(windows.upgrades, upgradeCtx, 'line-upgrade');
  const os = planOsMove(ctx, built === undefined ? undefined : new Date(built));
  const refresh = inLine.value.update === undefined ? planDigestRefresh(ctx) : { state: 'known' as const, value: {} };
  const notes =
    currentDigest.state === 'known'
      ? describeNotes({ name, currentDigest: currentDigest.value, tags, reader, now: input.now })
      : currentDigest;
  const all = allKnown<unknown>([upgrade, os, refresh, notes, currentDigest]);
  if (all.state !== 'known' || upgrade.state !== 'known' || os.state !== 'known' || refresh.state !== 'known' || notes.state !== 'known')
    return all as Known<never>;
  const picked = { inLine: inLine.value, upgrade: upgrade.value, os: os.value, refresh: refresh.value };
  const decided = { notes: [...notes.value, ...lifecycle.notes], newerCount: newer.length, lifecycleLimited: lifecycle.notes.length > 0 };
  return { state: 'known', value: assembleProposal({ ref, name, ...picked, ...decided }) };
}

/** The outcome from the decisions: the updates (in-line or digest first), else the blocking skip, else up to date. */
function assembleProposal(decided: {
  ref: ImageRef;
  name: Tagged;
  inLine: Picked;
  upgrade: Picked;
  os: Picked & { cause?: string };
  refresh: { update?: DigestUpdate | PinUpdate; rejection?: Rejection };
  notes: string[];
  /** Newer tags in the family, pre-releases left out: none makes the up-to-date reason "no newer compatible tag". */
  newerCount: number;
  /** Whether the release-line data passed over newer lines. */
  lifecycleLimited: boolean;
}): Proposal {
  const { ref, name, inLine, upgrade, os, refresh } = decided;
  const rejections = [...inLine.rejections, ...upgrade.rejections, ...(refresh.rejection === undefined ? [] : [refresh.rejection])];
  const updates: Update[] = [];
  if (inLine.update !== undefined) updates.push(describeTagUpdate(inLine.update, name.tag));
  if (refresh.update !== undefined) updates.push(refresh.update);
  if (upgrade.update !== undefined) updates.push(describeTagUpdate(upgrade.update, name.tag));
  if (os.update !== undefined) updates.push(describeTagUpdate(os.update, name.tag, os.cause));
  const notes = [...new Set([...decided.notes, ...onePerReason(rejections)])];
  const [first, ...rest] = updates;
  if (first !== undefined) return { ref, status: 'update', updates: [first, ...rest], reason: null, notes };
  // A held-back in-line update skips the reference; a held-back line upgrade is only a note,
  // unless it cannot be written into the file at all (then the reference is not up to date either).
  const blocking =
    inLine.rejections[0] ??
    rejections.find((r) => r.skip === 'too-new' && r.tag === name.tag) ??
    upgrade.rejections.find((r) => r.skip === 'uneditable');
  if (blocking !== undefined && blocking.skip !== 'upgrade-limit') return skipped(ref, blocking.skip, blocking.reason, notes);
  return upToDate(ref, upToDateReason(name, decided.newerCount, decided.lifecycleLimited), notes);
}

/**
 * What the first round asks for besides what the reads ask: the current tag's digest (and its
 * facts when a digest is written), the newest in-line candidate's facts, the newest upgrade's
 * (its digest alone where an `lts` alias may rule it out, with the alias's), the digests that
 * show pre-releases, a floating tag's fuller alias.
 */
function prefetchFirstRound(
  reader: FactsReader,
  input: {
    name: Tagged;
    tags: readonly string[];
    windows: Candidates;
    channels: readonly string[];
    writeDigest: boolean;
    /** Whether the `lts` alias may rule out line upgrades (no release-line data covers the tag). */
    useLts: boolean;
  },
): void {
  const { name, tags, windows } = input;
  const version = parseTag(name.tag);
  const fuller = version === null ? undefined : fullerAlias(version, tags);
  const lts = version === null || !input.useLts ? undefined : ltsAlias(version, new Set(tags));
  const hasLts = lts !== undefined && windows.upgrades.length > 0;
  const inLine = windows.inLine[0];
  const upgrade = windows.upgrades[0];
  const evidence = [inLine, upgrade].flatMap((c) => (c === undefined ? [] : prereleaseEvidence(c, tags)));
  reader.prefetch({
    tags: [
      ...(input.writeDigest ? [name.tag] : []),
      ...(inLine === undefined ? [] : [inLine.tag]),
      ...(upgrade === undefined || hasLts ? [] : [upgrade.tag]),
    ],
    tagDigests: [
      name.tag,
      ...input.channels,
      ...evidence,
      ...(upgrade === undefined ? [] : [upgrade.tag]),
      ...(fuller === undefined ? [] : [fuller]),
      ...(hasLts ? [lts] : []),
    ],
  });
}

/** What the pinned digest is (index or one platform's manifest); an unpinned reference follows the index. */
function digestKindOf(name: Tagged, reader: FactsReader): Known<DigestKind> {
  if (name.digest === undefined) return { state: 'known', value: { kind: 'index' } };
  const current = reader.full(name.tag);
  if (current.state !== 'known') return current;
  return classifyDigest(name.digest, current.value, reader);
}

/**
 * The image's long-term support line, where it has an `lts` alias for the current tag's variant:
 * the major of the tag the alias points at. That tag is the newest of its major, so the digests
 * of each line's newest tag are read newest first (then the newest in-line tag's, the current
 * tag's) until one matches the alias's.
 */
function ltsLine(ctx: CandidateContext, windows: Candidates): Known<LtsLine | undefined> {
  const { reader, name } = ctx;
  const version = parseTag(name.tag);
  const alias = version === null ? undefined : ltsAlias(version, new Set(ctx.tags));
  if (alias === undefined) return { state: 'known', value: undefined };
  const aliasDigest = reader.digest(alias);
  if (aliasDigest.state !== 'known') return aliasDigest;
  const targets = [...newestPerLine(windows.upgrades), ...windows.inLine.slice(0, 1)].map((c) => c.tag).concat(name.tag);
  for (const tag of targets) {
    const digest = reader.digest(tag);
    if (digest.state !== 'known') return digest;
    const major = parseTag(tag)?.release[0];
    if (digest.value === aliasDigest.value && major !== undefined) return { state: 'known', value: { major, tag, alias } };
  }
  return { state: 'known', value: undefined };
}

/** Tag → digest and tag → build date of every tag looked up so far: the evidence for pre-releases. */
function evidenceMaps(reader: FactsReader): { digests: Map<string, string>; created: Map<string, Date> } {
  const created = new Map<string, Date>();
  for (const [tag, facts] of reader.knownFacts()) if (facts.created !== undefined) created.set(tag, facts.created);
  return { digests: reader.knownDigests(), created };
}
