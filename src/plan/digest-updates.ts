/**
 * Updates that keep the tag: a digest refresh for a reference pinned by digest whose tag moved
 * upstream, a pin when pinning is on, and following the tag a digest-only reference points at.
 * Facts are read as the rules need them (see facts-reader.ts).
 *
 * Owns: `planDigestRefresh`, `planDigestOnly`. May import: plan/, oci/. Must not: do I/O.
 */
import type { ImageRef } from '../refs/index.js';
import { formatRepository, repositoryKey, type ImageName } from '../oci/reference.js';
import { ageProblem, imageFacts, type CandidateContext, type Rejection } from './candidates.js';
import { describeKind, digestOfKind, isBackwards, shortDigest } from './digests.js';
import { allKnown, type FactsReader, type Known } from './facts-reader.js';
import { isAllowed } from './policy.js';
import { followCandidates } from './select-lookups.js';
import type { DigestUpdate, PinUpdate, Proposal } from './types.js';

const known = <T>(value: T): Known<T> => ({ state: 'known', value });

/**
 * A digest update for a pinned reference whose tag moved upstream, or a pin when pinning is
 * on. The pinned image's own facts are read only to tell a move backwards (a stale mirror).
 */
export function planDigestRefresh(ctx: CandidateContext): Known<{ update?: DigestUpdate | PinUpdate; rejection?: Rejection }> {
  const { policy, name, reader } = ctx;
  if (ctx.ref.digestSlot === undefined) return known({});
  if (name.digest === undefined ? !ctx.writeDigest : !policy.followDigests || !isAllowed(policy, name, name.tag, 'digest'))
    return known({});
  const current = reader.full(name.tag);
  const kind = ctx.digestKind();
  if (current.state !== 'known' || kind.state !== 'known') return allKnown<unknown>([current, kind]) as Known<never>;
  const newDigest = digestOfKind(kind.value, current.value);
  if (newDigest === null) return known({});
  if (name.digest === undefined) {
    const reason = `pin ${name.tag} to the digest it points at now (${shortDigest(newDigest)})`;
    return known({ update: { kind: 'pin', updateType: 'pin', newDigest, reason, ...imageFacts(current.value) } });
  }
  if (newDigest === name.digest) return known({});
  if (current.value.created !== undefined) {
    const pinned = reader.pinned(name.digest);
    // A pinned image the registry no longer has cannot be newer than what the tag points at now.
    const gone = pinned.state === 'failed' && pinned.failure.notFound;
    if (pinned.state !== 'known' && !gone) return pinned;
    if (pinned.state === 'known' && isBackwards(pinned.value.created, current.value.created)) return known({});
  }
  // The repository's own image, rebuilt by its own workflow: the new digest is taken at once.
  const ownBuild = policy.builtRepositories?.has(repositoryKey(name)) === true;
  const tooNew = ownBuild ? null : ageProblem(name.tag, current.value.created, ctx);
  if (tooNew !== null) return known({ rejection: tooNew });
  const reason = `${name.tag} was rebuilt upstream: ${describeKind(kind.value)} ${shortDigest(name.digest)} → ${shortDigest(newDigest)}`;
  return known({ update: { kind: 'digest', updateType: 'digest', newDigest, reason, ...imageFacts(current.value) } });
}

/**
 * A reference with no tag: a digest alone follows the tag that points at it now, if any. The
 * tags' digests first (a HEAD each); their platform manifests only when the pinned digest is
 * one platform's image.
 */
export function planDigestOnly(ref: ImageRef, name: ImageName, tags: readonly string[], reader: FactsReader): Known<Proposal> {
  if (name.digest === undefined) {
    return known({
      ref,
      status: 'up-to-date',
      updates: [],
      reason: 'no tag is written, so builds use latest; write a tag to get version updates',
      notes: [],
    });
  }
  const digest = name.digest;
  const follow = followCandidates(tags);
  const current = (tag: string): Proposal => ({
    ref,
    status: 'up-to-date',
    updates: [],
    reason: `${shortDigest(digest)} is what ${formatRepository(name)}:${tag} points at now`,
    notes: [],
  });
  const digests = allKnown(follow.map((tag) => reader.digest(tag)));
  if (digests.state !== 'known') return digests;
  const same = follow.find((_, i) => digests.value[i] === digest);
  if (same !== undefined) return known(current(same));
  const noTag: Proposal = {
    ref,
    status: 'skipped',
    updates: [],
    skip: 'no-tag',
    reason: `no tag of ${formatRepository(name)} points at ${shortDigest(digest)} now; write it as image:tag@digest so freshbase can follow the tag`,
    notes: [],
  };
  if (follow.length === 0) return known(noTag);
  const own = reader.pinned(digest);
  // A digest the registry no longer has, or an index, is in no tag's platform manifests.
  if (own.state === 'failed' && own.failure.notFound) return known(noTag);
  if (own.state !== 'known') return own;
  if (own.value.kind === 'index') return known(noTag);
  const facts = allKnown(follow.map((tag) => reader.full(tag)));
  if (facts.state !== 'known') return facts;
  const holder = follow.find((_, i) => facts.value[i]?.entries.some((entry) => entry.digest === digest) === true);
  return known(holder === undefined ? noTag : current(holder));
}
