/**
 * The CLI's exit status, decided in one place: `0` nothing to update and every reference
 * decided, `10` updates found (`scan`) and every reference decided, `1` an error or anything
 * left undecided (a registry error, which includes a registry's rate limit and unreadable
 * `--docker-config` credentials, or a file skipped for its size or count), with a one-line reason
 * for stderr.
 *
 * Owns: `EXIT_*`, `decideExitStatus`. May import: scan types. Must not: print or exit.
 */
import type { ScanResult } from '../scan/types.js';

export const EXIT_OK = 0;
export const EXIT_UPDATES = 10;
export const EXIT_ERROR = 1;

/** An exit code, and why it is 1 (one line, no trailing newline), else null. */
export interface ExitStatus {
  code: typeof EXIT_OK | typeof EXIT_UPDATES | typeof EXIT_ERROR;
  reason: string | null;
}

/** What the status is decided from besides the scan. */
export interface ExitFacts {
  command: 'scan' | 'apply';
  /** Files `apply` could not write. @default 0 */
  failedWrites?: number;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A registry's rate limit, each sentence once (`rate limit of docker.io reached; retry after 14:05 UTC`). */
function listRateLimits(result: ScanResult): string[] {
  return [...new Set(result.proposals.flatMap((p) => (p.status === 'skipped' && p.retryAt !== undefined ? [p.reason] : [])))];
}

/** Why the run leaves something undecided, one clause per cause (empty when everything was decided); rate limits apart. */
function listUndecided(result: ScanResult): string[] {
  const registryErrors = result.proposals.filter(
    (p) => p.status === 'skipped' && p.skip === 'registry-error' && p.retryAt === undefined,
  ).length;
  const causes: string[] = [];
  if (registryErrors > 0) causes.push(`${count(registryErrors, 'reference', 'references')} undecided after registry errors`);
  if (result.skippedFiles.length > 0) causes.push(`${count(result.skippedFiles.length, 'file', 'files')} skipped, not read`);
  return causes;
}

/** Decides the exit status of `freshbase scan` or `freshbase apply` from its scan. */
export function decideExitStatus(result: ScanResult, facts: ExitFacts): ExitStatus {
  const causes = listUndecided(result);
  const failed = facts.failedWrites ?? 0;
  if (failed > 0) causes.unshift(`${count(failed, 'file', 'files')} could not be written`);
  const limits = listRateLimits(result);
  if (causes.length > 0) return { code: EXIT_ERROR, reason: [...limits, `${causes.join('; ')} (see above); exit 1`].join('; ') };
  if (limits.length > 0) return { code: EXIT_ERROR, reason: limits.join('; ') };
  const updates = facts.command === 'scan' && result.proposals.some((p) => p.status === 'update');
  return { code: updates ? EXIT_UPDATES : EXIT_OK, reason: null };
}
