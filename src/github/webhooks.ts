/**
 * Webhook handling: which events start a repository job, and the `/freshbase` commands. Each
 * handler turns its event into job data and enqueues it, keyed by repository, so one
 * repository never has two runs at once; a job enqueued while another waits or runs is merged
 * into one follow-up run with the reasons of both. A push rescans when it changes a file a scan
 * reads (push-trigger.ts; it reads the config only when no path has a default name). Probot's
 * `Context` stays here and in app.ts.
 *
 * Trust: only freshbase's own pull requests (opened by the app, from the repository itself) and
 * its dashboard take commands or start a rescan when closed; commands come only from new
 * comments (`issue_comment.created`; an edited comment does nothing) by people with write
 * access; refusals are rate-limited; webhooks with a bad signature are rejected by Probot and
 * counted here in the log.
 */
import type { Probot } from 'probot';
import type { RepoConfig } from '../config/schema.js';
import { ConfigError, describeError } from '../util/errors.js';
import { hasWriteAccess, parseCommand, reply } from './commands.js';
import type { Log } from './publish.js';
import { isOwnPull } from './pull-requests.js';
import { createRefusalLimiter } from './refusals.js';
import { DASHBOARD_TITLE, isRecheckTicked } from './render/dashboard.js';
import { repoJob, type JobReasons, type RepoJob } from './repo-job.js';
import { isRelevantPush } from './push-trigger.js';
import { readRepoConfig } from './repo-source.js';
import { formatRepo, type GitHub, type RepoRef } from './types.js';

/** Where jobs go (the job queue matches it). */
export interface JobSink {
  enqueue(job: RepoJob): Promise<void>;
}

/** What the webhook handlers need. */
export interface WebhookDeps {
  queue: JobSink;
  /** The bot's login (`freshbase[bot]`), resolved once. */
  botLogin: () => Promise<string>;
  log: Log;
  /** FRESHBASE_DRY_RUN: replies are logged, not written (a repository's `dryRun: true` does the same). */
  dryRun: boolean;
  /** The clock refusals are rate-limited on. @default the system clock */
  now?: () => Date;
}

type Reasons = Partial<JobReasons> & Pick<JobReasons, 'triggers'>;

