/**
 * One repository's run on GitHub, in pipeline order: read what GitHub keeps (the repository,
 * its config, its dashboard and the versions maintainers declined), scan it with the same
 * function as the CLI, then publish the plan.
 *
 * A run has a time budget (`scanTimeoutMs`) for its reads and its scan; publishing, once
 * started, runs to the end.
 *
 * Owns: the GitHub side of a run. May import: scan/, the files of github/.
 * Must not: plan (the scan returns the plan) or read file contents anywhere but the scan.
 */
import { scanRepository } from '../scan/scan-repository.js';
import type { RegistryPort, SecurityPort } from '../scan/ports.js';
import type { ScanResult, ScanTrigger } from '../scan/types.js';
import type { RepoConfig } from '../config/schema.js';
import type { DeclinedVersion } from '../plan/index.js';
import { describeError } from '../util/errors.js';
import { GlobBudgetError } from '../util/glob.js';
import { closeIgnored } from './commands.js';
import { findDashboard, type Dashboard } from './dashboard.js';
import { publishPlan, type Log } from './publish.js';
import { listDeclined, type PullReport } from './pull-requests.js';
import type { RebuildMode } from './rebuilds.js';
import type { IgnoreRequest } from './repo-job.js';
import { createGitHubSource, type RepoFile } from './repo-source.js';
import { guardPort, runWithDeadline, ScanStoppedError } from './scan-deadline.js';
import { publishStopped } from './stopped-run.js';
import { formatRepo, statusOf, type GitHub, type RepoRef, type RepoSnapshot } from './types.js';

export type { Log };

/** What a repository run needs. */
export interface RepoScanDeps {
  registry: RegistryPort;
  botLogin: string;
  now: () => Date;
  log: Log;
  /** FRESHBASE_DRY_RUN: log what would be written and write nothing to GitHub. */
  dryRun: boolean;
  /** FRESHBASE_SCAN_TIMEOUT: how long the reads and the scan may take (0: no limit). @default 0 */
  scanTimeoutMs?: number;
  /** What each update fixes: SBOM attestations and OSV (one reader and client per process). @default not assessed */
  security?: SecurityPort;
}

/** Options of one run. */
export interface RepoScanOptions {
  /** What asked for the run, in arrival order. */
  triggers: readonly ScanTrigger[];
  forceRebase?: ReadonlySet<number>;
  /** Pull requests to close and decline before the scan (`/freshbase ignore`). */
  ignore?: readonly IgnoreRequest[];
  /** Rebuild work of this run: record run results only (default), a scheduled pass, or `/freshbase rebuild`. */
  rebuild?: RebuildMode;
  /** Set for a scheduled pass: when the next one is due, recorded in the dashboard. */
  scheduledPass?: { next: Date | null };
  /** Lines the dashboard shows first among its errors (runs that failed before this one). */
  notices?: readonly string[];
}

/** What a run did, for logs and tests. */
export interface RepoScanOutcome {
  skipped?: string;
  result?: ScanResult<RepoFile>;
  pulls?: PullReport | null;
  errors: string[];
  /** When the last scheduled pass ran, as the dashboard records it. */
  scheduledAt?: string;
}

/** Reads the repository and its default branch, or the reason to skip it (archived, empty). */
export async function readSnapshot(octokit: GitHub, repo: RepoRef): Promise<RepoSnapshot | { skip: string }> {
  const { data } = await octokit.rest.repos.get({ owner: repo.owner, repo: repo.name });
  if (data.archived) return { skip: 'archived' };
  try {
    const { data: ref } = await octokit.rest.git.getRef({ owner: repo.owner, repo: repo.name, ref: `heads/${data.default_branch}` });
    return {
      owner: repo.owner,
      name: repo.name,
      defaultBranch: data.default_branch,
      headSha: ref.object.sha,
      fork: data.fork,
      private: data.private,
    };
  } catch (error: unknown) {
    if (statusOf(error) === 404 || statusOf(error) === 409) return { skip: 'empty repository' };
    throw error;
  }
}

/** What the run has read so far: a run that stops early writes its dashboard from this. */
export interface RunReads {
  snapshot?: RepoSnapshot;
  config?: RepoConfig | null;
  dashboard?: Dashboard | null;
  declined?: DeclinedVersion[];
}

type Scanned = { outcome: RepoScanOutcome } | { snapshot: RepoSnapshot; dashboard: Dashboard | null; plan: ScanResult<RepoFile> };

/**
 * Scans one repository and publishes the plan to GitHub. The reads and the scan have
 * `scanTimeoutMs`; a run past it, or whose config globs ran out of matching budget, publishes
 * nothing but the reason on the dashboard (`publishStopped`).
 */
