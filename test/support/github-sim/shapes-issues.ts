/**
 * Owns the JSON shapes of issues, pull requests, labels and comments. Imports state,
 * `shapes-repo` and `shapes-git`. Pure: never changes state.
 */
import { formatGitHubDate } from './git-objects.js';
import { renderFileChanges } from './shapes-git.js';
import { HTML_URL, renderAccount, renderRepo, toNodeId, type ShapeContext } from './shapes-repo.js';
import { authorAssociation, pullShas, type Issue, type IssueComment, type Label, type Repo } from './sim-state.js';

const date = (value: Date | null): string | null => (value === null ? null : formatGitHubDate(value));

function repoUrl(sc: ShapeContext, repo: Repo): string {
  return `${sc.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
}

/** A label object. */
export function renderLabel(sc: ShapeContext, repo: Repo, label: Label): Record<string, unknown> {
  return {
    id: label.id,
    node_id: toNodeId('Label', label.id),
    url: `${repoUrl(sc, repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    description: label.description,
    default: false,
  };
}

function renderIssueLabels(sc: ShapeContext, repo: Repo, issue: Issue): Record<string, unknown>[] {
  return issue.labels.flatMap((name) => {
    const label = repo.labels.get(name.toLowerCase());
    return label === undefined ? [] : [renderLabel(sc, repo, label)];
  });
}

function renderLogins(sc: ShapeContext, logins: readonly string[]): Record<string, unknown>[] {
  return logins.map((login) => renderAccount(sc, sc.state.account(login)));
}

/** An issue object; pull requests get a `pull_request` block, as in GitHub's issue APIs. */
export function renderIssue(sc: ShapeContext, repo: Repo, issue: Issue): Record<string, unknown> {
  const url = `${repoUrl(sc, repo)}/issues/${issue.number}`;
  const html = `${HTML_URL}/${repo.owner.login}/${repo.name}/${issue.pull === undefined ? 'issues' : 'pull'}/${issue.number}`;
  const assignees = renderLogins(sc, issue.assignees);
  const pullRequest =
    issue.pull === undefined
      ? {}
      : {
          pull_request: {
            url: `${repoUrl(sc, repo)}/pulls/${issue.number}`,
            html_url: html,
            diff_url: `${html}.diff`,
            patch_url: `${html}.patch`,
            merged_at: date(issue.pull.mergedAt),
          },
          draft: issue.pull.draft,
        };
  return {
    id: issue.id,
    node_id: toNodeId('Issue', issue.id),
    url,
    repository_url: repoUrl(sc, repo),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    timeline_url: `${url}/timeline`,
    html_url: html,
    number: issue.number,
    state: issue.state,
    state_reason: issue.stateReason,
    title: issue.title,
    body: issue.body,
    user: renderAccount(sc, issue.user),
    labels: renderIssueLabels(sc, repo, issue),
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: issue.comments.length,
    created_at: formatGitHubDate(issue.createdAt),
    updated_at: formatGitHubDate(issue.updatedAt),
    closed_at: date(issue.closedAt),
    author_association: authorAssociation(repo, issue.user),
    reactions: noReactions(url),
    ...pullRequest,
  };
}

/** A reactions summary with none. */
function noReactions(url: string): Record<string, unknown> {
  const counts = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'eyes', 'rocket'].map((name): [string, number] => [name, 0]);
  return { url: `${url}/reactions`, total_count: 0, ...Object.fromEntries(counts) };
}

/**
 * A pull request. `full` adds what only `GET .../pulls/{pull_number}` returns (`merged`,
 * `mergeable`, `merged_by`, counts); list items lack them, as on GitHub.
 */
