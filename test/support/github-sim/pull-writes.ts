/**
 * Owns pull-request lifecycle changes: opening one (with GitHub's validation) and merging
 * one (merge commit, squash or fast-forward, with a file-level three-way merge). Imports
 * state, `issue-writes`, `git-writes` and `git-tree-edit`. Must not deliver webhooks.
 */
import { ApiError, unprocessable } from './api-error.js';
import { mergeTrees } from './git-tree-edit.js';
import { personFor, setBranchTip, storeCommit } from './git-writes.js';
import { createIssue, setIssueState } from './issue-writes.js';
import { pullShas, type Account, type Issue, type Repo, type SimState } from './sim-state.js';

/** How {@link mergePull} combines head into base. */
export type MergeMethod = 'merge' | 'squash' | 'fast-forward';

/** Fields of a new pull request. `head` is `branch` or `owner:branch` (same repo), or a branch of `headRepo` (a fork). */
export interface NewPull {
  /** The fork whose branch `head` names; undefined for a branch of the repo itself. */
  readonly headRepo?: Repo;
  readonly title: string;
  readonly body: string | null;
  readonly head: string;
  readonly base: string;
  readonly draft: boolean;
  readonly user: Account;
}

function pullError(message: string): ApiError {
  return unprocessable('Validation Failed', [{ resource: 'PullRequest', code: 'custom', message }]);
}

function invalidField(field: 'head' | 'base'): ApiError {
  return unprocessable('Validation Failed', [{ resource: 'PullRequest', code: 'invalid', field }]);
}

/** Opens a pull request, rejecting what GitHub rejects (missing branches, duplicates, no commits). */
export function createPull(state: SimState, repo: Repo, fields: NewPull): Issue {
  const headRepo = fields.headRepo ?? repo;
  const colon = fields.head.indexOf(':');
  const owner = colon === -1 ? headRepo.owner.login : fields.head.slice(0, colon);
  const branch = fields.head.slice(colon + 1);
  if (owner.toLowerCase() !== headRepo.owner.login.toLowerCase()) throw invalidField('head');
  const head = headRepo.git.branchTip(branch);
  if (head === undefined) throw invalidField('head');
  const base = repo.git.branchTip(fields.base);
  if (base === undefined) throw invalidField('base');
  const duplicate = [...repo.issues.values()].some(
    (issue) =>
      issue.state === 'open' &&
      issue.pull?.headRef === branch &&
      issue.pull.headRepo === fields.headRepo &&
      issue.pull.baseRef === fields.base,
  );
  if (duplicate) throw pullError(`A pull request already exists for ${repo.owner.login}:${branch}.`);
  if (repo.git.isAncestor(head, base)) throw pullError(`No commits between ${fields.base} and ${branch}`);
  return createIssue(state, repo, {
    title: fields.title,
    body: fields.body,
    user: fields.user,
    pull: {
      id: state.nextId(),
      headRef: branch,
      ...(fields.headRepo === undefined ? {} : { headRepo: fields.headRepo }),
      baseRef: fields.base,
      draft: fields.draft,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      closedShas: null,
      requestedReviewers: [],
    },
  });
}

/**
 * Merges an open pull request as `by`; returns the new base tip. Throws 405 when it is
 * closed, conflicting, or (for `fast-forward`) base is not an ancestor of head.
 */
export function mergePull(state: SimState, repo: Repo, issue: Issue, options: { by: Account; method: MergeMethod }): string {
  const pull = issue.pull;
  if (pull === undefined || issue.state !== 'open') throw new ApiError(405, 'Pull Request is not mergeable');
  const { head, base } = pullShas(repo, pull);
  const fastForward = repo.git.isAncestor(base, head);
  const { method, by } = options;
  if (method === 'fast-forward' && !fastForward) {
    throw new ApiError(405, 'Pull Request is not mergeable: base is not an ancestor of head');
  }
  const result = method === 'fast-forward' ? head : createMergeCommit(state, repo, issue, { head, base, by, method });
  setBranchTip(state, repo, `refs/heads/${pull.baseRef}`, result);
  setIssueState(state, repo, issue, 'closed');
  pull.closedShas = { head, base };
  pull.merged = true;
  pull.mergedAt = state.now();
  pull.mergedBy = options.by;
  pull.mergeCommitSha = result;
  return result;
}

function createMergeCommit(
  state: SimState,
  repo: Repo,
  issue: Issue,
  options: { head: string; base: string; by: Account; method: 'merge' | 'squash' },
): string {
  const { head, base } = options;
  const mergeBase = repo.git.mergeBase(base, head);
  const treeOf = (sha: string | undefined): string => (sha === undefined ? '' : (repo.git.getCommit(sha)?.tree ?? ''));
  const merged = mergeTrees(repo.git, { base: treeOf(mergeBase), ours: treeOf(base), theirs: treeOf(head) });
  if (merged.tree === undefined) {
    throw new ApiError(405, `Pull Request is not mergeable: conflicts in ${merged.conflicts.join(', ')}`);
  }
  const now = state.now();
  const headRef = issue.pull?.headRef ?? '';
  const message =
    options.method === 'squash'
      ? `${issue.title} (#${issue.number})`
      : `Merge pull request #${issue.number} from ${repo.owner.login}/${headRef}\n\n${issue.title}`;
  return storeCommit(repo, {
    tree: merged.tree,
    parents: options.method === 'squash' ? [base] : [base, head],
    author: personFor(options.by, now),
    committer: { name: 'GitHub', email: 'noreply@github.com', date: now },
    message,
    signedByGitHub: true,
  });
}
