/**
 * The facts of one reference as they are gathered, round by round: start from the tag list,
 * add each round's answers, and plan again (`planStep`) until the planner decides. The scan
 * drives the rounds against the registry; `planWithAnswers` drives them against a synchronous
 * source (tests and the fuzz bench).
 *
 * Owns: `initialFacts`, `mergeFacts`, `MAX_LOOKUP_ROUNDS`, `planWithAnswers`. May import: plan/.
 * Must not: do I/O.
 */
import { planReference, planStep, type PlanInput } from './plan-reference.js';
import type { Lookup, LookupRequest, Proposal, RefFacts, TagFacts } from './types.js';

/** Most rounds of lookups for one reference; a planner still asking after them skips the reference. @default 20 */
export const MAX_LOOKUP_ROUNDS = 20;

/** The answers of one round, keyed as the request asked. */
export interface LookupAnswers {
  tags: ReadonlyMap<string, Lookup<TagFacts>>;
  tagDigests: ReadonlyMap<string, Lookup<string>>;
  digests: ReadonlyMap<string, Lookup<TagFacts>>;
}

/** The facts of a reference before any lookup but its repository's tag list. */
export function initialFacts(tags: RefFacts['tags']): RefFacts {
  return { tags, byTag: new Map(), tagDigests: new Map(), byDigest: new Map() };
}

/** `facts` with one round's answers added. */
export function mergeFacts(facts: RefFacts, answers: LookupAnswers): RefFacts {
  return {
    tags: facts.tags,
    byTag: new Map([...facts.byTag, ...answers.tags]),
    tagDigests: new Map([...(facts.tagDigests ?? []), ...answers.tagDigests]),
    byDigest: new Map([...facts.byDigest, ...answers.digests]),
  };
}

/**
 * Plans a reference against a synchronous source of answers: plan, answer what it asks, plan
 * again, at most `MAX_LOOKUP_ROUNDS` times. `tags` is null for a reference with a problem.
 */
export function planWithAnswers(
  input: Omit<PlanInput, 'facts'> & { tags: RefFacts['tags'] | null },
  answer: (request: LookupRequest) => LookupAnswers,
): { proposal: Proposal; facts: RefFacts | null; rounds: number } {
  const { tags, ...rest } = input;
  let facts = tags === null ? null : initialFacts(tags);
  for (let rounds = 0; rounds < MAX_LOOKUP_ROUNDS; rounds++) {
    const step = planStep({ ...rest, facts });
    if (step.status === 'decided' || facts === null) return { proposal: planReference({ ...rest, facts }), facts, rounds };
    facts = mergeFacts(facts, answer(step.request));
  }
  return { proposal: planReference({ ...rest, facts }), facts, rounds: MAX_LOOKUP_ROUNDS };
}