export function renderPull(sc: ShapeContext, repo: Repo, issue: Issue, full: boolean): Record<string, unknown> {
  const pull = issue.pull;
  if (pull === undefined) throw new Error(`github-sim: #${issue.number} is not a pull request`);
  const shas = pullShas(repo, pull);
  const url = `${repoUrl(sc, repo)}/pulls/${issue.number}`;
  const html = `${HTML_URL}/${repo.owner.login}/${repo.name}/pull/${issue.number}`;
  const side = (ref: string, sha: string, of: Repo = repo): Record<string, unknown> => ({
    label: `${of.owner.login}:${ref}`,
    ref,
    sha,
    user: renderAccount(sc, of.owner),
    repo: renderRepo(sc, of),
  });
  const simple = {
    url,
    id: pull.id,
    node_id: toNodeId('PullRequest', pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${repoUrl(sc, repo)}/issues/${issue.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoUrl(sc, repo)}/pulls/comments{/number}`,
    comments_url: `${repoUrl(sc, repo)}/issues/${issue.number}/comments`,
    statuses_url: `${repoUrl(sc, repo)}/statuses/${shas.head}`,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: renderAccount(sc, issue.user),
    body: issue.body,
    labels: renderIssueLabels(sc, repo, issue),
    milestone: null,
    active_lock_reason: null,
    created_at: formatGitHubDate(issue.createdAt),
    updated_at: formatGitHubDate(issue.updatedAt),
    closed_at: date(issue.closedAt),
    merged_at: date(pull.mergedAt),
    merge_commit_sha: pull.mergeCommitSha,
    assignee: renderLogins(sc, issue.assignees)[0] ?? null,
    assignees: renderLogins(sc, issue.assignees),
    requested_reviewers: renderLogins(sc, pull.requestedReviewers),
    requested_teams: [],
    head: side(pull.headRef, shas.head, pull.headRepo),
    base: side(pull.baseRef, shas.base),
    author_association: authorAssociation(repo, issue.user),
    auto_merge: null,
    draft: pull.draft,
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: `${repoUrl(sc, repo)}/issues/${issue.number}` },
      comments: { href: `${repoUrl(sc, repo)}/issues/${issue.number}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${repoUrl(sc, repo)}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${repoUrl(sc, repo)}/statuses/${shas.head}` },
    },
  };
  if (!full) return simple;
  return { ...simple, ...pullDetails(sc, repo, issue, shas) };
}

function pullDetails(sc: ShapeContext, repo: Repo, issue: Issue, shas: { head: string; base: string }): Record<string, unknown> {
  const pull = issue.pull;
  if (pull === undefined) return {};
  const mergeBase = repo.git.mergeBase(shas.base, shas.head);
  const baseHistory = repo.git.ancestors(shas.base);
  const commits = [...repo.git.ancestors(shas.head)].filter((sha) => !baseHistory.has(sha)).length;
  const files = mergeBase === undefined ? [] : renderFileChanges(sc, repo, mergeBase, shas.head);
  const total = (key: 'additions' | 'deletions'): number => files.reduce((sum, file) => sum + Number(file[key]), 0);
  return {
    merged: pull.merged,
    mergeable: issue.state === 'open' ? true : null,
    rebaseable: issue.state === 'open' ? true : null,
    mergeable_state: issue.state === 'open' ? 'clean' : 'unknown',
    merged_by: pull.mergedBy === null ? null : renderAccount(sc, pull.mergedBy),
    comments: issue.comments.length,
    review_comments: 0,
    maintainer_can_modify: false,
    commits,
    additions: total('additions'),
    deletions: total('deletions'),
    changed_files: files.length,
  };
}

/** An issue comment. */
export function renderComment(sc: ShapeContext, repo: Repo, issue: Issue, comment: IssueComment): Record<string, unknown> {
  const kind = issue.pull === undefined ? 'issues' : 'pull';
  return {
    id: comment.id,
    node_id: toNodeId('IssueComment', comment.id),
    url: `${repoUrl(sc, repo)}/issues/comments/${comment.id}`,
    html_url: `${HTML_URL}/${repo.owner.login}/${repo.name}/${kind}/${issue.number}#issuecomment-${comment.id}`,
    issue_url: `${repoUrl(sc, repo)}/issues/${issue.number}`,
    body: comment.body,
    user: renderAccount(sc, comment.user),
    created_at: formatGitHubDate(comment.createdAt),
    updated_at: formatGitHubDate(comment.updatedAt),
    author_association: authorAssociation(repo, comment.user),
    performed_via_github_app: null,
    reactions: noReactions(`${repoUrl(sc, repo)}/issues/comments/${comment.id}`),
  };
}
