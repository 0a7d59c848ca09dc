/**
 * A repository job as plain data: which repository, through which installation, and why it
 * runs. Webhooks, the scheduler and start-up enqueue it; the queue's one handler runs it.
 * It survives `JSON.stringify`, so a queue may keep it in Redis.
 *
 * Owns: `RepoJob`, `JobReasons`, `CommandRequest`, `repoJob`, `mergeJobs`, `deferredJob`. May import:
 * scan types, github types. Must not: hold functions or anything but JSON values.
 */
import type { ScanTrigger } from '../scan/types.js';
import type { Command } from './commands.js';
import { formatRepo, type RepoRef } from './types.js';

/** A `/freshbase ignore` to carry out: close the pull request and decline its version. */
export interface IgnoreRequest {
  pr: number;
  /** Who asked (a login with write access). */
  by: string;
}

/**
 * A `/freshbase` command (or a ticked recheck box) as the webhook saw it, not yet checked: the
 * webhook only enqueues it (GitHub gets its answer at once), and the job checks that the issue is
 * freshbase's and that the commenter may use commands, answers what it refuses, and turns the
 * rest into reasons (`command-requests.ts`).
 */
export interface CommandRequest {
  /** The issue or pull request it is on. */
  issue: number;
  isPull: boolean;
  /** Who asked: the commenter, or who ticked the box. */
  by: string;
  /** Who opened the issue or pull request: freshbase's bot, for a request freshbase honours. */
  issueAuthor: string;
  /** What was asked: a command, or an unknown word to answer about. */
  command: Command | { unknown: string };
  /** A comment needs its author's write access; the dashboard's box is ticked by editing the issue, which takes it already. */
  via: 'comment' | 'dashboard';
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
  /** Commands still to check, in arrival order, each once. */
  commands: CommandRequest[];
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
    reasons: { rebase: [], rebuild: null, ignore: [], commands: [], ...reasons },
  };
}

const REBUILD_RANK = { forced: 2, scheduled: 1 } as const;

/**
 * The one follow-up run of a job enqueued while `waiting` (same key) waits or runs: the
 * latest installation, and every reason of both (triggers in order, each once; the rebases,
 * ignores and commands of both; the stronger rebuild).
 */
export function mergeJobs(waiting: RepoJob, added: RepoJob): RepoJob {
  if (waiting.key !== added.key) throw new Error(`cannot merge jobs of ${waiting.key} and ${added.key}`);
  const a = waiting.reasons;
  const b = added.reasons;
  const rebuild =
    (b.rebuild === null ? 0 : REBUILD_RANK[b.rebuild]) > (a.rebuild === null ? 0 : REBUILD_RANK[a.rebuild]) ? b.rebuild : a.rebuild;
  const ignore = new Map([...b.ignore, ...a.ignore].map((request) => [request.pr, request]));
  const commands = new Map([...a.commands, ...b.commands].map((request) => [JSON.stringify(request), request]));
  return {
    key: added.key,
    installationId: added.installationId,
    repo: added.repo,
    reasons: {
      triggers: [...new Set([...a.triggers, ...b.triggers])],
      rebase: [...new Set([...a.rebase, ...b.rebase])].sort((x, y) => x - y),
      rebuild,
      ignore: [...ignore.values()].sort((x, y) => x.pr - y.pr),
      commands: [...commands.values()],
    },
  };
}

/**
 * The run again of a job whose registry lookups a rate limit stopped: the same repository and
 * reasons, but the `/freshbase ignore` requests and the commands, which the first run carried out
 * and answered.
 */
export function deferredJob(job: RepoJob): RepoJob {
  return { ...job, reasons: { ...job.reasons, ignore: [], commands: [] } };
}
