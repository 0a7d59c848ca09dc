/**
 * The queue's one handler: runs a `RepoJob` on GitHub. It authenticates as the job's
 * installation, runs the repository (commands first, then the scan and publishing), hands
 * the outcome back so the app can (re)schedule the repository's weekly pass, and defers the
 * repository to after a registry's rate limit resets when one stopped its lookups.
 *
 * Owns: turning job data into a run. May import: the files of github/.
 * Must not: keep state between jobs (everything a run needs is in the job or read from GitHub).
 */
import { deferredJob, type RepoJob } from './repo-job.js';
import { runRepoScan, type RepoScanDeps, type RepoScanOutcome } from './run-repo-scan.js';
import type { GitHub } from './types.js';

/** What the handler needs. */
export interface RepoJobDeps {
  /** An installation-authenticated Octokit (Probot's `app.auth(id)`). */
  auth(installationId: number): Promise<GitHub>;
  /** Dependencies of a run of `job` (its installation's registry view; the bot's login is resolved once, lazily). */
  scanDeps(job: RepoJob): Promise<RepoScanDeps>;
  /** Runs `job` again at `notBefore`: a registry's rate limit stopped lookups of this run until then. */
  defer?(job: RepoJob, notBefore: Date): Promise<void>;
  /** When the repository's next scheduled pass is due, recorded by a scheduled pass for a restart to catch up. */
  nextScheduledPass?(key: string): Date | null;
  /** After each run: (re)schedule the repository's weekly pass from the config it read. */
  onRun?(input: { job: RepoJob; outcome: RepoScanOutcome }): void;
}

/** Creates the handler the job queue is given. */
export function createRepoJobHandler(deps: RepoJobDeps): (job: RepoJob) => Promise<void> {
  return async (job) => {
    const octokit = await deps.auth(job.installationId);
    const { reasons } = job;
    const scheduled = reasons.triggers.includes('schedule');
    const outcome = await runRepoScan(octokit, job.repo, await deps.scanDeps(job), {
      triggers: reasons.triggers,
      forceRebase: new Set(reasons.rebase),
      ignore: reasons.ignore,
      rebuild: reasons.rebuild === 'forced' ? 'forced' : scheduled ? 'scheduled' : 'status',
      ...(scheduled ? { scheduledPass: { next: deps.nextScheduledPass?.(job.key) ?? null } } : {}),
    });
    deps.onRun?.({ job, outcome });
    // References a rate limit left undecided are not a failure: the repository runs again once the limit resets.
    const retryAt = outcome.result?.retryAt;
    if (retryAt !== undefined) await deps.defer?.(deferredJob(job), new Date(retryAt));
  };
}
