/**
 * Request accounting: every HTTP request the client sends, by host and kind, and every answer
 * by host, kind and status, for tests, the bench and the planner's "rate limited or broken?".
 *
 * Owns: `createRequestCounters`. May import: registry/types. Must not: do I/O.
 */
import type { RegistryStats, RequestKind } from './types.js';

/** Mutable counters behind `RegistryClient.stats()`. */
export interface RequestCounters {
  /** One request sent (an attempt, a redirect hop or an auth round trip). */
  sent(authority: string, kind: RequestKind): void;
  /** Its answer: an HTTP status, or `network` when none came (reset, timeout, refused). */
  answered(authority: string, kind: RequestKind, status: number | 'network'): void;
  retried(): void;
  snapshot(): Pick<RegistryStats, 'requests' | 'retries' | 'byHost' | 'byStatus'>;
}

/** Creates zeroed counters. */
export function createRequestCounters(): RequestCounters {
  let requests = 0;
  let retries = 0;
  const byHost: RegistryStats['byHost'] = {};
  const byStatus: RegistryStats['byStatus'] = {};
  return {
    sent(authority, kind) {
      requests += 1;
      const host = (byHost[authority] ??= {});
      host[kind] = (host[kind] ?? 0) + 1;
    },
    answered(authority, kind, status) {
      const host = (byStatus[authority] ??= {});
      const statuses = (host[kind] ??= {});
      const key = String(status);
      statuses[key] = (statuses[key] ?? 0) + 1;
    },
    retried() {
      retries += 1;
    },
    snapshot() {
      const copyHosts = Object.fromEntries(Object.entries(byHost).map(([host, kinds]) => [host, { ...kinds }]));
      const copyStatuses = Object.fromEntries(
        Object.entries(byStatus).map(([host, kinds]) => [
          host,
          Object.fromEntries(Object.entries(kinds).map(([kind, statuses]) => [kind, { ...statuses }])),
        ]),
      );
      return { requests, retries, byHost: copyHosts, byStatus: copyStatuses };
    },
  };
}
