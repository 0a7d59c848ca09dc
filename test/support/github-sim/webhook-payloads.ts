/**
 * Owns building webhook payloads from simulator state for the events freshbase handles:
 * `installation.created`, `installation_repositories.added`, `push`,
 * `pull_request.closed`, `issue_comment.created`, `issues.edited`. Imports state, git
 * tree diffs and shapes. Pure: never changes state, never sends.
 */
import { diffTrees } from './git-tree-edit.js';
import { renderInstallation, renderAccount, renderRepo, toNodeId, HTML_URL, type ShapeContext } from './shapes-repo.js';
import { renderComment, renderIssue, renderPull } from './shapes-issues.js';
import { formatGitHubDate } from './git-objects.js';
import type { Account, Installation, Issue, IssueComment, Repo } from './sim-state.js';

/** A webhook body: plain JSON. */
export type WebhookPayload = Record<string, unknown>;

/** The all-zero id GitHub uses for a created or deleted ref's missing side. */
export const ZERO_SHA = '0000000000000000000000000000000000000000';

function miniRepo(repo: Repo): Record<string, unknown> {
  return {
    id: repo.id,
    node_id: toNodeId('Repository', repo.id),
    name: repo.name,
    full_name: `${repo.owner.login}/${repo.name}`,
    private: repo.private,
  };
}

function repoEnvelope(sc: ShapeContext, repo: Repo, sender: Account): WebhookPayload {
  const installation = sc.state.installationFor(repo);
  return {
    repository: renderRepo(sc, repo),
    sender: renderAccount(sc, sender),
    ...(installation === undefined ? {} : { installation: { id: installation.id, node_id: toNodeId('Installation', installation.id) } }),
  };
}

/** `installation` / `created`. */
export function buildInstallationCreated(sc: ShapeContext, installation: Installation, sender: Account): WebhookPayload {
  return {
    action: 'created',
    installation: renderInstallation(sc, installation),
    repositories: sc.state.installationRepos(installation).map(miniRepo),
    sender: renderAccount(sc, sender),
  };
}

/** `installation_repositories` / `added`. */
export function buildInstallationRepositoriesAdded(
  sc: ShapeContext,
  installation: Installation,
  added: readonly Repo[],
  sender: Account,
): WebhookPayload {
  return {
    action: 'added',
    installation: renderInstallation(sc, installation),
    repository_selection: installation.repositorySelection,
    repositories_added: added.map(miniRepo),
    repositories_removed: [],
    requester: null,
    sender: renderAccount(sc, sender),
  };
}

function pushCommit(repo: Repo, sha: string): Record<string, unknown> {
  const commit = repo.git.getCommit(sha);
  if (commit === undefined) throw new Error(`github-sim: ${sha} is not a commit`);
  const parentTree = commit.parents[0] === undefined ? undefined : repo.git.getCommit(commit.parents[0])?.tree;
  const diff = diffTrees(repo.git, parentTree, commit.tree);
  const person = (who: typeof commit.author): Record<string, unknown> => ({
    name: who.name,
    email: who.email,
    username: who.name,
  });
  return {
    id: sha,
    tree_id: commit.tree,
    distinct: true,
    message: commit.message,
    timestamp: formatGitHubDate(commit.committer.date),
    url: `${HTML_URL}/${repo.owner.login}/${repo.name}/commit/${sha}`,
    author: person(commit.author),
    committer: person(commit.committer),
    added: diff.added,
    removed: diff.removed,
    modified: diff.modified,
  };
}

/** `push` of `ref` from `before` to `after` (use {@link ZERO_SHA} for a created or deleted ref). */
export function buildPush(
  sc: ShapeContext,
  repo: Repo,
  push: { ref: string; before: string; after: string; sender: Account; forced?: boolean },
): WebhookPayload {
  const deleted = push.after === ZERO_SHA;
  const known = push.before === ZERO_SHA ? new Set<string>() : repo.git.ancestors(push.before);
  const fresh = deleted
    ? []
    : repo.git
        .log(push.after)
        .filter((sha) => !known.has(sha))
        .reverse();
  const commits = fresh.map((sha) => pushCommit(repo, sha));
  const repository = renderRepo(sc, repo);
  return {
    ref: push.ref,
    before: push.before,
    after: push.after,
    created: push.before === ZERO_SHA,
    deleted,
    forced: push.forced ?? false,
    base_ref: null,
    compare: `${HTML_URL}/${repo.owner.login}/${repo.name}/compare/${push.before.slice(0, 12)}...${push.after.slice(0, 12)}`,
    commits,
    head_commit: commits.at(-1) ?? null,
    pusher: { name: push.sender.login, email: `${push.sender.login}@users.noreply.github.com` },
    ...repoEnvelope(sc, repo, push.sender),
    repository: {
      ...repository,
      owner: { ...(repository.owner as Record<string, unknown>), name: repo.owner.login, email: null },
      created_at: Math.floor(repo.createdAt.getTime() / 1000),
      pushed_at: Math.floor(repo.pushedAt.getTime() / 1000),
      master_branch: repo.defaultBranch,
    },
  };
}

/** `pull_request` / `closed` (merged or not, as the state says). */
export function buildPullRequestClosed(sc: ShapeContext, repo: Repo, issue: Issue, sender: Account): WebhookPayload {
  return {
    action: 'closed',
    number: issue.number,
    pull_request: renderPull(sc, repo, issue, true),
    ...repoEnvelope(sc, repo, sender),
  };
}

/** `issue_comment` / `created`. */
export function buildIssueCommentCreated(sc: ShapeContext, repo: Repo, issue: Issue, comment: IssueComment): WebhookPayload {
  return {
    action: 'created',
    issue: renderIssue(sc, repo, issue),
    comment: renderComment(sc, repo, issue, comment),
    ...repoEnvelope(sc, repo, comment.user),
  };
}

/** `issues` / `edited`; `changes` holds the previous title and/or body. */
export function buildIssuesEdited(
  sc: ShapeContext,
  repo: Repo,
  issue: Issue,
  edit: { changes: { title?: string; body?: string | null }; sender: Account },
): WebhookPayload {
  const changes: Record<string, { from: string | null }> = {};
  if (edit.changes.title !== undefined) changes.title = { from: edit.changes.title };
  if (edit.changes.body !== undefined) changes.body = { from: edit.changes.body };
  return { action: 'edited', issue: renderIssue(sc, repo, issue), changes, ...repoEnvelope(sc, repo, edit.sender) };
}
