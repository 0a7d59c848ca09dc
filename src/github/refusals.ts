/**
 * Refusals of `/freshbase` commands from people without write access, rate-limited: at most
 * one reply per person per issue or pull request per window (an hour), so a read-only user
 * cannot make freshbase write a comment for every comment they write.
 *
 * State lives in this process's memory, bounded (the most recent `maxEntries` keys). With several
 * replicas each keeps its own, so a person gets at most one refusal per replica per window; a
 * restart forgets. Refusals are courtesy, not security: the command is refused either way.
 *
 * Owns: `createRefusalLimiter`. May import: lru-cache. Must not: do I/O.
 */
import { LRUCache } from 'lru-cache';

/** How long after a refusal the same person on the same issue gets none. @default 1 hour */
export const REFUSAL_WINDOW_MS = 3_600_000;

/** Who was refused where. */
export interface RefusalKey {
  repo: string;
  number: number;
  login: string;
}

/** Decides whether a refusal is written. */
export interface RefusalLimiter {
  /** True (and remembered) when no refusal went to `key` within the window; false otherwise. */
  shouldReply(key: RefusalKey): boolean;
}

/** Creates a limiter on the given clock. */
export function createRefusalLimiter(options: { now: () => Date; windowMs?: number; maxEntries?: number }): RefusalLimiter {
  const cache = new LRUCache<string, true>({
    max: options.maxEntries ?? 10_000,
    ttl: options.windowMs ?? REFUSAL_WINDOW_MS,
    // The injected clock, read on every check (no timer caches it).
    perf: { now: () => options.now().getTime() },
    ttlResolution: 0,
  });
  return {
    shouldReply({ repo, number, login }) {
      const key = `${repo.toLowerCase()}#${number}@${login.toLowerCase()}`;
      if (cache.has(key)) return false;
      cache.set(key, true);
      return true;
    },
  };
}
