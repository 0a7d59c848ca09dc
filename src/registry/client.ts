/**
 * The registry: wires hosts, the access policy, transport, pull budget, auth, credentials and the
 * cache together once per process, and hands out one client view per scope (the CLI, or a GitHub
 * App installation). Views share connections, budgets and every cache entry fetched with the same
 * credential (or anonymously); a view never sees answers fetched with a credential it may not use.
 *
 * Owns: `createRegistry`, `createRegistryClient`, the defaults of `RegistryOptions`.
 * May import: oci, registry/*. Must not: read process.env or RepoConfig; log secrets.
 */
import { createAccessPolicy } from './address-policy.js';
import { createAuthenticator } from './auth.js';
import { createRegistryCache } from './cache.js';
import { createContentLookups } from './content.js';
import { createCredentialStore } from './credentials.js';
import { createDiskStore } from './disk-store.js';
import { RegistryAuthError, RegistryNotFoundError } from './errors.js';
import { createGuardedFetch } from './guarded-fetch.js';
import { createHostLimiter } from './host-limiter.js';
import { createHostConfig, isInsecureAllowed, resolveEndpoint, type Endpoint } from './hosts.js';
import { createLookups } from './lookups.js';
import { createRateBudget } from './rate-budget.js';
import { createRequestCounters } from './request-stats.js';
import { createMemoryStore, createTieredStore, type CacheStore } from './store.js';
import { createTransport } from './transport.js';
import type { Registry, RegistryClient, RegistryOptions, RegistryScope, RegistryStats, RepositoryName } from './types.js';

const MIB = 1024 * 1024;

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function createStore(options: RegistryOptions, now: () => number): CacheStore {
  if (options.cache !== undefined) return options.cache;
  const memory = createMemoryStore({ now });
  if (options.cacheDir === undefined) return memory;
  const disk = createDiskStore({
    dir: options.cacheDir,
    now,
    ...(options.cacheMaxBytes === undefined ? {} : { maxBytes: options.cacheMaxBytes }),
    ...(options.onCacheError === undefined ? {} : { onError: options.onCacheError }),
  });
  return createTieredStore({ front: memory, back: disk, now });
}

/**
 * Creates the process-wide registry. Validates `mirrors` up front.
 * @throws MirrorSyntaxError when a mirror entry is invalid.
 */
export function createRegistry(options: RegistryOptions = {}): Registry {
  const now = options.now ?? Date.now;
  const hosts = createHostConfig(options);
  const policy = createAccessPolicy(hosts.allowedHosts);
  const guarded =
    options.fetch === undefined
      ? createGuardedFetch({ policy, ...(options.lookup === undefined ? {} : { lookup: options.lookup }) })
      : undefined;
  const counters = createRequestCounters();
  const budget = createRateBudget({ now, margin: options.rateLimitMargin ?? 2 });
  const transport = createTransport({
    fetch: options.fetch ?? guarded?.fetch ?? globalThis.fetch,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 3,
    backoffBaseMs: options.backoffBaseMs ?? 500,
    backoffMaxMs: options.backoffMaxMs ?? 10_000,
    maxRetryWaitMs: options.maxRetryWaitMs ?? 60_000,
    sleep: options.sleep ?? realSleep,
    now,
    random: options.random ?? Math.random,
    limiter: createHostLimiter(options.concurrencyPerHost ?? 8),
    allowHttp: (authority) => isInsecureAllowed(hosts, authority),
    policy,
    budget,
    counters,
    ...(options.log === undefined ? {} : { log: options.log }),
  });
  const credentials = createCredentialStore({
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    ...(options.dockerConfigPath === undefined ? {} : { dockerConfigPath: options.dockerConfigPath }),
  });
  const auth = createAuthenticator({ transport, now, allowHttp: (authority) => isInsecureAllowed(hosts, authority) });
  const limits = options.limits ?? {};
  const lookupCounters = { tagWalks: 0, cacheHits: 0 };
  const cache = createRegistryCache(createStore(options, now));
  const manifests = { auth, maxManifestBytes: limits.manifestBytes ?? 4 * MIB, maxConfigBytes: limits.configBytes ?? 8 * MIB };
  const content = createContentLookups({ cache, manifests, counters: lookupCounters });
  const lookups = createLookups({
    cache,
    manifests,
    hub: { auth, maxPageBytes: limits.hubPageBytes ?? 8 * MIB },
    walk: {
      auth,
      pageSize: options.tagPageSize,
      maxPages: options.maxTagPages ?? 1000,
      maxPageBytes: limits.tagPageBytes ?? 10 * MIB,
      maxTags: options.maxTags ?? 100_000,
      maxBytes: limits.tagListBytes ?? 32 * MIB,
    },
    tagTtlMs: options.cacheTtlMs ?? 10 * 60 * 1000,
    counters: lookupCounters,
  });

  function stats(): RegistryStats {
    return { ...counters.snapshot(), ...lookupCounters };
  }

  function forScope(scope: RegistryScope): RegistryClient {
    async function endpointFor(name: RepositoryName): Promise<Endpoint> {
      const base = resolveEndpoint(hosts, name);
      const access = await credentials.access(base.mirror ? base.authority : base.registry, scope);
      return { ...base, access };
    }

    /** Runs a lookup; for a host whose credentials this scope may not use, a refusal reads as "not found". */
    async function run<T>(name: RepositoryName, lookup: (endpoint: Endpoint) => Promise<T>): Promise<T> {
      const endpoint = await endpointFor(name);
      try {
        return await lookup(endpoint);
      } catch (error: unknown) {
        if (endpoint.access.withheld && error instanceof RegistryAuthError) {
          throw new RegistryNotFoundError({
            host: endpoint.registry,
            repository: endpoint.repository,
            reason: 'not found, or not available to this installation',
          });
        }
        throw error;
      }
    }

    return {
      listTags: (name) => run(name, (endpoint) => lookups.listTags(endpoint)),
      getDigest: (name, reference) => run(name, (endpoint) => lookups.getDigest(endpoint, reference)),
      getManifest: (name, reference) => run(name, (endpoint) => lookups.getManifest(endpoint, reference)),
      getCreated: (name, reference, platform) =>
        run(name, async (endpoint) => (await lookups.getCreated(endpoint, reference, platform))?.date),
      getFacts: (name, reference, factOptions = {}) => run(name, (endpoint) => lookups.getFacts(endpoint, reference, factOptions)),
      getManifestDocument: (name, digest) => run(name, (endpoint) => content.getManifestDocument(endpoint, digest)),
      getBlob: (name, digest, { maxBytes }) => run(name, (endpoint) => content.getBlob(endpoint, digest, maxBytes)),
      rateLimits: () => budget.snapshot(),
      stats,
    };
  }

  return {
    forScope,
    unboundCredentialHosts: () => credentials.unboundHosts(),
    stats,
    async close() {
      await guarded?.close();
    },
  };
}

/**
 * A client that may use every configured credential (the CLI's scope, and tests): the view
 * `createRegistry(options).forScope({ kind: 'all' })`.
 * @throws MirrorSyntaxError when a mirror entry is invalid.
 */
export function createRegistryClient(options: RegistryOptions = {}): RegistryClient & { close(): Promise<void> } {
  const registry = createRegistry(options);
  return { ...registry.forScope({ kind: 'all' }), close: () => registry.close() };
}