/** Registers the handlers on a Probot app. */
export function registerWebhooks(app: Probot, deps: WebhookDeps): void {
  const refusals = createRefusalLimiter({ now: deps.now ?? ((): Date => new Date()) });
  countRejectedWebhooks(app, deps.log);
  const enqueue = async (payload: { installation?: { id: number } }, repo: RepoRef, reasons: Reasons): Promise<void> => {
    const installationId = payload.installation?.id;
    if (installationId === undefined) {
      deps.log.warn({ repo: formatRepo(repo) }, 'webhook without an installation; nothing to do');
      return;
    }
    await deps.queue.enqueue(repoJob(installationId, repo, reasons));
  };
  /** Replies to a command, unless the repository (or the server) runs dry. */
  const answer = async (octokit: GitHub, repo: RepoRef, number: number, body: string): Promise<void> => {
    const dryRun =
      deps.dryRun ||
      (await readRepoConfig(octokit, repo).then(
        (config) => config.dryRun,
        () => false,
      ));
    if (dryRun) deps.log.info({ repo: formatRepo(repo), number }, 'dry run: reply not written');
    else await reply(octokit, repo, number, body);
  };

  app.on('installation.created', async ({ payload }) => {
    for (const repository of payload.repositories ?? [])
      await enqueue(payload, splitName(repository.full_name), { triggers: ['onboarding'] });
  });

  app.on('installation_repositories.added', async ({ payload }) => {
    for (const repository of payload.repositories_added)
      await enqueue(payload, splitName(repository.full_name), { triggers: ['onboarding'] });
  });

  app.on('push', async ({ payload, octokit }) => {
    if (payload.ref !== `refs/heads/${payload.repository.default_branch}`) return;
    const repo = splitName(payload.repository.full_name);
    const paths = payload.commits.flatMap((commit) => [...(commit.added ?? []), ...(commit.modified ?? []), ...(commit.removed ?? [])]);
    const readConfig = (): Promise<RepoConfig> =>
      readRepoConfig(octokit, repo).catch((error: unknown) => {
        if (!(error instanceof ConfigError)) deps.log.warn({ repo: formatRepo(repo), err: describeError(error) }, 'push: config not read');
        throw error;
      });
    if (!(await isRelevantPush({ paths, commits: payload.commits.length, readConfig }))) return;
    await enqueue(payload, repo, { triggers: ['push'] });
  });

  app.on('pull_request.closed', async ({ payload }) => {
    // A fork's pull request, or anyone else's, even on a `freshbase/` branch: nothing to rescan.
    if (!isOwnPull(payload.pull_request, splitName(payload.repository.full_name), await deps.botLogin())) return;
    await enqueue(payload, splitName(payload.repository.full_name), { triggers: ['pull-request-closed'] });
  });

  app.on('issues.edited', async ({ payload }) => {
    const { issue, repository } = payload;
    if (issue.title !== DASHBOARD_TITLE || issue.user?.login !== (await deps.botLogin()) || !isRecheckTicked(issue.body)) return;
    await enqueue(payload, splitName(repository.full_name), { triggers: ['command'] });
  });

  // Only new comments: `issue_comment.edited` is not handled, so editing an old comment never runs it again.
  app.on('issue_comment.created', async (context) => {
    const { issue, comment, repository } = context.payload;
    const login = comment.user?.login;
    if (comment.user?.type === 'Bot' || login === undefined) return;
    const command = parseCommand(comment.body);
    if (command === null || !(await isOwnIssue(issue, deps.botLogin))) return;
    const repo = splitName(repository.full_name);
    const octokit = context.octokit;
    if (!(await hasWriteAccess(octokit, repo, login))) {
      if (refusals.shouldReply({ repo: formatRepo(repo), number: issue.number, login }))
        await answer(octokit, repo, issue.number, `@${login} /freshbase commands need write access to this repository; nothing was done.`);
      else deps.log.info({ repo: formatRepo(repo), number: issue.number, login }, 'command refused again within the hour; no reply');
      return;
    }
    if (typeof command === 'object') {
      await answer(
        octokit,
        repo,
        issue.number,
        `@${login} unknown command \`${command.unknown}\`: use recheck, rebase, ignore or rebuild.`,
      );
      return;
    }
    const isPull = issue.pull_request !== undefined;
    try {
      const reasons = commandReasons(command, isPull, issue.number, login);
      if (reasons !== null) await enqueue(context.payload, repo, reasons);
      else
        await answer(
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

/** Whether commands work on this issue: freshbase's dashboard, or a pull request the app opened (it opens them only from the repository itself). */
async function isOwnIssue(
  issue: { user: { login: string } | null; title: string; pull_request?: unknown },
  botLogin: () => Promise<string>,
): Promise<boolean> {
  if (issue.user?.login !== (await botLogin())) return false;
  return issue.pull_request !== undefined || issue.title === DASHBOARD_TITLE;
}

/**
 * Counts webhooks Probot rejected for a bad signature (it answers 400 and runs no handler) and
 * logs each with the running count, the event name and the delivery id: never the payload, the
 * signature or the secret.
 */
function countRejectedWebhooks(app: Probot, log: Log): void {
  let rejected = 0;
  const field = (value: unknown): string => (typeof value === 'string' ? value.slice(0, 100) : '');
  app.onError((error) => {
    const errors: unknown[] = error instanceof AggregateError ? error.errors : [error];
    for (const failure of errors) {
      if (!(failure instanceof Error) || !failure.message.includes('signature does not match')) continue;
      rejected += 1;
      // @octokit/webhooks puts the delivery (id, event name, payload, signature) on the error it rejects.
      const event = (failure as { event?: { id?: unknown; name?: unknown } }).event;
      log.warn(
        { rejectedWebhooks: rejected, event: field(event?.name), delivery: field(event?.id) },
        'webhook rejected: its signature does not match WEBHOOK_SECRET',
      );
    }
  });
}

/** The reasons a command gives a job, or null when it was used where it does not work. */
function commandReasons(
  command: 'recheck' | 'rebase' | 'ignore' | 'rebuild',
  isPull: boolean,
  number: number,
  login: string,
): Reasons | null {
  if (command === 'recheck') return { triggers: ['command'] };
  if (command === 'rebase' && isPull) return { triggers: ['command'], rebase: [number] };
  if (command === 'ignore' && isPull) return { triggers: ['command'], ignore: [{ pr: number, by: login }] };
  if (command === 'rebuild' && !isPull) return { triggers: ['command'], rebuild: 'forced' };
  return null;
}

function splitName(fullName: string): RepoRef {
  const [owner = '', name = ''] = fullName.split('/');
  return { owner, name };
}
