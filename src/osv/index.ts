/**
 * The OSV module: a bounded, cached client of the OSV vulnerability API (api.osv.dev or a
 * mirror) for distribution packages, and the severity of its records.
 *
 * Owns: `fetch` calls to the OSV API (the only `fetch` user besides registry/), ecosystem
 * names of distributions, severity ratings.
 * May import: util, zod, lru-cache, ae-cvss-calculator. Must not: read process.env (the base
 * URL arrives as an option), import sbom or registry (same layer), throw from `lookup`.
 * Import the module through this file only.
 */
export { createMemoryOsvStore, createOsvClient, DEFAULT_OSV_URL, osvQueryKey, type OsvClient, type OsvClientOptions } from './client.js';
export { osvEcosystem, type DistroName } from './ecosystem.js';
export { ratingFor, rateRecord, rateScore, severityOfWord } from './severity.js';
export { VulnRecord } from './schema.js';
export { SEVERITIES } from './types.js';
export type { OsvLimits, OsvLookup, OsvQuery, OsvStore, Rating, RatingSource, Severity, VulnDetail } from './types.js';
