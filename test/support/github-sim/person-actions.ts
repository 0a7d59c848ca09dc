/**
 * Owns what people (and GitHub itself) do outside the API in scenario tests: pushing
 * commits, merging or closing pull requests, commenting, editing issues, installing the
 * app. Each changes state and returns the webhook payload GitHub would send. Imports
 * state, writes and payload builders. Must not send anything.
 */
import { commitFileEdits, resolveAuthor, type CommitAuthor, type FileEdits } from './git-writes.js';
import { addComment, requireIssue, setIssueState } from './issue-writes.js';
import { mergePull, type MergeMethod } from './pull-writes.js';
import { addInstallation, type InstallationOptions } from './repo-seeding.js';
import type { ShapeContext } from './shapes-repo.js';
import type { RepoLike } from './sim-state.js';
import {
  buildInstallationCreated,
  buildInstallationRepositoriesAdded,
  buildIssueCommentCreated,
  buildIssuesEdited,
  buildPullRequestClosed,
  buildPush,
  ZERO_SHA,
  type WebhookPayload,
} from './webhook-payloads.js';

/** A webhook to send: event name and payload. */
export interface PendingWebhook {
  readonly event: string;
  readonly payload: WebhookPayload;
}

/** Options of {@link pushCommit}. */
export interface PushOptions {
  readonly message: string;
  /** @default { login: repo owner } */
  readonly author?: CommitAuthor;
  /** Mark the commit as signed and verified. @default false */
  readonly verified?: boolean;
}

/** Commits file edits on a branch as a person and returns the `push` webhook. */
export function pushCommit(
  sc: ShapeContext,
  repoLike: RepoLike,
  push: { branch: string; files: FileEdits } & PushOptions,
): { sha: string; webhook: PendingWebhook } {
  const { state } = sc;
  const repo = state.getRepo(repoLike);
  const before = repo.git.branchTip(push.branch) ?? ZERO_SHA;
  const author = resolveAuthor(state, push.author ?? { login: repo.owner.login }, state.now());
  const sha = commitFileEdits(state, repo, {
    branch: push.branch,
    files: push.files,
    message: push.message,
    author,
    ...(push.verified === undefined ? {} : { verified: push.verified }),
  });
  const pusher = push.author !== undefined && 'login' in push.author ? push.author.login : repo.owner.login;
  const sender = state.account(pusher);
  const payload = buildPush(sc, repo, { ref: `refs/heads/${push.branch}`, before, after: sha, sender });
  return { sha, webhook: { event: 'push', payload } };
}

/** Options of {@link mergePullRequest}. */
export interface MergeOptions {
  /** Login of the person merging. */
  readonly by: string;
  /** @default 'merge' */
  readonly method?: MergeMethod;
}

/** Merges a pull request as a person; returns the new base tip, `pull_request.closed` and the base `push`. */
export function mergePullRequest(
  sc: ShapeContext,
  repoLike: RepoLike,
  number: number,
  options: MergeOptions,
): { sha: string; webhooks: [PendingWebhook, PendingWebhook] } {
  const repo = sc.state.getRepo(repoLike);
  const issue = requireIssue(repo, number);
  const by = sc.state.account(options.by);
  const baseRef = issue.pull?.baseRef ?? repo.defaultBranch;
  const before = repo.git.branchTip(baseRef) ?? ZERO_SHA;
  const sha = mergePull(sc.state, repo, issue, { by, method: options.method ?? 'merge' });
  const closed = { event: 'pull_request', payload: buildPullRequestClosed(sc, repo, issue, by) };
  const pushPayload = buildPush(sc, repo, { ref: `refs/heads/${baseRef}`, before, after: sha, sender: by });
  const push = { event: 'push', payload: pushPayload };
  return { sha, webhooks: [closed, push] };
}

/** Closes a pull request without merging, as a person. */
export function closePullRequest(sc: ShapeContext, repoLike: RepoLike, number: number, options: { by: string }): PendingWebhook {
  const repo = sc.state.getRepo(repoLike);
  const issue = requireIssue(repo, number);
  if (issue.pull === undefined) throw new Error(`github-sim: #${number} is an issue, not a pull request`);
  const by = sc.state.account(options.by);
  setIssueState(sc.state, repo, issue, 'closed');
  return { event: 'pull_request', payload: buildPullRequestClosed(sc, repo, issue, by) };
}

/** Comments on an issue or pull request as a person. */
export function commentOnIssue(
  sc: ShapeContext,
  repoLike: RepoLike,
  number: number,
  options: { by: string; body: string },
): { id: number; webhook: PendingWebhook } {
  const repo = sc.state.getRepo(repoLike);
  const issue = requireIssue(repo, number);
  const comment = addComment(sc.state, issue, options.body, sc.state.account(options.by));
  return { id: comment.id, webhook: { event: 'issue_comment', payload: buildIssueCommentCreated(sc, repo, issue, comment) } };
}

/** Edits an issue's title and/or body as a person (e.g. ticks a dashboard checkbox). */
export function editIssue(
  sc: ShapeContext,
  repoLike: RepoLike,
  number: number,
  options: { by: string; title?: string; body?: string },
): PendingWebhook {
  const repo = sc.state.getRepo(repoLike);
  const issue = requireIssue(repo, number);
  const changes: { title?: string; body?: string | null } = {};
  if (options.title !== undefined) {
    changes.title = issue.title;
    issue.title = options.title;
  }
  if (options.body !== undefined) {
    changes.body = issue.body;
    issue.body = options.body;
  }
  issue.updatedAt = sc.state.now();
  const sender = sc.state.account(options.by);
  return { event: 'issues', payload: buildIssuesEdited(sc, repo, issue, { changes, sender }) };
}

/** Installs the app as `by` and returns `installation.created`. */
export function installApp(sc: ShapeContext, options: InstallationOptions & { by: string }): { id: number; webhook: PendingWebhook } {
  const installation = addInstallation(sc.state, options);
  const payload = buildInstallationCreated(sc, installation, sc.state.account(options.by));
  return { id: installation.id, webhook: { event: 'installation', payload } };
}

/** Adds repos to a `selected` installation and returns `installation_repositories.added`. */
export function addInstallationRepos(
  sc: ShapeContext,
  installationId: number,
  options: { names: readonly string[]; by: string },
): PendingWebhook {
  const installation = sc.state.installations.get(installationId);
  if (installation === undefined) throw new Error(`github-sim: no installation ${installationId}`);
  for (const name of options.names) installation.repositories.add(name.toLowerCase());
  const added = options.names.map((name) => sc.state.getRepo({ owner: installation.account.login, name }));
  const payload = buildInstallationRepositoriesAdded(sc, installation, added, sc.state.account(options.by));
  return { event: 'installation_repositories', payload };
}
