/**
 * Registry facts for a scan, gathered as the planner asks for them: tag lists once per
 * repository, a tag's digest once (a HEAD, or Docker Hub's API), a manifest with its build
 * date once per digest (tags sharing a digest share the lookup), failures kept as data. Each
 * reference is planned in rounds: `planStep` names what it still needs, the gatherer fetches
 * it, and the planner is asked again, until it decides.
 *
 * Owns: `createFactsGatherer`, `planWithRegistry`. May import: plan/, registry/ (types, errors).
 * Must not: decide anything (the planner does), or retry (the registry client does).
 */
import type { ImageRef } from '../refs/index.js';
import { repositoryKey } from '../oci/reference.js';
import {
  initialFacts,
  MAX_LOOKUP_ROUNDS,
  mergeFacts,
  planReference,
  planStep,
  type Lookup,
  type LookupAnswers,
  type LookupRequest,
  type PlanPolicy,
  type Proposal,
  type RefFacts,
  type TagFacts,
} from '../plan/index.js';
import { RegistryNotFoundError, RegistryRateLimitError } from '../registry/errors.js';
import type { RegistryClient, RepositoryName, TagList } from '../registry/types.js';
import { describeError } from '../util/errors.js';

/** The registry calls a scan makes; the registry client matches it. */
export type RegistryPort = Pick<RegistryClient, 'listTags' | 'getDigest' | 'getFacts'>;

/** Memoizing accessors over a `RegistryPort`, for one scan. */
export interface FactsGatherer {
  tags(name: RepositoryName): Promise<Lookup<TagList>>;
  /** The digest `tag` points at now. */
  digest(name: RepositoryName, tag: string): Promise<Lookup<string>>;
  /** Facts of what `reference` (a tag or a digest) points at now, with its build date. */
  facts(name: RepositoryName, reference: string): Promise<Lookup<TagFacts>>;
}

async function capture<T>(work: () => Promise<T>): Promise<Lookup<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error: unknown) {
    // Per image, any failure (typed registry errors above all) becomes data for the planner, never a failed scan.
    if (!(error instanceof Error)) throw error;
    const retryAt = error instanceof RegistryRateLimitError ? { retryAt: error.retryAt } : {};
    return { ok: false, notFound: error instanceof RegistryNotFoundError, message: describeError(error), ...retryAt };
  }
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let pending = cache.get(key);
  if (pending === undefined) {
    pending = load();
    cache.set(key, pending);
  }
  return pending;
}

/** Creates a gatherer whose answers live as long as it does (one scan). */
export function createFactsGatherer(registry: RegistryPort): FactsGatherer {
  const tagLists = new Map<string, Promise<Lookup<TagList>>>();
  const digests = new Map<string, Promise<Lookup<string>>>();
  const byDigest = new Map<string, Promise<Lookup<TagFacts>>>();

  const digest = (name: RepositoryName, tag: string): Promise<Lookup<string>> =>
    memo(digests, `${repositoryKey(name)}:${tag}`, () => capture(async () => (await registry.getDigest(name, tag)).digest));

  const factsOf = (name: RepositoryName, value: string): Promise<Lookup<TagFacts>> =>
    memo(byDigest, `${repositoryKey(name)}@${value}`, () =>
      capture(async () => {
        const found = await registry.getFacts(name, value, { created: true });
        return {
          digest: found.digest,
          kind: found.kind,
          platforms: found.platforms,
          entries: found.entries,
          ...(found.created === undefined ? {} : { created: found.created }),
        };
      }),
    );

  return {
    tags: (name) => memo(tagLists, repositoryKey(name), () => capture(() => registry.listTags(name))),
    digest,
    async facts(name, reference) {
      if (reference.includes(':')) return factsOf(name, reference);
      const found = await digest(name, reference);
      return found.ok ? factsOf(name, found.value) : found;
    },
  };
}

async function answer(name: RepositoryName, request: LookupRequest, gatherer: FactsGatherer): Promise<LookupAnswers> {
  const each = async <T>(keys: readonly string[], lookup: (key: string) => Promise<Lookup<T>>): Promise<Map<string, Lookup<T>>> =>
    new Map(await Promise.all(keys.map(async (key) => [key, await lookup(key)] as const)));
  const [tags, tagDigests, digests] = await Promise.all([
    each(request.tags, (tag) => gatherer.facts(name, tag)),
    each(request.tagDigests, (tag) => gatherer.digest(name, tag)),
    each(request.digests, (value) => gatherer.facts(name, value)),
  ]);
  return { tags, tagDigests, digests };
}

/**
 * Plans one reference with the registry: the tag list, then the lookups the planner asks for,
 * round by round, until it decides (at most `MAX_LOOKUP_ROUNDS` rounds). Returns the proposal
 * and the facts it was made from.
 */
export async function planWithRegistry(
  input: { ref: ImageRef; policy: PlanPolicy; now: Date },
  gatherer: FactsGatherer,
): Promise<{ proposal: Proposal; facts: RefFacts | null }> {
  const { ref } = input;
  const name = ref.name;
  let facts: RefFacts | null = null;
  if (name !== null && ref.problem === undefined) facts = initialFacts(await gatherer.tags(name));
  for (let round = 0; name !== null && facts !== null && round < MAX_LOOKUP_ROUNDS; round++) {
    const step = planStep({ ...input, facts });
    if (step.status === 'decided') return { proposal: step.proposal, facts };
    facts = mergeFacts(facts, await answer(name, step.request, gatherer));
  }
  return { proposal: planReference({ ...input, facts }), facts };
}
