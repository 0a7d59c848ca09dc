/**
 * Publishing a plan on GitHub: the pull requests of its update groups, the rebuild pass, and
 * the dashboard. The plan arrives as a value with the files it was made from; nothing here
 * decides what to propose. Failures of one part are shown in the dashboard, not fatal.
 */
import { formatRepository, parseImageName, formatImageName } from '../oci/reference.js';
import { assessDigestChange } from '../scan/assess-security.js';
import type { SecurityPort } from '../scan/ports.js';
import type { ScanResult } from '../scan/types.js';
import { renderRebuildReason } from '../security/index.js';
import { describeError } from '../util/errors.js';
import { writeDashboard, type Dashboard } from './dashboard.js';
import type { DashboardState } from './markers.js';
import { reconcilePullRequests, type PullReport } from './pull-requests.js';
import { keepRebuildMarker, runRebuildPass, type RebuildMode } from './rebuilds.js';
import { renderDashboard } from './render/dashboard.js';
import type { RepoFile } from './repo-source.js';
import { statusOf, type GitHub, type RepoSnapshot } from './types.js';

/** A pino-style logger. */
export interface Log {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Input of `publishPlan`. */
export interface PublishInput {
  octokit: GitHub;
  snapshot: RepoSnapshot;
  plan: ScanResult<RepoFile>;
  /** The dashboard as read before the scan (its state and rebuild marker). */
  dashboard: Dashboard | null;
  now: Date;
  /** FRESHBASE_DRY_RUN: log what would be written and write nothing (the config's `dryRun` does the same). */
  dryRun: boolean;
  log: Log;
  /** Rebuild work of this run: record run results only (`status`), a scheduled pass, or `/freshbase rebuild`. */
  rebuild: RebuildMode;
  /** Pull requests a maintainer asked to rebase (`/freshbase rebase`), even if a person pushed. */
  forceRebase: ReadonlySet<number>;
  /** Set for a scheduled pass: the dashboard records it and when the next one is due. */
  scheduledPass?: { next: Date | null };
  /** Lines shown first among the dashboard's errors (runs that failed before this one). */
  notices?: readonly string[];
  /** The app's bot login: only its own pull requests are maintained. */
  botLogin: string;
  /** Where the rebuild pass asks what an upstream rebuild closed (the scan's own reports travel in `plan.security`). @default not asked */
  security?: SecurityPort;
}

/** What publishing did, for logs and tests. */
export interface PublishReport {
  pulls: PullReport | null;
  errors: string[];
  /** When the last scheduled pass ran, as the dashboard records it. */
  scheduledAt?: string;
}

/** Publishes one plan: pull requests, rebuilds, then the dashboard. */
export async function publishPlan(input: PublishInput): Promise<PublishReport> {
  const { plan, octokit, snapshot, log } = input;
  const where = { repo: `${snapshot.owner}/${snapshot.name}` };
  const errors = [...(input.notices ?? []), ...describeErrors(plan)];
  const dryRun = input.dryRun || plan.config?.dryRun === true;
  // 1. Pull requests: only with a valid config.
  let pulls: PullReport | null = null;
  if (plan.config !== undefined && !dryRun) {
    try {
      pulls = await reconcilePullRequests({
        octokit,
        repo: snapshot,
        groups: plan.groups,
        files: new Map(plan.files.map((file) => [file.path, file])),
        config: plan.config,
        now: input.now,
        incompleteImages: new Set(plan.incompleteImages),
        forceRebase: input.forceRebase,
        botLogin: input.botLogin,
        ...(plan.security === undefined ? {} : { security: plan.security }),
      });
    } catch (error: unknown) {
      errors.push(`pull requests: ${describeError(error)}${statusOf(error) === 403 ? " (check the app's permissions)" : ''}`);
      log.error({ ...where, err: describeError(error) }, 'pull request maintenance failed');
    }
  } else if (plan.config !== undefined) {
    log.info({ ...where, groups: plan.groups.map((g) => g.key) }, 'dry run: pull requests not written');
  }
  // 2. Rebuilds: dispatch build workflows when base images were rebuilt upstream (scheduled or asked for).
  let sections: string[] = [];
  let markers = [keepRebuildMarker(input.dashboard?.body ?? null)];
  try {
    const pass = await runRebuildPass({
      octokit,
      snapshot,
      result: plan,
      previousBody: input.dashboard?.body ?? null,
      now: input.now,
      mode: input.rebuild,
      dryRun,
      ...(input.security === undefined ? {} : { describeChange: changeDescriber(input.security, plan.config?.platforms) }),
    });
    sections = pass.sections;
    markers = [pass.marker];
    errors.push(...pass.errors);
    if (pass.dispatched.length > 0) log.info({ ...where, workflows: pass.dispatched }, 'rebuilds dispatched');
  } catch (error: unknown) {
    errors.push(`rebuild: ${describeError(error)}`);
  }
  // 3. The dashboard.
  const state = passState(input);
  const { scheduledAt } = state;
  const body = renderDashboard({
    errors,
    proposals: plan.proposals,
    pulls,
    state,
    sections,
    markers,
    scannedAt: input.now.toISOString(),
    ...(plan.security === undefined ? {} : { vulnerabilities: plan.security.current }),
    ...(plan.retryAt === undefined ? {} : { retryAt: plan.retryAt }),
  });
  if (dryRun) log.info({ ...where, errors: errors.length }, 'dry run: dashboard not written');
  else await writeDashboard(octokit, snapshot, { existing: input.dashboard, body, now: input.now });
  return { pulls, errors, ...(scheduledAt === undefined ? {} : { scheduledAt }) };
}

/**
 * The rebuild pass's describer: the vulnerabilities an upstream rebuild closed, on the platform
 * the repository builds (linux/amd64 unless `platforms` leaves it out), when OSV answered.
 */
function changeDescriber(
  security: SecurityPort,
  platforms: readonly string[] | undefined,
): (change: { image: string; from: string; to: string }) => Promise<string | undefined> {
  return async (change) => {
    const report = await assessDigestChange(security, { ...change, ...(platforms === undefined ? {} : { platforms }) });
    if (report.status !== 'compared' || report.vulnerabilities.status !== 'checked') return undefined;
    const parsed = parseImageName(change.image);
    return renderRebuildReason(report, parsed.ok ? formatImageName(parsed.name) : change.image);
  };
}

/** The dashboard's state: the declined versions in force, and when the last and next scheduled passes are. */
function passState(input: PublishInput): DashboardState {
  const previous = input.dashboard?.state;
  const pass = input.scheduledPass;
  const scheduledAt = pass === undefined ? previous?.scheduledAt : input.now.toISOString();
  const nextScheduledAt = pass === undefined ? previous?.nextScheduledAt : pass.next?.toISOString();
  return {
    declined: input.plan.declined,
    ...(scheduledAt === undefined ? {} : { scheduledAt }),
    ...(nextScheduledAt === undefined ? {} : { nextScheduledAt }),
  };
}

function describeErrors(plan: ScanResult<RepoFile>): string[] {
  const errors: string[] = [];
  if (plan.configError !== undefined) errors.push(`config: ${plan.configError.message}`);
  for (const file of plan.skippedFiles) errors.push(`${file.path}: ${file.reason}`);
  const registry = new Map<string, string>();
  // A rate limit is no error: the dashboard says when freshbase runs again instead.
  for (const p of plan.proposals)
    if (p.status === 'skipped' && p.skip === 'registry-error' && p.retryAt === undefined && p.ref.name !== null)
      registry.set(formatRepository(p.ref.name), p.reason);
  for (const [image, reason] of registry) errors.push(`registry: ${image}: ${reason}`);
  return errors;
}
