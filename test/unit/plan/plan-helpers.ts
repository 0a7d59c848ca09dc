/** Builders of planner inputs: a reference from Dockerfile text, and registry facts from a small table. */
import { parseRepoConfig } from '../../../src/config/parse-repo-config.js';
import { extractImageRefs } from '../../../src/dockerfile/index.js';
import type { ImageRef } from '../../../src/refs/index.js';
import {
  planWithAnswers,
  targetTag,
  type Lookup,
  type LookupAnswers,
  type LookupFailure,
  type LookupRequest,
  type PlanPolicy,
  type Proposal,
  type RefFacts,
  type TagFacts,
} from '../../../src/plan/index.js';
import { parsePlatform } from '../../../src/oci/platform.js';
import { pinnedCatalog } from '../lifecycle/pinned.js';

export const NOW = new Date('2025-04-01T00:00:00Z');
export const AMD_ARM = ['linux/amd64', 'linux/arm64/v8'];

/** One image in the fake registry: its tags, platforms and build date. */
export interface FakeImage {
  tags: string[];
  platforms?: string[];
  created?: string;
}

let counter = 0;
function hex(seed: string): string {
  counter += 1;
  return `sha256:${Buffer.from(`${seed}#${counter}`).toString('hex').padEnd(64, '0').slice(0, 64)}`;
}

/** Facts for every tag of `images`; each image gets an index digest and one manifest digest per platform. */
export function factsFor(
  images: FakeImage[],
  extra: Partial<Pick<RefFacts, 'byDigest'>> = {},
): RefFacts & { digestOf: (tag: string) => string; entryOf: (tag: string, platform: string) => string } {
  const byTag = new Map<string, { ok: true; value: TagFacts }>();
  for (const image of images) {
    const platforms = (image.platforms ?? AMD_ARM).map((text) => {
      const parsed = parsePlatform(text);
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.platform;
    });
    const digest = hex(image.tags.join(','));
    const entries = platforms.map((platform) => ({ digest: hex(`${digest}${platform.architecture}`), platform }));
    const value: TagFacts = { digest, kind: 'index', platforms, entries, created: new Date(image.created ?? '2025-01-01T00:00:00Z') };
    for (const tag of image.tags) byTag.set(tag, { ok: true, value });
  }
  const find = (tag: string): TagFacts => {
    const found = byTag.get(tag);
    if (found === undefined) throw new Error(`no tag ${tag}`);
    return found.value;
  };
  return {
    tags: { ok: true, value: { tags: images.flatMap((i) => i.tags), complete: true } },
    byTag,
    byDigest: extra.byDigest ?? new Map(),
    digestOf: (tag) => find(tag).digest,
    entryOf: (tag, architecture) => find(tag).entries.find((e) => e.platform.architecture === architecture)?.digest ?? '',
  };
}

/** The first reference of a one-line Dockerfile. */
export function refOf(dockerfile: string): ImageRef {
  const ref = extractImageRefs('Dockerfile', dockerfile)[0];
  if (ref === undefined) throw new Error('no reference');
  return ref;
}

/**
 * Answers a planner's lookups from a full table of facts: a tag or digest not in it is not found.
 * `failing` fails lookups by tag or digest (`full:TAG` fails only the tag's full facts, not its digest).
 */
export function answerFrom(
  facts: RefFacts,
  failing: Readonly<Record<string, LookupFailure>> = {},
): (request: LookupRequest) => LookupAnswers {
  const gone = (what: string): LookupFailure => ({ ok: false, notFound: true, message: `${what} not found` });
  const full = (tag: string): Lookup<TagFacts> => failing[`full:${tag}`] ?? failing[tag] ?? facts.byTag.get(tag) ?? gone(tag);
  const digest = (tag: string): Lookup<string> => {
    const found = failing[tag] ?? facts.byTag.get(tag) ?? gone(tag);
    return found.ok ? { ok: true, value: found.value.digest } : found;
  };
  return (request) => ({
    tags: new Map(request.tags.map((tag) => [tag, full(tag)])),
    tagDigests: new Map(request.tagDigests.map((tag) => [tag, digest(tag)])),
    digests: new Map(request.digests.map((digest) => [digest, failing[digest] ?? facts.byDigest.get(digest) ?? gone(digest)])),
  });
}

/** Options of `plan`: lookups that fail, and a record of every lookup asked for. */
export interface PlanOptions {
  failing?: Readonly<Record<string, LookupFailure>>;
  /** Filled with `full:TAG`, `digest:TAG` and `pinned:DIGEST` for each lookup, in the order asked. */
  asked?: string[];
}

/** Plans a reference the way a scan does: the planner asks for facts round by round, answered from `facts`; release lines as taken on 2026-08-22. */
export function plan(dockerfile: string, facts: RefFacts, config = '', options: PlanOptions = {}): Proposal {
  const policy: PlanPolicy = { ...parseRepoConfig(config), catalog: pinnedCatalog() };
  const ref = refOf(dockerfile);
  const answer = answerFrom(facts, options.failing);
  return planWithAnswers({ ref, tags: facts.tags, policy, now: NOW }, (request) => {
    options.asked?.push(
      ...request.tags.map((tag) => `full:${tag}`),
      ...request.tagDigests.map((tag) => `digest:${tag}`),
      ...request.digests.map((digest) => `pinned:${digest}`),
    );
    return answer(request);
  }).proposal;
}

/** `[updateType, newTag]` pairs of a proposal. */
export function summary(proposal: Proposal): [string, string | null][] {
  return proposal.updates.map((u) => [u.updateType, targetTag(proposal.ref, u)]);
}