export async function runRepoScan(octokit: GitHub, repo: RepoRef, deps: RepoScanDeps, options: RepoScanOptions): Promise<RepoScanOutcome> {
  const log = { repo: formatRepo(repo), triggers: options.triggers };
  const reads: RunReads = {};
  let scanned: Scanned;
  try {
    scanned = await runWithDeadline(deps.scanTimeoutMs ?? 0, (signal) => readAndScan(octokit, repo, { deps, options, reads, signal }));
  } catch (error: unknown) {
    if (!(error instanceof ScanStoppedError) && !(error instanceof GlobBudgetError)) throw error;
    deps.log.error({ ...log, err: describeError(error) }, 'repository scan stopped');
    return publishStopped({ octokit, repo, deps, reads, reason: error.message });
  }
  if ('outcome' in scanned) return scanned.outcome;
  const { snapshot, dashboard, plan } = scanned;
  // 6. Publishing: pull requests, rebuilds, the dashboard (past the time budget: it runs to the end, so nothing is left half-done).
  const report = await publishPlan({
    octokit,
    snapshot,
    plan,
    dashboard,
    now: deps.now(),
    dryRun: deps.dryRun,
    log: deps.log,
    rebuild: options.rebuild ?? 'status',
    forceRebase: options.forceRebase ?? new Set(),
    botLogin: deps.botLogin,
    ...(options.scheduledPass === undefined ? {} : { scheduledPass: options.scheduledPass }),
    ...(options.notices === undefined ? {} : { notices: options.notices }),
    ...(deps.security === undefined ? {} : { security: deps.security }),
  });
  deps.log.info(
    { ...log, references: plan.references.length, open: report.pulls?.open.length ?? 0, closed: report.pulls?.closed.length ?? 0 },
    'repository scanned',
  );
  return { result: plan, ...report };
}

/** Steps 1 to 5 of a run: everything it reads, and the scan. Checks `signal` between steps. */
async function readAndScan(
  octokit: GitHub,
  repo: RepoRef,
  run: { deps: RepoScanDeps; options: RepoScanOptions; reads: RunReads; signal: AbortSignal },
): Promise<Scanned> {
  const { deps, options, reads, signal } = run;
  const log = { repo: formatRepo(repo), triggers: options.triggers };
  // 1. The repository, its default branch and head commit.
  const snapshot = await readSnapshot(octokit, repo);
  if ('skip' in snapshot) {
    deps.log.info({ ...log, reason: snapshot.skip }, 'repository skipped');
    return { outcome: { skipped: snapshot.skip, errors: [] } };
  }
  reads.snapshot = snapshot;
  signal.throwIfAborted();
  // 2. The config: a fork is scanned only when it asks for it, a disabled repository not at all (before any lookup).
  const source = guardPort(createGitHubSource(octokit, snapshot), signal);
  const config = await source.readConfig().catch(() => null);
  reads.config = config;
  if (snapshot.fork && config?.forks !== true) {
    deps.log.info({ ...log, reason: 'fork' }, 'repository skipped (set forks: true to scan a fork)');
    return { outcome: { skipped: 'fork', errors: [] } };
  }
  signal.throwIfAborted();
  // 3. Commands that write before the scan: `/freshbase ignore` closes the pull request, declining its version.
  const ignore = options.ignore ?? [];
  if (ignore.length > 0 && (deps.dryRun || config?.dryRun === true)) {
    deps.log.info({ ...log, pulls: ignore.map((request) => request.pr) }, 'dry run: pull requests not closed');
  } else if (ignore.length > 0) {
    const refused = await closeIgnored(octokit, snapshot, { requests: ignore, botLogin: deps.botLogin, signal });
    if (refused.length > 0) deps.log.info({ ...log, pulls: refused }, '/freshbase ignore: not an open freshbase pull request; left alone');
  }
  if (config?.enabled === false) {
    deps.log.info({ ...log, reason: 'disabled' }, 'repository skipped (enabled: false)');
    return { outcome: { skipped: 'disabled', errors: [] } };
  }
  signal.throwIfAborted();
  // 4. What GitHub keeps for planning: the dashboard, and the versions maintainers declined there and in closed pull requests.
  const dashboard = (reads.dashboard = await findDashboard(octokit, repo, deps.botLogin));
  const declined = [...(dashboard?.state.declined ?? []), ...(await listDeclined(octokit, snapshot, deps.botLogin))];
  reads.declined = declined;
  signal.throwIfAborted();
  // 5. The scan, the same function the CLI runs: files, references, registry facts, the plan.
  const job = { key: formatRepo(repo), trigger: options.triggers[0] ?? 'command', declined };
  const security = deps.security === undefined ? {} : { security: guardSecurity(deps.security, signal) };
  const plan = await scanRepository(job, { source, registry: guardPort(deps.registry, signal), now: deps.now, ...security });
  signal.throwIfAborted();
  return { snapshot, dashboard, plan };
}

/** The security port with its registry and OSV calls cut off once the run's time is up. */
function guardSecurity(port: SecurityPort, signal: AbortSignal): SecurityPort {
  return { ...port, content: guardPort(port.content, signal), osv: guardPort(port.osv, signal) };
}
