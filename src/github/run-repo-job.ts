/**
 * The queue's one handler: runs a `RepoJob` on GitHub. It authenticates as the job's
 * installation, checks the commands the webhooks recorded, runs the repository (commands first,
 * then the scan and publishing), hands the outcome back so the app can (re)schedule the
 * repository's weekly pass and count it, and defers the repository to after a registry's rate
 * limit resets when one stopped its lookups. Its log lines carry the repository, the installation,
 * the queue's job id and the delivery ids behind the run.
 *
 * Owns: turning job data into a run, and which failures are worth a retry. May import: the files
 * of github/. Must not: keep state between jobs (everything a run needs is in the job, the run
 * the queue hands over, or read from GitHub).
 */
import { describeError, isFreshbaseError } from '../util/errors.js';
import { checkCommands } from './command-requests.js';
import type { Log } from './publish.js';
import type { InstallationBudget } from './rate-budget.js';
import type { RefusalLimiter } from './refusals.js';
import { deferredJob, type RepoJob } from './repo-job.js';
import { runRepoScan, type RepoScanDeps, type RepoScanOutcome } from './run-repo-scan.js';
import { statusOf, type GitHub } from './types.js';

/** What the queue tells the handler about a run (`JobRun` of jobs/ports, structurally). */
export interface RunInfo {
  id: string;
  attempt: number;
  sources: string[];
  failures: { count: number; lastError: string; firstAt: string; lastAt: string } | null;
}

/** What the handler needs. */
export interface RepoJobDeps {
  /** An installation-authenticated Octokit (Probot's `app.auth(id)`). */
  auth(installationId: number): Promise<GitHub>;
  /** Dependencies of a run of `job` (its installation's registry view; the bot's login is resolved once, lazily). */
  scanDeps(job: RepoJob): Promise<RepoScanDeps>;
  /** The installations' GitHub rate limits: a job of one down to its reserve is deferred to the reset. */
  budget?: Pick<InstallationBudget, 'pausedUntil'>;
  /** Refusals of commands, rate-limited per person and issue (one limiter per process). */
  refusals?: RefusalLimiter;
  /** Runs `job` again at `notBefore`: a registry's rate limit stopped lookups of this run, or the installation's GitHub budget is spent, until then. */
  defer?(job: RepoJob, notBefore: Date): Promise<void>;
  /** When the repository's next scheduled pass is due, recorded by a scheduled pass for a restart to catch up. */
  nextScheduledPass?(key: string): Promise<Date | null>;
  /** After each run: (re)schedule the repository's weekly pass from the config it read, count it. */
  onRun?(input: { job: RepoJob; outcome: RepoScanOutcome; log: Log }): Promise<void>;
}

/** A log whose every line carries `fields`. */
export function withFields(log: Log, fields: Record<string, unknown>): Log {
  return {
    info: (more, message) => {
      log.info({ ...fields, ...more }, message);
    },
    warn: (more, message) => {
      log.warn({ ...fields, ...more }, message);
    },
    error: (more, message) => {
      log.error({ ...fields, ...more }, message);
    },
  };
}

/** The dashboard's line about runs that failed before this one, or none. */
export function describeFailures(failures: RunInfo['failures']): string[] {
  if (failures === null) return [];
  const runs = failures.count === 1 ? 'The last run' : `The last ${failures.count} runs`;
  const since = failures.count === 1 ? ` (${failures.lastAt})` : ` (from ${failures.firstAt} to ${failures.lastAt})`;
  return [`${runs} of freshbase on this repository failed${since}: ${failures.lastError}`];
}

/**
 * Whether a failed run may pass on a retry: network errors, GitHub's 5xx, 429 and rate-limited
 * 403s, and freshbase errors marked temporary. A 404 (repository gone), a 401 or a config error
 * fails for good at once.
 */
export function isRetryable(error: unknown): boolean {
  if (isFreshbaseError(error)) return error.temporary;
  const status = statusOf(error);
  if (status === undefined) return true;
  if (status === 403) return /rate limit/i.test(describeError(error));
  return status >= 500 || status === 429 || status === 408;
}

/** Creates the handler the job queue is given; it resolves with what the run did (null: nothing to run). */
export function createRepoJobHandler(deps: RepoJobDeps): (job: RepoJob, run?: RunInfo) => Promise<RepoScanOutcome | null> {
  return async (job, run) => {
    const base = await deps.scanDeps(job);
    const log = withFields(base.log, {
      repo: job.key,
      installation: job.installationId,
      ...(run === undefined ? {} : { jobId: run.id, attempt: run.attempt, deliveries: run.sources }),
    });
    // The installation's rate limit is down to its reserve: the whole job (commands included) waits for the reset.
    const pausedUntil = (await deps.budget?.pausedUntil(job.installationId)) ?? null;
    if (pausedUntil !== null && deps.defer !== undefined) {
      log.info(
        { retryAt: pausedUntil.toISOString() },
        "installation's GitHub rate limit is down to its reserve; the job waits for the reset",
      );
      await deps.defer(job, pausedUntil);
      return null;
    }
    const octokit = await deps.auth(job.installationId);
    const { reasons } = job;
    const commands = await checkCommands(reasons.commands, {
      octokit,
      repo: job.repo,
      botLogin: base.botLogin,
      log,
      dryRun: base.dryRun,
      ...(deps.refusals === undefined ? {} : { refusals: deps.refusals }),
    });
    if (reasons.triggers.every((trigger) => trigger === 'command') && reasons.commands.length > 0 && commands.honoured === 0) {
      log.info({ commands: reasons.commands.length }, 'no command to carry out; no scan');
      return null;
    }
    const scheduled = reasons.triggers.includes('schedule');
    const rebuild = reasons.rebuild === 'forced' || commands.rebuild === 'forced' ? 'forced' : scheduled ? 'scheduled' : 'status';
    const outcome = await runRepoScan(
      octokit,
      job.repo,
      { ...base, log },
      {
        triggers: reasons.triggers,
        forceRebase: new Set([...reasons.rebase, ...commands.rebase]),
        ignore: [...reasons.ignore, ...commands.ignore],
        rebuild,
        notices: describeFailures(run?.failures ?? null),
        ...(scheduled ? { scheduledPass: { next: (await deps.nextScheduledPass?.(job.key)) ?? null } } : {}),
      },
    );
    await deps.onRun?.({ job, outcome, log });
    // References a rate limit left undecided are not a failure: the repository runs again once the limit resets.
    const retryAt = outcome.result?.retryAt;
    if (retryAt !== undefined)
      await deps.defer?.(
        deferredJob({ ...job, reasons: { ...reasons, rebase: [...new Set([...reasons.rebase, ...commands.rebase])] } }),
        new Date(retryAt),
      );
    return outcome;
  };
}
