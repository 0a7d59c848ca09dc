/**
 * Public types of the OSV client: the queries it answers, the vulnerability facts it keeps
 * and the store port its cache runs on.
 *
 * Owns: `OsvQuery`, `Severity`, `Rating`, `VulnDetail`, `OsvLookup`, `OsvStore`, `OsvLimits`.
 * May import: nothing. Must not: hold logic or do I/O.
 */

/** One package version to ask about: `{ ecosystem: 'Debian:12', name: 'openssl', version: '3.0.15-1~deb12u1' }`. */
export interface OsvQuery {
  /** An OSV ecosystem string (`Debian:12`, `Ubuntu:24.04:LTS`, `Alpine:v3.21`). */
  ecosystem: string;
  /** The package name in that ecosystem (the source package for Debian, Ubuntu and Alpine). */
  name: string;
  version: string;
}

/** Qualitative severity, highest first. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';

/** Every severity, highest first. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'unknown'];

/** Where a severity came from. */
export type RatingSource = 'cvss-v4' | 'cvss-v3' | 'cvss-v2' | 'ubuntu-priority' | 'debian-urgency' | 'database-specific' | 'none';

/** A severity with its origin, and the CVSS base score when a vector gave it. */
export interface Rating {
  severity: Severity;
  source: RatingSource;
  score?: number;
}

/** What freshbase keeps of one OSV record (`GET /v1/vulns/{id}`). */
export interface VulnDetail {
  id: string;
  summary?: string;
  /** `aliases` and `upstream` ids (CVE-…): records sharing one describe the same flaw. */
  related: string[];
  /** The record's own rating (its top-level severity or database-specific fields). */
  rating: Rating;
  /** Ratings given for one package only (`affected[].severity`, Debian urgency), by `ecosystem|name`. */
  packageRatings: Record<string, Rating>;
}

/** The answer to a batch of queries. Never an exception: OSV being down is a result. */
export type OsvLookup =
  | {
      status: 'ok';
      /** Vulnerability ids affecting each query's version, by `osvQueryKey(query)`. Queries left out are absent. */
      ids: ReadonlyMap<string, readonly string[]>;
      /** Details of the ids fetched (within the fetch cap); a missing id rates `unknown`. */
      details: ReadonlyMap<string, VulnDetail>;
      /** Queries not asked (past `maxQueries`) and ids whose record was not fetched. */
      skipped: { queries: number; details: number };
    }
  | { status: 'unavailable'; reason: string };

/**
 * Where lookups are cached. Structurally the registry module's `Cache`, so the registry's
 * (later persistent) store can back both. Values are plain JSON data.
 */
export interface OsvStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
}

/** Bounds of one lookup. */
export interface OsvLimits {
  /** Most distinct queries asked per lookup. @default 5000 */
  maxQueries?: number;
  /** Queries per `querybatch` request (OSV accepts at most 1000). @default 1000 */
  batchSize?: number;
  /** Most follow-up pages per query (`next_page_token`). @default 10 */
  maxPages?: number;
  /** Most vulnerability records fetched per lookup; the rest rate `unknown`. @default 500 */
  maxVulnFetches?: number;
  /** Vulnerability records fetched at once. @default 8 */
  concurrency?: number;
  /** Largest `querybatch` answer read. @default 16 MiB */
  batchBytes?: number;
  /** Largest vulnerability record read. @default 2 MiB */
  vulnBytes?: number;
}
