/**
 * Webhook handling: which events start a repository job, and the `/freshbase` commands.
 * Jobs go through the queue, keyed by repository, so one repository never has two runs
 * at once; Probot's `Context` stays here and in app.ts.
 */
import type { Probot } from 'probot';
import { createDockerfileMatcher } from '../dockerfile/index.js';
import { describeError } from '../util/errors.js';
import { hasWriteAccess, parseCommand, reply } from './commands.js';
import { BRANCH_PREFIX } from './pull-requests.js';
import { DASHBOARD_TITLE, isRecheckTicked } from './render/dashboard.js';
import { runRepoScan, type Log, type RepoScanDeps, type RepoScanOutcome } from './run-repo-scan.js';
import { CONFIG_PATH } from './repo-source.js';
import { formatRepo, type GitHub, type RepoRef } from './types.js';
import type { ScanTrigger } from '../scan/types.js';

/** Where jobs go: one repository never runs twice at once (the job queue matches it). */
export interface JobSink {
  enqueue(job: { key: string; run: () => Promise<void> }): Promise<void>;
}

/** What the webhook handlers need. */
export interface WebhookDeps {
  queue: JobSink;
  /** Dependencies of a repository job (the bot's login is resolved once, lazily). */
  scanDeps: () => Promise<RepoScanDeps>;
  log: Log;
  /** After each repository job: (re)schedule its weekly pass from the config it read. */
  onScanned?: (input: { installationId: number; repo: RepoRef; outcome: RepoScanOutcome }) => Promise<void>;
}

interface JobRequest {
  trigger: ScanTrigger;
  rebase?: number;
  rebuild?: boolean;
}

/** Registers the handlers on a Probot app. */
export function registerWebhooks(app: Probot, deps: WebhookDeps): void {
  // Jobs of one repository coalesce in the queue: what a coalesced job asked for waits here.
  const pendingRebase = new Map<string, Set<number>>();
  const pendingRebuild = new Set<string>();
  const enqueue = async (
    context: { octokit: GitHub; payload: { installation?: { id: number } } },
    repo: RepoRef,
    request: JobRequest,
  ): Promise<void> => {
    const key = formatRepo(repo);
    if (request.rebase !== undefined) pendingRebase.set(key, (pendingRebase.get(key) ?? new Set()).add(request.rebase));
    if (request.rebuild === true) pendingRebuild.add(key);
    const { octokit } = context;
    const installationId = context.payload.installation?.id;
    await deps.queue.enqueue({
      key,
      run: async () => {
        const forceRebase = pendingRebase.get(key);
        pendingRebase.delete(key);
        const rebuild = pendingRebuild.delete(key);
        const outcome = await runRepoScan(octokit, repo, await deps.scanDeps(), {
          trigger: request.trigger,
          ...(forceRebase === undefined ? {} : { forceRebase }),
          ...(rebuild ? { rebuild: 'forced' as const } : {}),
        });
        if (installationId !== undefined) await deps.onScanned?.({ installationId, repo, outcome });
      },
    });
  };

  app.on('installation.created', async (context) => {
    for (const repository of context.payload.repositories ?? [])
      await enqueue(context, splitName(repository.full_name), { trigger: 'onboarding' });
  });

  app.on('installation_repositories.added', async (context) => {
    for (const repository of context.payload.repositories_added)
      await enqueue(context, splitName(repository.full_name), { trigger: 'onboarding' });
  });

  app.on('push', async (context) => {
    const { payload } = context;
    if (payload.ref !== `refs/heads/${payload.repository.default_branch}`) return;
    const matches = createDockerfileMatcher();
    const touched = payload.commits.flatMap((commit) => [...(commit.added ?? []), ...(commit.modified ?? []), ...(commit.removed ?? [])]);
    if (!touched.some((path) => isRelevantPath(path, matches))) return;
    await enqueue(context, splitName(payload.repository.full_name), { trigger: 'push' });
  });

  app.on('pull_request.closed', async (context) => {
    if (!context.payload.pull_request.head.ref.startsWith(BRANCH_PREFIX)) return;
    await enqueue(context, splitName(context.payload.repository.full_name), { trigger: 'pull-request-closed' });
  });

  app.on('issues.edited', async (context) => {
    const { issue, repository } = context.payload;
    const { botLogin } = await deps.scanDeps();
    if (issue.title !== DASHBOARD_TITLE || issue.user?.login !== botLogin || !isRecheckTicked(issue.body)) return;
    await enqueue(context, splitName(repository.full_name), { trigger: 'command' });
  });

  app.on('issue_comment.created', async (context) => {
    const { issue, comment, repository } = context.payload;
    const login = comment.user?.login;
    if (comment.user?.type === 'Bot' || login === undefined) return;
    const command = parseCommand(comment.body);
    if (command === null) return;
    const { botLogin } = await deps.scanDeps();
    if (issue.user.login !== botLogin) return;
    const repo = splitName(repository.full_name);
    const octokit = context.octokit;
    if (!(await hasWriteAccess(octokit, repo, login))) {
      await reply(octokit, repo, issue.number, `@${login} /freshbase commands need write access to this repository; nothing was done.`);
      return;
    }
    if (typeof command === 'object') {
      await reply(octokit, repo, issue.number, `@${login} unknown command \`${command.unknown}\`: use recheck, rebase, ignore or rebuild.`);
      return;
    }
    const isPull = issue.pull_request !== undefined;
    try {
      if (command === 'recheck') await enqueue(context, repo, { trigger: 'command' });
      else if (command === 'rebase' && isPull) await enqueue(context, repo, { trigger: 'command', rebase: issue.number });
      else if (command === 'ignore' && isPull) {
        await octokit.rest.pulls.update({ owner: repo.owner, repo: repo.name, pull_number: issue.number, state: 'closed' });
        await reply(octokit, repo, issue.number, `Ignored by @${login}: freshbase will not propose this version again.`);
        await enqueue(context, repo, { trigger: 'command' });
      } else if (command === 'rebuild' && !isPull) await enqueue(context, repo, { trigger: 'command', rebuild: true });
      else
        await reply(
          octokit,
          repo,
          issue.number,
          `@${login} \`/freshbase ${command}\` works on ${command === 'rebuild' ? 'the dashboard' : "freshbase's pull requests"} only.`,
        );
    } catch (error: unknown) {
      deps.log.error({ repo: formatRepo(repo), command, err: describeError(error) }, 'command failed');
      throw error;
    }
  });
}

/** Paths whose change makes a push worth a rescan: Dockerfiles, workflows, the config. */
function isRelevantPath(path: string, matches: (path: string) => boolean): boolean {
  return path === CONFIG_PATH || matches(path) || path.startsWith('.github/workflows/');
}

function splitName(fullName: string): RepoRef {
  const [owner = '', name = ''] = fullName.split('/');
  return { owner, name };
}
