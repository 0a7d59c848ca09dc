/**
 * Planning: from one reference and its registry facts to the proposal a maintainer would
 * accept: the newest in-line update (patch, build, date stamp or digest) and the newest
 * line upgrade (minor or major) that policy allows, or the precise reason for none.
 *
 * Owns: the order of the rules. May import: config/ (types), dockerfile/, versioning/,
 * oci/ (image names, platforms). Must not: do I/O or read the clock (`now` is given).
 */
import type { ImageRef } from '../refs/index.js';
import { formatRepository, repositoryKey, type ImageName } from '../oci/reference.js';
import { findNewerTags } from '../versioning/update-type.js';
import { ageProblem, imageFacts, pickCandidate, STALE_LINE_MS, type CandidateContext, type Rejection } from './candidates.js';
import { classifyDigest, describeKind, digestOfKind, isBackwards, shortDigest } from './digests.js';
import { describeNotes } from './notes.js';
import { isAllowed, isImageIgnored, requiredPlatforms, type PlanPolicy } from './policy.js';
import { ltsAlias, splitCandidates } from './select-lookups.js';
import { parseTag } from '../versioning/docker-tag.js';
import type { DigestUpdate, InLineUpdate, LineUpgrade, PinUpdate, Proposal, RefFacts, SkipReason, TagFacts, Update } from './types.js';

/** Input of `planReference`. */
export interface PlanInput {
  ref: ImageRef;
  /** Registry facts; null when the reference has a problem and nothing was looked up. */
  facts: RefFacts | null;
  policy: PlanPolicy;
  now: Date;
}

function skipped(ref: ImageRef, skip: SkipReason, reason: string, notes: string[] = []): Proposal {
  return { ref, status: 'skipped', updates: [], skip, reason, notes };
}

function upToDate(ref: ImageRef, reason: string, notes: string[] = []): Proposal {
  return { ref, status: 'up-to-date', updates: [], reason, notes };
}

/** Plans one reference. Never throws. */
export function planReference(input: PlanInput): Proposal {
  const { ref, facts, policy } = input;
  if (ref.problem !== undefined) return skipped(ref, ref.problem.kind, ref.problem.reason);
  const name = ref.name;
  if (name === null || facts === null) return skipped(ref, 'invalid', 'no image name');
  if (isImageIgnored(policy, name)) return skipped(ref, 'ignored', `${formatRepository(name)} is ignored by the repository's config`);
  if (!facts.tags.ok) {
    return facts.tags.notFound
      ? skipped(ref, 'image-not-found', `${formatRepository(name)} was not found in its registry: ${facts.tags.message}`)
      : skipped(ref, 'registry-error', facts.tags.message);
  }
  if (name.tag === undefined) return planWithoutTag(ref, name, facts);
  if (!facts.tags.value.tags.includes(name.tag)) {
    const partial = facts.tags.value.complete ? '' : ' (the tag list was cut at the page cap)';
    return skipped(ref, 'tag-not-found', `tag ${name.tag} does not exist in ${formatRepository(name)}${partial}`);
  }
  const current = facts.byTag.get(name.tag);
  if (current?.ok !== true) {
    const notFound = current?.ok === false && current.notFound;
    return skipped(
      ref,
      notFound ? 'tag-not-found' : 'registry-error',
      current?.ok === false ? current.message : `no registry facts for ${name.tag}`,
    );
  }
  return planTagged({ ...input, facts }, name as ImageName & { tag: string }, current.value);
}

function planTagged(input: PlanInput & { facts: RefFacts }, name: ImageName & { tag: string }, current: TagFacts): Proposal {
  const { ref, facts, policy, now } = input;
  const evidence = evidenceMaps(facts);
  const newer = findNewerTags({ current: name.tag, tags: facts.tags.ok ? facts.tags.value.tags : [], ...evidence });
  const { inLine, upgrades } = splitCandidates(newer, policy, ref);
  const digestKind = name.digest === undefined ? { kind: 'index' as const } : classifyDigest(name.digest, current, facts);
  const writeDigest =
    ref.digestSlot !== undefined && (name.digest !== undefined || (policy.pinDigests && isAllowed(policy, name, name.tag, 'pin')));
  const ctx: CandidateContext = {
    ref,
    facts,
    policy,
    now,
    required: requiredPlatforms(policy, ref, current.platforms),
    digestKind,
    writeDigest,
  };
  const inLinePick = pickCandidate(inLine, ctx, 'in-line');
  const upgradePick = pickCandidate(
    upgrades,
    { ...ctx, upgradeLimits: upgradeLimits(name.tag, current, inLinePick.update, facts) },
    'line-upgrade',
  );
  const rejections = [...inLinePick.rejections, ...upgradePick.rejections];
  const updates: Update[] = [];
  if (inLinePick.update !== undefined) updates.push(describeTagUpdate(inLinePick.update, name.tag));
  else {
    const refresh = planDigestRefresh(ctx, name, current);
    if (refresh.update !== undefined) updates.push(refresh.update);
    if (refresh.rejection !== undefined) rejections.push(refresh.rejection);
  }
  if (upgradePick.update !== undefined) updates.push(describeTagUpdate(upgradePick.update, name.tag));
  const notes = [...describeNotes({ name, current, facts }), ...rejections.map((r) => r.reason)];
  const [first, ...rest] = updates;
  if (first !== undefined) return { ref, status: 'update', updates: [first, ...rest], reason: null, notes };
  // A held-back in-line update skips the reference; a held-back line upgrade is only a note,
  // unless it cannot be written into the file at all (then the reference is not up to date either).
  const blocking =
    inLinePick.rejections[0] ??
    rejections.find((r) => r.skip === 'too-new' && r.tag === name.tag) ??
    upgradePick.rejections.find((r) => r.skip === 'uneditable');
  if (blocking !== undefined && blocking.skip !== 'upgrade-limit') return skipped(ref, blocking.skip, blocking.reason, notes);
  return upToDate(ref, upToDateReason(name, newer.length), notes);
}

