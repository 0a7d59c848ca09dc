/**
 * One repository's job: read it, scan it with the same engine as the CLI, maintain its
 * pull requests and its dashboard. Failures of one part are shown, not fatal.
 */
import { applyDeclined, groupProposals, mergeDeclined, type Proposal } from '../plan/index.js';
import type { RegistryPort } from '../scan/ports.js';
import { scanRepository } from '../scan/scan-repository.js';
import type { ScanResult, ScanTrigger } from '../scan/types.js';
import { runRebuildPass, type RebuildMode } from './rebuilds.js';
import { describeError } from '../util/errors.js';
import { findDashboard, writeDashboard } from './dashboard.js';
import { listDeclined, reconcilePullRequests, type PullReport } from './pull-requests.js';
import { renderDashboard } from './render/dashboard.js';
import { createGitHubSource } from './repo-source.js';
import { formatRepo, statusOf, type GitHub, type RepoRef, type RepoSnapshot } from './types.js';
import { formatRepository } from '../oci/reference.js';

/** A pino-style logger. */
export interface Log {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** What a repository job needs. */
export interface RepoScanDeps {
  registry: RegistryPort;
  botLogin: string;
  now: () => Date;
  log: Log;
  /** Log instead of writing pull requests (FRESHBASE_DRY_RUN or the config's `dryRun`). */
  dryRun: boolean;
}

/** Options of one run. */
export interface RepoScanOptions {
  trigger: ScanTrigger;
  forceRebase?: ReadonlySet<number>;
  /** Rebuild work of this run: record run results only (default), a scheduled pass, or `/freshbase rebuild`. */
  rebuild?: RebuildMode;
}

/** What a run did, for logs and tests. */
export interface RepoScanOutcome {
  skipped?: string;
  result?: ScanResult;
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

/** Scans one repository and publishes the outcome to GitHub. */
export async function runRepoScan(octokit: GitHub, repo: RepoRef, deps: RepoScanDeps, options: RepoScanOptions): Promise<RepoScanOutcome> {
  const log = { repo: formatRepo(repo), trigger: options.trigger };
  // 1. The repository, its default branch and head commit.
  const snapshot = await readSnapshot(octokit, repo);
  if ('skip' in snapshot) {
    deps.log.info({ ...log, reason: snapshot.skip }, 'repository skipped');
    return { skipped: snapshot.skip, errors: [] };
  }
  // 2. A fork is scanned only when its config asks for it (checked before any registry lookup).
  const source = createGitHubSource(octokit, snapshot);
  if (snapshot.fork && (await source.readConfig().catch(() => null))?.forks !== true) {
    deps.log.info({ ...log, reason: 'fork' }, 'repository skipped (set forks: true to scan a fork)');
    return { skipped: 'fork', errors: [] };
  }
  // 3. The scan, with the same engine as the CLI.
  const result = await scanRepository(
    { key: formatRepo(repo), trigger: options.trigger },
    { source, registry: deps.registry, now: deps.now },
  );
  if (result.config?.enabled === false) {
    deps.log.info({ ...log, reason: 'disabled' }, 'repository skipped (enabled: false)');
    return { skipped: 'disabled', errors: [] };
  }
  // 4. The dashboard's state: versions maintainers declined.
  const dashboard = await findDashboard(octokit, repo, deps.botLogin);
  const state = { ...(dashboard?.state ?? { declined: [] }) };
  state.declined = mergeDeclined(state.declined, await listDeclined(octokit, snapshot));
  const proposals = applyDeclined(result.proposals, state.declined);
  const errors = describeErrors(result, proposals);
  // 5. Pull requests: only with a valid config.
  let pulls: PullReport | null = null;
  if (result.config !== undefined && !deps.dryRun && !result.config.dryRun) {
    try {
      pulls = await reconcilePullRequests({
        octokit,
        repo: snapshot,
        groups: groupProposals(proposals),
        files: source.files,
        config: result.config,
        now: deps.now(),
        incompleteImages: incompleteImages(proposals),
        ...(options.forceRebase === undefined ? {} : { forceRebase: options.forceRebase }),
      });
    } catch (error: unknown) {
      errors.push(`pull requests: ${describeError(error)}${statusOf(error) === 403 ? " (check the app's permissions)" : ''}`);
      deps.log.error({ ...log, err: describeError(error) }, 'pull request maintenance failed');
    }
  } else if (result.config !== undefined) {
    deps.log.info({ ...log, groups: groupProposals(proposals).map((g) => g.key) }, 'dry run: pull requests not written');
  }
  // 6. Rebuilds: dispatch build workflows when base images were rebuilt upstream (scheduled or asked for).
  const mode = options.rebuild ?? 'status';
  let sections: string[] = [];
  try {
    const pass = await runRebuildPass({
      octokit,
      snapshot,
      result,
      workflows: await source.listWorkflows(),
      previousBody: dashboard?.body ?? null,
      now: deps.now(),
      mode,
    });
    sections = pass.sections;
    errors.push(...pass.errors);
    if (pass.dispatched.length > 0) deps.log.info({ ...log, workflows: pass.dispatched }, 'rebuilds dispatched');
  } catch (error: unknown) {
    errors.push(`rebuild: ${describeError(error)}`);
  }
  if (mode === 'scheduled') state.scheduledAt = deps.now().toISOString();
  // 7. The dashboard.
  const body = renderDashboard({ errors, proposals, pulls, state, sections, scannedAt: deps.now().toISOString() });
  await writeDashboard(octokit, repo, { existing: dashboard, body, now: deps.now() });
  deps.log.info(
    { ...log, references: result.references.length, open: pulls?.open.length ?? 0, closed: pulls?.closed.length ?? 0 },
    'repository scanned',
  );
  return {
    result: { ...result, proposals },
    pulls,
    errors,
    ...(state.scheduledAt === undefined ? {} : { scheduledAt: state.scheduledAt }),
  };
}

function describeErrors(result: ScanResult, proposals: readonly Proposal[]): string[] {
  const errors: string[] = [];
  if (result.configError !== undefined) errors.push(`config: ${result.configError.message}`);
  for (const file of result.skippedFiles) errors.push(`${file.path}: ${file.reason}`);
  const registry = new Map<string, string>();
  for (const p of proposals)
    if (p.status === 'skipped' && p.skip === 'registry-error' && p.ref.name !== null) registry.set(formatRepository(p.ref.name), p.reason);
  for (const [image, reason] of registry) errors.push(`registry: ${image}: ${reason}`);
  return errors;
}

function incompleteImages(proposals: readonly Proposal[]): Set<string> {
  return new Set(
    proposals.flatMap((p) =>
      p.status === 'skipped' && p.skip === 'registry-error' && p.ref.name !== null ? [formatRepository(p.ref.name)] : [],
    ),
  );
}
