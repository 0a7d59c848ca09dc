/**
 * What a run that stopped before publishing writes (past its time budget, or when its config's
 * globs ran out of matching budget): only the reason, on the dashboard. No pull request is
 * opened, updated or closed and nothing is dispatched, so nothing is left half-done; the
 * dashboard keeps its state (declined versions, scheduled passes, rebuild marker).
 *
 * Owns: `publishStopped`. May import: the files of github/. Must not: plan or scan.
 */
import { describeError } from '../util/errors.js';
import { findDashboard, writeDashboard } from './dashboard.js';
import type { Log } from './publish.js';
import { keepRebuildMarker } from './rebuilds.js';
import { renderDashboard } from './render/dashboard.js';
import type { RepoScanDeps, RepoScanOutcome, RunReads } from './run-repo-scan.js';
import { formatRepo, type GitHub, type RepoRef } from './types.js';

/** Input of `publishStopped`. */
export interface StoppedRun {
  octokit: GitHub;
  repo: RepoRef;
  deps: Pick<RepoScanDeps, 'botLogin' | 'now' | 'dryRun'> & { log: Log };
  /** What the run read before it stopped. */
  reads: RunReads;
  /** Why it stopped, one sentence. */
  reason: string;
}

/**
 * Shows why the run stopped on the dashboard. Writes only when the run had read a valid config
 * that lets it write (not `dryRun`, not a fork it skips, not disabled); otherwise it only logs.
 */
export async function publishStopped(run: StoppedRun): Promise<RepoScanOutcome> {
  const { octokit, repo, deps, reads } = run;
  const error = `scan stopped: ${run.reason}`;
  const outcome: RepoScanOutcome = { skipped: 'stopped', errors: [error] };
  const config = reads.config;
  const writable = reads.snapshot !== undefined && config != null && config.enabled && !config.dryRun && !deps.dryRun;
  if (!writable || (reads.snapshot?.fork === true && !config.forks)) {
    deps.log.info({ repo: formatRepo(repo) }, 'scan stopped; the dashboard is not written (no valid config allowing writes was read)');
    return outcome;
  }
  try {
    const dashboard = reads.dashboard !== undefined ? reads.dashboard : await findDashboard(octokit, repo, deps.botLogin);
    const now = deps.now();
    const state = { ...(dashboard?.state ?? {}), declined: reads.declined ?? dashboard?.state.declined ?? [] };
    const body = renderDashboard({
      errors: [error],
      proposals: [],
      pulls: null,
      state,
      sections: [],
      markers: [keepRebuildMarker(dashboard?.body ?? null)],
      scannedAt: now.toISOString(),
    });
    await writeDashboard(octokit, repo, { existing: dashboard, body, now });
  } catch (failure: unknown) {
    deps.log.error({ repo: formatRepo(repo), err: describeError(failure) }, 'the dashboard of a stopped scan could not be written');
  }
  return outcome;
}
