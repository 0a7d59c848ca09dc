/**
 * Webhook handling: which events start a repository job, and the `/freshbase` commands. Each
 * handler turns its event into job data and enqueues it, keyed by repository, so one
 * repository never has two runs at once; a job enqueued while another waits or runs is merged
 * into one follow-up run with the reasons of both. A push rescans when it changes a file a scan
 * reads (push-trigger.ts; it reads the config only when no path has a default name). Probot's
 * `Context` stays here and in app.ts.
 *
 * A handler makes no GitHub or registry call (but a push that names no default path, whose
 * config is read): it reads the payload, enqueues, and GitHub gets its answer at once. Whatever
 * needs GitHub (is the issue freshbase's, may the commenter use commands, the answers) happens
 * in the job (`command-requests.ts`). Each job carries the delivery's `X-GitHub-Delivery` id, so a
 * redelivered webhook is accepted once; when the queue cannot take a job (Redis down) the handler
 * throws its 503, and GitHub shows the delivery failed.
 *
 * Trust: only freshbase's own pull requests (opened by the app, from the repository itself) and
 * its dashboard take commands or start a rescan when closed; commands come only from new
 * comments (`issue_comment.created`; an edited comment does nothing); webhooks with a bad
 * signature are rejected by Probot and counted here in the log.
 */
import type { Probot } from 'probot';
import type { RepoConfig } from '../config/schema.js';
import { ConfigError, describeError } from '../util/errors.js';
import { parseCommand } from './commands.js';
import type { Log } from './publish.js';
import { BRANCH_PREFIX } from './pull-requests.js';
import { isRelevantPush } from './push-trigger.js';
import { DASHBOARD_TITLE, isRecheckTicked } from './render/dashboard.js';
import { repoJob, type JobReasons, type RepoJob } from './repo-job.js';
import { readRepoConfig } from './repo-source.js';
import { formatRepo, type RepoRef } from './types.js';

/** Where jobs go (the job queue matches it): `id` is the webhook's delivery id. */
export interface JobSink {
  enqueue(job: RepoJob, options?: { id?: string }): Promise<void>;
}

/** What the webhook handlers need. */
export interface WebhookDeps {
  queue: JobSink;
  log: Log;
}

type Reasons = Partial<JobReasons> & Pick<JobReasons, 'triggers'>;

/** Registers the handlers on a Probot app. */
export function registerWebhooks(app: Probot, deps: WebhookDeps): void {
  countRejectedWebhooks(app, deps.log);
  const enqueue = async (
    event: { id: string; name: string; payload: { installation?: { id: number } } },
    repo: RepoRef,
    reasons: Reasons,
  ): Promise<void> => {
    const installationId = event.payload.installation?.id;
    const where = { repo: formatRepo(repo), installation: installationId, delivery: event.id, event: event.name };
    if (installationId === undefined) {
      deps.log.warn(where, 'webhook without an installation; nothing to do');
      return;
    }
    await deps.queue.enqueue(repoJob(installationId, repo, reasons), { id: event.id });
    deps.log.info(where, 'webhook queued');
  };

  app.on('installation.created', async (context) => {
    for (const repository of context.payload.repositories ?? [])
      await enqueue(context, splitName(repository.full_name), { triggers: ['onboarding'] });
  });

  app.on('installation_repositories.added', async (context) => {
    for (const repository of context.payload.repositories_added)
      await enqueue(context, splitName(repository.full_name), { triggers: ['onboarding'] });
  });

  app.on('push', async (context) => {
    const { payload, octokit } = context;
    if (payload.ref !== `refs/heads/${payload.repository.default_branch}`) return;
    const repo = splitName(payload.repository.full_name);
    const paths = payload.commits.flatMap((commit) => [...(commit.added ?? []), ...(commit.modified ?? []), ...(commit.removed ?? [])]);
    const readConfig = (): Promise<RepoConfig> =>
      readRepoConfig(octokit, repo).catch((error: unknown) => {
        if (!(error instanceof ConfigError)) deps.log.warn({ repo: formatRepo(repo), err: describeError(error) }, 'push: config not read');
        throw error;
      });
    if (!(await isRelevantPush({ paths, commits: payload.commits.length, readConfig }))) return;
    await enqueue(context, repo, { triggers: ['push'] });
  });

  app.on('pull_request.closed', async (context) => {
    const { pull_request: pull, repository } = context.payload;
    // A fork's pull request, or a person's, even on a `freshbase/` branch: nothing to rescan.
    if (!isBotPullOfRepo(pull, repository.full_name)) return;
    await enqueue(context, splitName(repository.full_name), { triggers: ['pull-request-closed'] });
  });

  app.on('issues.edited', async (context) => {
    const { issue, repository, sender } = context.payload;
    if (issue.title !== DASHBOARD_TITLE || issue.user === null || !isRecheckTicked(issue.body)) return;
    const request = {
      issue: issue.number,
      isPull: false,
      by: sender.login,
      issueAuthor: issue.user.login,
      command: 'recheck',
      via: 'dashboard',
    } as const;
    await enqueue(context, splitName(repository.full_name), { triggers: ['command'], commands: [request] });
  });

  // Only new comments: `issue_comment.edited` is not handled, so editing an old comment never runs it again.
  app.on('issue_comment.created', async (context) => {
    const { issue, comment, repository } = context.payload;
    const login = comment.user?.login;
    if (comment.user?.type === 'Bot' || login === undefined) return;
    const command = parseCommand(comment.body);
    // Commands work on pull requests and on the dashboard; the job checks that either is freshbase's.
    if (command === null || (issue.pull_request === undefined && issue.title !== DASHBOARD_TITLE)) return;
    const request = {
      issue: issue.number,
      isPull: issue.pull_request !== undefined,
      by: login,
      issueAuthor: issue.user.login,
      command,
      via: 'comment',
    } as const;
    await enqueue(context, splitName(repository.full_name), { triggers: ['command'], commands: [request] });
  });
}

/**
 * Whether a closed pull request may be freshbase's, from the payload alone: a bot's, on a
 * `freshbase/` branch of the repository itself, into it (the bot's exact login needs a request;
 * another bot's pull request on such a branch costs one needless rescan, never a write).
 */
function isBotPullOfRepo(
  pull: {
    user: { type?: string } | null;
    head: { ref: string; repo: { full_name: string } | null };
    base: { repo: { full_name: string } };
  },
  fullName: string,
): boolean {
  const name = fullName.toLowerCase();
  return (
    pull.user?.type === 'Bot' &&
    pull.head.ref.startsWith(BRANCH_PREFIX) &&
    pull.head.repo?.full_name.toLowerCase() === name &&
    pull.base.repo.full_name.toLowerCase() === name
  );
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

function splitName(fullName: string): RepoRef {
  const [owner = '', name = ''] = fullName.split('/');
  return { owner, name };
}
