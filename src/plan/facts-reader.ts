/**
 * Reading registry facts while planning: a fact is known, failed, or not looked up yet. Reading
 * one that is not there yet records it as needed, so one pass of the planner over the facts it
 * has yields either a decision or exactly the lookups that stand between it and one.
 *
 * Owns: `createFactsReader`, `Known`. May import: plan types. Must not: do I/O or decide.
 */
import type { Lookup, LookupFailure, LookupRequest, RefFacts, TagFacts } from './types.js';

/** What the planner knows of one fact: its value, why the registry did not give it, or that it is not looked up yet. */
export type Known<T> = { state: 'known'; value: T } | { state: 'failed'; failure: LookupFailure; subject: string } | { state: 'waiting' };

/** The planner's view of a reference's facts. */
export interface FactsReader {
  /** Full facts of `tag` (platforms, platform manifests, build date). */
  full(tag: string): Known<TagFacts>;
  /** The digest `tag` points at (from its full facts when they are there). */
  digest(tag: string): Known<string>;
  /** Full facts of a pinned digest. */
  pinned(digest: string): Known<TagFacts>;
  /** Asks for lookups now that a later read will need, so they are fetched in the same round. */
  prefetch(request: Partial<LookupRequest>): void;
  /** Every tag → digest known so far (full facts and digests alone), in the order they were gathered. */
  knownDigests(): Map<string, string>;
  /** Every tag's full facts known so far. */
  knownFacts(): Map<string, TagFacts>;
  /** The lookups read or asked for that are not there yet. */
  request(): LookupRequest;
}

/** Whether every item is known, else the first failure, else waiting (every item is still read, so all are asked for). */
export function allKnown<T>(items: readonly Known<T>[]): Known<T[]> {
  const failed = items.find((item) => item.state === 'failed');
  if (failed !== undefined) return failed;
  if (items.some((item) => item.state === 'waiting')) return { state: 'waiting' };
  return { state: 'known', value: items.flatMap((item) => (item.state === 'known' ? [item.value] : [])) };
}

/** Creates a reader over the facts gathered so far. */
export function createFactsReader(facts: RefFacts): FactsReader {
  const tags = new Set<string>();
  const tagDigests = new Set<string>();
  const digests = new Set<string>();
  const digestsAlone: ReadonlyMap<string, Lookup<string>> = facts.tagDigests ?? new Map<string, Lookup<string>>();

  function full(tag: string): Known<TagFacts> {
    const found = facts.byTag.get(tag);
    if (found === undefined) {
      tags.add(tag);
      return { state: 'waiting' };
    }
    return found.ok ? { state: 'known', value: found.value } : { state: 'failed', failure: found, subject: tag };
  }

  function digest(tag: string): Known<string> {
    const fromFacts = facts.byTag.get(tag);
    if (fromFacts?.ok === true) return { state: 'known', value: fromFacts.value.digest };
    const alone = digestsAlone.get(tag);
    if (alone?.ok === true) return { state: 'known', value: alone.value };
    // Neither is known: a failed lookup of either is the answer.
    const failure = alone ?? fromFacts;
    if (failure !== undefined) return { state: 'failed', failure, subject: tag };
    tagDigests.add(tag);
    return { state: 'waiting' };
  }

  function pinned(value: string): Known<TagFacts> {
    const found = facts.byDigest.get(value);
    if (found === undefined) {
      digests.add(value);
      return { state: 'waiting' };
    }
    return found.ok ? { state: 'known', value: found.value } : { state: 'failed', failure: found, subject: value };
  }

  return {
    full,
    digest,
    pinned,
    prefetch(request) {
      for (const tag of request.tags ?? []) if (!facts.byTag.has(tag)) tags.add(tag);
      for (const tag of request.tagDigests ?? []) if (!facts.byTag.has(tag) && !digestsAlone.has(tag)) tagDigests.add(tag);
      for (const value of request.digests ?? []) if (!facts.byDigest.has(value)) digests.add(value);
    },
    knownDigests() {
      const known = new Map<string, string>();
      for (const [tag, lookup] of facts.byTag) if (lookup.ok) known.set(tag, lookup.value.digest);
      for (const [tag, lookup] of digestsAlone) if (lookup.ok && !known.has(tag)) known.set(tag, lookup.value);
      return known;
    },
    knownFacts() {
      return new Map([...facts.byTag].flatMap(([tag, lookup]) => (lookup.ok ? [[tag, lookup.value] as const] : [])));
    },
    request() {
      return { tags: [...tags], tagDigests: [...tagDigests].filter((tag) => !tags.has(tag)), digests: [...digests] };
    },
  };
}
