/**
 * Registry facts for a scan: tag lists once per repository, manifests once per digest,
 * build dates once per image, failures kept as data.
 */
import { repositoryKey } from '../oci/reference.js';
import type { Lookup, TagFacts } from '../plan/types.js';
import { RegistryNotFoundError } from '../registry/errors.js';
import type { RegistryClient, RepositoryName, TagList } from '../registry/types.js';
import { describeError } from '../util/errors.js';

/** The registry calls a scan makes; the registry client matches it. */
export type RegistryPort = Pick<RegistryClient, 'listTags' | 'getDigest' | 'getManifest' | 'getCreated'>;

/** Memoizing accessors over a `RegistryPort`, for one scan. */
export interface FactsGatherer {
  tags(name: RepositoryName): Promise<Lookup<TagList>>;
  /** Facts of what `reference` (a tag or a digest) points at now, with its build date. */
  facts(name: RepositoryName, reference: string): Promise<Lookup<TagFacts>>;
}

async function capture<T>(work: () => Promise<T>): Promise<Lookup<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error: unknown) {
    // Per image, any failure (typed registry errors above all) becomes a skip reason, never a failed scan.
    if (!(error instanceof Error)) throw error;
    return { ok: false, notFound: error instanceof RegistryNotFoundError, message: describeError(error) };
  }
}

/** Creates a gatherer whose answers live as long as it does (one scan). */
export function createFactsGatherer(registry: RegistryPort): FactsGatherer {
  const tagLists = new Map<string, Promise<Lookup<TagList>>>();
  const byReference = new Map<string, Promise<Lookup<TagFacts>>>();
  const byDigest = new Map<string, Promise<TagFacts>>();

  const manifestFacts = (name: RepositoryName, digest: string): Promise<TagFacts> => {
    const key = `${repositoryKey(name)}@${digest}`;
    let pending = byDigest.get(key);
    if (pending === undefined) {
      pending = (async () => {
        const manifest = await registry.getManifest(name, digest);
        const created = await registry.getCreated(name, digest);
        return {
          digest: manifest.digest,
          kind: manifest.kind,
          platforms: manifest.platforms,
          entries: manifest.entries,
          ...(created === undefined ? {} : { created }),
        };
      })();
      byDigest.set(key, pending);
    }
    return pending;
  };

  return {
    tags(name) {
      const key = repositoryKey(name);
      let pending = tagLists.get(key);
      if (pending === undefined) {
        pending = capture(() => registry.listTags(name));
        tagLists.set(key, pending);
      }
      return pending;
    },
    facts(name, reference) {
      const key = `${repositoryKey(name)}:${reference}`;
      let pending = byReference.get(key);
      if (pending === undefined) {
        pending = capture(async () => {
          const digest = reference.includes(':') ? reference : (await registry.getDigest(name, reference)).digest;
          return manifestFacts(name, digest);
        });
        byReference.set(key, pending);
      }
      return pending;
    },
  };
}
