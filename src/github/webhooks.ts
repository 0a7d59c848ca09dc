/**
 * Webhook handling: which events start a repository job, and the `/freshbase` commands. Each
 * handler turns its event into job data and enqueues it, keyed by repository, so one
 * repository never has two runs at once; a job enqueued while another waits or runs is merged
 * into one follow-up run with the reasons of both. Probot's `Context` stays here and in app.ts.
 *
 * A handler makes no GitHub or registry call: it reads the payload, enqueues, and GitHub gets
 * its answer at once. Whatever needs GitHub (is the issue freshbase's, may the commenter use
 * commands, the answers) happens in the job (`command-requests.ts`). Each job carries the
 * delivery's `X-GitHub-Delivery` id, so a redelivered webhook is accepted once; when the queue
 * cannot take a job (Redis down) the handler throws its 503, and GitHub shows the delivery failed.
 */
import type { Probot } from 'probot';
import { createDockerfileMatcher } from '../dockerfile/index.js';
import { parseCommand } from './commands.js';
import type { Log } from './publish.js';
import { BRANCH_PREFIX } from './pull-requests.js';
import { DASHBOARD_TITLE, isRecheckTicked } from './render/dashboard.js';
import { repoJob, type JobReasons, type RepoJob } from './repo-job.js';
import { CONFIG_PATH } from './repo-source.js';
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
    const { payload } = context;
    if (payload.ref !== `refs/heads/${payload.repository.default_branch}`) return;
    const matches = createDockerfileMatcher();
    const touched = payload.commits.flatMap((commit) => [...(commit.added ?? []), ...(commit.modified ?? []), ...(commit.removed ?? [])]);
    if (!touched.some((path) => isRelevantPath(path, matches))) return;
    await enqueue(context, splitName(payload.repository.full_name), { triggers: ['push'] });
  });

  app.on('pull_request.closed', async (context) => {
    if (!context.payload.pull_request.head.ref.startsWith(BRANCH_PREFIX)) return;
    await enqueue(context, splitName(context.payload.repository.full_name), { triggers: ['pull-request-closed'] });
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

  app.on('issue_comment.created', async (context) => {
    const { issue, comment, repository } = context.payload;
    const login = comment.user?.login;
    if (comment.user?.type === 'Bot' || login === undefined) return;
    const command = parseCommand(comment.body);
    if (command === null) return;
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

/** Paths whose change makes a push worth a rescan: Dockerfiles, workflows, the config. */
function isRelevantPath(path: string, matches: (path: string) => boolean): boolean {
  return path === CONFIG_PATH || matches(path) || path.startsWith('.github/workflows/');
}

function splitName(fullName: string): RepoRef {
  const [owner = '', name = ''] = fullName.split('/');
  return { owner, name };
}
