/**
 * Owns writing commits and moving branches the way GitHub does, for both the git data
 * endpoints and test helpers: person-authored and app-authored (GitHub-signed) commits,
 * file-level commits on a branch, and branch updates. Imports state, git store and
 * tree edits. Must not deliver webhooks.
 */
import { unprocessable } from './api-error.js';
import { encodeCommit, formatGitHubDate, UNSIGNED, type CommitData, type GitPerson } from './git-objects.js';
import { applyTreeChanges, type TreeChange } from './git-tree-edit.js';
import { noreplyEmail } from './shapes-git.js';
import type { Account, Repo, SimState } from './sim-state.js';

/** Who wrote a commit: an account login (noreply e-mail) or an explicit name and e-mail. */
export type CommitAuthor = { readonly login: string } | { readonly name: string; readonly email: string };

/** File edits: content (string or bytes) sets a file, `null` deletes it. */
export type FileEdits = Readonly<Record<string, string | Buffer | null>>;

const SIMULATED_SIGNATURE = '-----BEGIN PGP SIGNATURE-----\n\nwsBcBAABCAAQBQJnc2ltdWxhdGVk\n-----END PGP SIGNATURE-----\n';

/** The git identity of an account (noreply e-mail). */
export function personFor(account: Account, date: Date): GitPerson {
  return { name: account.login, email: noreplyEmail(account), date };
}

/** Resolves a {@link CommitAuthor} to a git identity, creating the account if needed. */
export function resolveAuthor(state: SimState, author: CommitAuthor, date: Date): GitPerson {
  if ('login' in author) return personFor(state.account(author.login), date);
  return { name: author.name, email: author.email, date };
}

/**
 * Stores a commit. `signedByGitHub` adds a `gpgsig` and a `verified` verification block,
 * as GitHub does for commits an app creates through the API without a custom author.
 */
export function storeCommit(
  repo: Repo,
  fields: Omit<CommitData, 'verification' | 'signature'> & { readonly signature?: string; readonly signedByGitHub: boolean },
): string {
  const { signedByGitHub, ...commit } = fields;
  if (!signedByGitHub) {
    const verification = commit.signature === undefined ? UNSIGNED : { ...UNSIGNED, reason: 'unknown_key', signature: commit.signature };
    return repo.git.putCommit({ ...commit, verification });
  }
  const payload = encodeCommit({ ...commit, verification: UNSIGNED }).toString('utf8');
  return repo.git.putCommit({
    ...commit,
    signature: SIMULATED_SIGNATURE,
    verification: {
      verified: true,
      reason: 'valid',
      signature: SIMULATED_SIGNATURE,
      payload,
      verified_at: formatGitHubDate(commit.committer.date),
    },
  });
}

/** Turns file edits into tree changes (stores the blobs). */
export function fileEditsToChanges(repo: Repo, files: FileEdits): TreeChange[] {
  return Object.entries(files).map(([path, content]) => ({
    path,
    entry: content === null ? null : { mode: '100644', type: 'blob', sha: repo.git.putBlob(content) },
  }));
}

/**
 * Commits file edits on top of `branch` (created from the default branch, or as a root
 * commit in an empty repo, when missing) and moves the branch. Returns the commit id.
 */
export function commitFileEdits(
  state: SimState,
  repo: Repo,
  options: { branch: string; files: FileEdits; message: string; author: GitPerson; verified?: boolean },
): string {
  const parent = repo.git.branchTip(options.branch) ?? repo.git.branchTip(repo.defaultBranch);
  const baseTree = parent === undefined ? undefined : repo.git.getCommit(parent)?.tree;
  const tree = applyTreeChanges(repo.git, baseTree, fileEditsToChanges(repo, options.files));
  const sha = storeCommit(repo, {
    tree,
    parents: parent === undefined ? [] : [parent],
    author: options.author,
    committer: options.author,
    message: options.message,
    signedByGitHub: options.verified === true,
  });
  setBranchTip(state, repo, `refs/heads/${options.branch}`, sha);
  return sha;
}

/** Points a ref at a commit and records the push time. */
export function setBranchTip(state: SimState, repo: Repo, ref: string, sha: string): void {
  if (repo.git.getCommit(sha) === undefined) throw unprocessable('Object does not exist');
  repo.git.refs.set(ref, sha);
  repo.pushedAt = state.now();
}

/** Deletes a ref; open pull requests from that branch close, as on GitHub. */
export function deleteRef(state: SimState, repo: Repo, ref: string): void {
  if (!repo.git.refs.has(ref)) throw unprocessable('Reference does not exist');
  if (ref === `refs/heads/${repo.defaultBranch}`) throw unprocessable('Cannot delete the default branch');
  const branch = ref.replace(/^refs\/heads\//, '');
  const head = repo.git.refs.get(ref) ?? '';
  for (const issue of repo.issues.values()) {
    const pull = issue.pull;
    if (pull === undefined || issue.state !== 'open' || pull.headRef !== branch || pull.headRepo !== undefined) continue;
    pull.closedShas = { head, base: repo.git.branchTip(pull.baseRef) ?? head };
    issue.state = 'closed';
    issue.closedAt = state.now();
    issue.updatedAt = state.now();
  }
  repo.git.refs.delete(ref);
  repo.pushedAt = state.now();
}
