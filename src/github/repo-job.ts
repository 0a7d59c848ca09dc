/**
 * A repository job as plain data: which repository, through which installation, and why it
 * runs. Webhooks, the scheduler and start-up enqueue it; the queue's one handler runs it.
 * It survives `JSON.stringify`, so a queue may keep it in Redis.
 *
 * Owns: `RepoJob`, `JobReasons`, `repoJob`, `mergeJobs`, `deferredJob`. May import: scan types, github types.
 * Must not: hold functions or anything but JSON values.
 */
import type { ScanTrigger } from '../scan/types.js';
import { formatRepo, type RepoRef } from './types.js';

/** A `/freshbase ignore` to carry out: close the pull request and decline its version. */
export interface IgnoreRequest {
  pr: number;
  /** Who asked (a login with write access). */
  by: string;
}

/** Why a repository job runs. A coalesced job carries the union of the reasons of every job merged into it. */
export interface JobReasons {
  /** What asked for the run, in arrival order, each once. */
  triggers: ScanTrigger[];
  /** Pull requests to rebuild even after a person pushed to them (`/freshbase rebase`), ascending. */
  rebase: number[];
  /**
   * Rebuild work: `scheduled` (the weekly pass dispatches by config), `forced` (`/freshbase
   * rebuild`: dispatch now), or null (only record how dispatched runs ended). Forced wins.
   */
  rebuild: 'scheduled' | 'forced' | null;
  /** Pull requests to close and decline first (`/freshbase ignore`), ascending by number. */
  ignore: IgnoreRequest[];
}

/** One run of one repository. */
export interface RepoJob {
  /** `owner/name`: jobs of one key never run at once. */
  key: string;
  /** The installation whose token the run uses. */
  installationId: number;
  repo: RepoRef;
  reasons: JobReasons;
}

/** A job for `repo`, with the reasons given and none of the others. */
export function repoJob(installationId: number, repo: RepoRef, reasons: Partial<JobReasons> & Pick<JobReasons, 'triggers'>): RepoJob {
  return {
    key: formatRepo(repo),
    installationId,
    repo: { owner: repo.owner, name: repo.name },
    reasons: { rebase: [], rebuild: null, ignore: [], ...reasons },
  };
}

const REBUILD_RANK = { forced: 2, scheduled: 1 } as const;

/**
 * The one follow-up run of a job enqueued while `waiting` (same key) waits or runs: the
 * latest installation, and every reason of both (triggers in order, each once; the rebases
 * and ignores of both; the stronger rebuild).
 */
export function mergeJobs(waiting: RepoJob, added: RepoJob): RepoJob {
  if (waiting.key !== added.key) throw new Error(`cannot merge jobs of ${waiting.key} and ${added.key}`);
  const a = waiting.reasons;
  const b = added.reasons;
  const rebuild =
    (b.rebuild === null ? 0 : REBUILD_RANK[b.rebuild]) > (a.rebuild === null ? 0 : REBUILD_RANK[a.rebuild]) ? b.rebuild : a.rebuild;
  const ignore = new Map([...b.ignore, ...a.ignore].map((request) => [request.pr, request]));
  return {
    key: added.key,
    installationId: added.installationId,
    repo: added.repo,
    reasons: {
      triggers: [...new Set([...a.triggers, ...b.triggers])],
      rebase: [...new Set([...a.rebase, ...b.rebase])].sort((x, y) => x - y),
      rebuild,
      ignore: [...ignore.values()].sort((x, y) => x.pr - y.pr),
    },
  };
}

/**
 * The run again of a job whose registry lookups a rate limit stopped: the same repository and
 * reasons, but the `/freshbase ignore` requests, which the first run carried out.
 */
export function deferredJob(job: RepoJob): RepoJob {
  return { ...job, reasons: { ...job.reasons, ignore: [] } };
}