/** Line upgrades stop at lines rebuilt recently and, where the image has an `lts` alias, at its major. */
function upgradeLimits(
  tag: string,
  current: TagFacts,
  inLine: { created?: string } | undefined,
  facts: RefFacts,
): NonNullable<CandidateContext['upgradeLimits']> {
  const built = [current.created?.getTime(), inLine?.created === undefined ? undefined : Date.parse(inLine.created)].filter(
    (t): t is number => t !== undefined,
  );
  const newest = built.length === 0 ? undefined : Math.max(...built);
  const version = parseTag(tag);
  const alias = version === null ? undefined : ltsAlias(version, new Set(facts.byTag.keys()));
  const aliasFacts = alias === undefined ? undefined : facts.byTag.get(alias);
  let lts: { major: number; tag: string; alias: string } | undefined;
  if (alias !== undefined && aliasFacts?.ok === true) {
    for (const [other, lookup] of facts.byTag) {
      const major = parseTag(other)?.release[0];
      if (other !== alias && lookup.ok && lookup.value.digest === aliasFacts.value.digest && major !== undefined)
        lts = { major, tag: other, alias };
    }
  }
  return { ...(newest === undefined ? {} : { staleBefore: new Date(newest - STALE_LINE_MS) }), ...(lts === undefined ? {} : { lts }) };
}

function evidenceMaps(facts: RefFacts): { digests: Map<string, string>; created: Map<string, Date> } {
  const digests = new Map<string, string>();
  const created = new Map<string, Date>();
  for (const [tag, lookup] of facts.byTag) {
    if (!lookup.ok) continue;
    digests.set(tag, lookup.value.digest);
    if (lookup.value.created !== undefined) created.set(tag, lookup.value.created);
  }
  return { digests, created };
}

function describeTagUpdate<T extends InLineUpdate | LineUpgrade>(update: T, from: string): T {
  const built = update.created === undefined ? '' : `, built ${update.created.slice(0, 10)}`;
  const what = update.kind === 'in-line' ? 'newest compatible tag in its line' : `newest ${update.updateType} upgrade`;
  return { ...update, reason: `${update.newTag} is the ${what} after ${from}${built}, for ${update.platforms.join(', ')}` };
}

/** A digest update for a pinned reference whose tag moved upstream, or a pin when pinning is on. */
function planDigestRefresh(
  ctx: CandidateContext,
  name: ImageName & { tag: string },
  current: TagFacts,
): { update?: DigestUpdate | PinUpdate; rejection?: Rejection } {
  const { policy, facts } = ctx;
  const newDigest = digestOfKind(ctx.digestKind, current);
  if (newDigest === null || ctx.ref.digestSlot === undefined) return {};
  // The repository's own image, rebuilt by its own workflow: the new digest is taken at once.
  const ownBuild = policy.builtRepositories?.has(repositoryKey(name)) === true;
  const tooNew = ownBuild ? null : ageProblem(name.tag, current.created, ctx);
  if (name.digest !== undefined) {
    if (!policy.followDigests || newDigest === name.digest || !isAllowed(policy, name, name.tag, 'digest')) return {};
    if (isBackwards(facts.byDigest.get(name.digest), current.created)) return {};
    if (tooNew !== null) return { rejection: tooNew };
    const reason = `${name.tag} was rebuilt upstream: ${describeKind(ctx.digestKind)} ${shortDigest(name.digest)} → ${shortDigest(newDigest)}`;
    return { update: { kind: 'digest', updateType: 'digest', newDigest, reason, ...imageFacts(current) } };
  }
  if (!ctx.writeDigest) return {};
  const reason = `pin ${name.tag} to the digest it points at now (${shortDigest(newDigest)})`;
  return { update: { kind: 'pin', updateType: 'pin', newDigest, reason, ...imageFacts(current) } };
}

function upToDateReason(name: ImageName & { tag: string }, newerCount: number): string {
  const digest = name.digest === undefined ? '' : ' and its digest is current';
  if (newerCount === 0) return `no newer compatible tag than ${name.tag}${digest}`;
  return `${name.tag} is the newest tag allowed by the repository's config${digest}`;
}

/** A reference with no tag: a digest alone follows the tag that points at it now, if any. */
function planWithoutTag(ref: ImageRef, name: ImageName, facts: RefFacts): Proposal {
  if (name.digest === undefined) return upToDate(ref, 'no tag is written, so builds use latest; write a tag to get version updates');
  const digest = name.digest;
  for (const [tag, lookup] of facts.byTag) {
    if (!lookup.ok) continue;
    if (lookup.value.digest === digest || lookup.value.entries.some((e) => e.digest === digest)) {
      return upToDate(ref, `${shortDigest(digest)} is what ${formatRepository(name)}:${tag} points at now`);
    }
  }
  return skipped(
    ref,
    'no-tag',
    `no tag of ${formatRepository(name)} points at ${shortDigest(digest)} now; write it as image:tag@digest so freshbase can follow the tag`,
  );
}
