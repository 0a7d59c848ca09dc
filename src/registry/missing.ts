/**
 * "Not found" as a cacheable answer: a repository or tag that does not exist is asked about once
 * per tag TTL, like one that does, instead of on every lookup.
 *
 * Owns: `Missing`, `orMissing`, `found`. May import: zod, registry/{errors,hosts}. Must not: cache
 * any other failure (those are retried on the next lookup).
 */
import { z } from 'zod';
import { RegistryNotFoundError } from './errors.js';
import type { Endpoint } from './hosts.js';

/** A "not found" answer, kept for the tag TTL like a found one (a missing repository costs one request per period). */
export const Missing = z.object({ missing: z.object({ status: z.number().optional(), reason: z.string().optional() }) });
export type Missing = z.infer<typeof Missing>;

/** Runs `load`, turning "not found" into a value to cache. */
export async function orMissing<T>(load: () => Promise<T>): Promise<T | Missing> {
  try {
    return await load();
  } catch (error: unknown) {
    if (!(error instanceof RegistryNotFoundError)) throw error;
    return {
      missing: {
        ...(error.status === undefined ? {} : { status: error.status }),
        ...(error.reason === undefined ? {} : { reason: error.reason }),
      },
    };
  }
}

/** The value, or the cached "not found" thrown again. */
export function found<T extends object>(endpoint: Endpoint, value: T | Missing): T {
  if (!('missing' in value)) return value;
  const { status, reason } = value.missing;
  throw new RegistryNotFoundError({
    host: endpoint.registry,
    repository: endpoint.repository,
    ...(status === undefined ? {} : { status }),
    ...(reason === undefined ? {} : { reason }),
  });
}
