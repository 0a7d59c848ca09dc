/**
 * Owns changing issues (and the issue half of pull requests): numbering, labels (created
 * on first use, as GitHub does for users with push access), assignees (collaborators
 * only), open/closed state and comments. Imports state. Shared by handlers and helpers.
 */
import { notFound, unprocessable } from './api-error.js';
import {
  pullShas,
  type Account,
  type Issue,
  type IssueComment,
  type Label,
  type PullRequest,
  type Repo,
  type SimState,
} from './sim-state.js';

/** The issue or pull request `number`, or 404. */
export function requireIssue(repo: Repo, number: number): Issue {
  const issue = repo.issues.get(number);
  if (issue === undefined) throw notFound();
  return issue;
}

/** The label named `name` (case-insensitive), created with GitHub's default color if missing. */
export function ensureLabel(state: SimState, repo: Repo, name: string, style: { color?: string; description?: string | null } = {}): Label {
  const existing = repo.labels.get(name.toLowerCase());
  if (existing !== undefined) return existing;
  const label: Label = { id: state.nextId(), name, color: style.color ?? 'ededed', description: style.description ?? null };
  repo.labels.set(name.toLowerCase(), label);
  return label;
}

/** Replaces the issue's labels. */
export function setLabels(state: SimState, repo: Repo, issue: Issue, names: readonly string[]): void {
  const labels = names.map((name) => ensureLabel(state, repo, name).name);
  issue.labels = [...new Set(labels)];
}

/** Adds labels to the issue (keeps existing ones). */
export function addLabels(state: SimState, repo: Repo, issue: Issue, names: readonly string[]): void {
  setLabels(state, repo, issue, [...issue.labels, ...names]);
}

/** Whether a login may be assigned or requested for review (owner or collaborator). */
export function isCollaborator(repo: Repo, login: string): boolean {
  return login.toLowerCase() === repo.owner.login.toLowerCase() || repo.collaborators.has(login.toLowerCase());
}

/** Replaces assignees; logins that are not collaborators are dropped, as GitHub does. */
export function setAssignees(state: SimState, repo: Repo, issue: Issue, logins: readonly string[]): void {
  const valid = logins.filter((login) => isCollaborator(repo, login)).map((login) => state.account(login).login);
  issue.assignees = [...new Set(valid)];
}

/** Creates an issue (or, with `pull`, a pull request) under the repo's next number. */
export function createIssue(
  state: SimState,
  repo: Repo,
  fields: {
    title: string;
    body: string | null;
    user: Account;
    labels?: readonly string[];
    assignees?: readonly string[];
    pull?: PullRequest;
  },
): Issue {
  const now = state.now();
  const issue: Issue = {
    id: state.nextId(),
    number: repo.issues.size + 1,
    title: fields.title,
    body: fields.body,
    state: 'open',
    stateReason: null,
    user: fields.user,
    labels: [],
    assignees: [],
    comments: [],
    createdAt: now,
    updatedAt: now,
    closedAt: null,
    ...(fields.pull === undefined ? {} : { pull: fields.pull }),
  };
  setLabels(state, repo, issue, fields.labels ?? []);
  setAssignees(state, repo, issue, fields.assignees ?? []);
  repo.issues.set(issue.number, issue);
  return issue;
}

/** Opens or closes an issue; closing a pull request freezes its head and base ids. */
export function setIssueState(
  state: SimState,
  repo: Repo,
  issue: Issue,
  next: 'open' | 'closed',
  reason?: 'completed' | 'not_planned' | 'reopened',
): void {
  if (issue.state === next) return;
  const pull = issue.pull;
  if (next === 'closed') {
    if (pull !== undefined) pull.closedShas = pullShas(repo, pull);
    issue.closedAt = state.now();
    issue.stateReason = pull === undefined ? (reason ?? 'completed') : null;
  } else {
    if (pull?.merged === true) throw stateUnchangeable('The pull request has been merged.');
    if (pull !== undefined && (pull.headRepo ?? repo).git.branchTip(pull.headRef) === undefined) {
      throw stateUnchangeable('The head branch was deleted.');
    }
    if (pull !== undefined) pull.closedShas = null;
    issue.closedAt = null;
    issue.stateReason = pull === undefined ? 'reopened' : null;
  }
  issue.state = next;
  issue.updatedAt = state.now();
}

function stateUnchangeable(why: string): Error {
  const detail = { resource: 'PullRequest', code: 'custom', field: 'state', message: `state cannot be changed. ${why}` };
  return unprocessable('Validation Failed', [detail]);
}

/** Adds a comment to an issue or pull request. */
export function addComment(state: SimState, issue: Issue, body: string, user: Account): IssueComment {
  const comment: IssueComment = { id: state.nextId(), body, user, createdAt: state.now(), updatedAt: state.now() };
  issue.comments.push(comment);
  issue.updatedAt = state.now();
  return comment;
}
