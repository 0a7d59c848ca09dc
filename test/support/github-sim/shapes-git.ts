/**
 * Owns the JSON shapes of git data (commits, trees, refs, blobs) and of the repos API's
 * commit and branch objects. Imports state and `shapes-repo`. Pure: never changes state.
 */
import { formatGitHubDate, type CommitData, type GitPerson } from './git-objects.js';
import type { PathEntry } from './git-store.js';
import { countLineChanges, diffTrees } from './git-tree-edit.js';
import { HTML_URL, toNodeId, type ShapeContext } from './shapes-repo.js';
import type { Account, Repo } from './sim-state.js';

function repoUrl(sc: ShapeContext, repo: Repo): string {
  return `${sc.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
}

function repoHtml(repo: Repo): string {
  return `${HTML_URL}/${repo.owner.login}/${repo.name}`;
}

/** The noreply e-mail GitHub gives an account: `<id>+<login>@users.noreply.github.com`. */
export function noreplyEmail(account: Account): string {
  return `${account.id}+${account.login}@users.noreply.github.com`;
}

function renderPerson(person: GitPerson): Record<string, unknown> {
  return { name: person.name, email: person.email, date: formatGitHubDate(person.date) };
}

function requireCommit(repo: Repo, sha: string): CommitData {
  const commit = repo.git.getCommit(sha);
  if (commit === undefined) throw new Error(`github-sim: ${sha} is not a commit`);
  return commit;
}

/** A git data commit (`GET /repos/{owner}/{repo}/git/commits/{commit_sha}`). */
export function renderGitCommit(sc: ShapeContext, repo: Repo, sha: string): Record<string, unknown> {
  const commit = requireCommit(repo, sha);
  const base = repoUrl(sc, repo);
  return {
    sha,
    node_id: toNodeId('Commit', sha),
    url: `${base}/git/commits/${sha}`,
    html_url: `${repoHtml(repo)}/commit/${sha}`,
    author: renderPerson(commit.author),
    committer: renderPerson(commit.committer),
    message: commit.message,
    tree: { sha: commit.tree, url: `${base}/git/trees/${commit.tree}` },
    parents: commit.parents.map((parent) => ({
      sha: parent,
      url: `${base}/git/commits/${parent}`,
      html_url: `${repoHtml(repo)}/commit/${parent}`,
    })),
    verification: commit.verification,
  };
}

/** A git reference (`GET /repos/{owner}/{repo}/git/ref/{ref}`). */
export function renderRef(sc: ShapeContext, repo: Repo, ref: string, sha: string): Record<string, unknown> {
  const base = repoUrl(sc, repo);
  return {
    ref,
    node_id: toNodeId('Ref', `${repo.id}:${ref}`),
    url: `${base}/git/${ref}`,
    object: { sha, type: 'commit', url: `${base}/git/commits/${sha}` },
  };
}

/** A tree entry as `GET .../git/trees/{tree_sha}` lists it. */
export function renderTreeEntry(sc: ShapeContext, repo: Repo, entry: PathEntry): Record<string, unknown> {
  const kind = entry.type === 'tree' ? 'trees' : 'blobs';
  return {
    path: entry.path,
    mode: entry.mode,
    type: entry.type,
    sha: entry.sha,
    ...(entry.size === undefined ? {} : { size: entry.size }),
    ...(entry.type === 'commit' ? {} : { url: `${repoUrl(sc, repo)}/git/${kind}/${entry.sha}` }),
  };
}

/** The `files` list of a compare or pull request: one entry per changed path. */
export function renderFileChanges(sc: ShapeContext, repo: Repo, fromCommit: string, toCommit: string): Record<string, unknown>[] {
  const before = repo.git.getCommit(fromCommit)?.tree;
  const after = requireCommit(repo, toCommit).tree;
  const diff = diffTrees(repo.git, before, after);
  const oldFiles = before === undefined ? new Map<string, PathEntry>() : repo.git.flattenTree(before);
  const newFiles = repo.git.flattenTree(after);
  const rows: [string, 'added' | 'modified' | 'removed'][] = [
    ...diff.added.map((path) => [path, 'added'] as [string, 'added']),
    ...diff.modified.map((path) => [path, 'modified'] as [string, 'modified']),
    ...diff.removed.map((path) => [path, 'removed'] as [string, 'removed']),
  ];
  return rows
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([filename, status]) => {
      const oldEntry = oldFiles.get(filename);
      const newEntry = newFiles.get(filename);
      const lines = countLineChanges(
        oldEntry === undefined ? undefined : repo.git.getBlob(oldEntry.sha),
        newEntry === undefined ? undefined : repo.git.getBlob(newEntry.sha),
      );
      return {
        sha: (newEntry ?? oldEntry)?.sha,
        filename,
        status,
        additions: lines.additions,
        deletions: lines.deletions,
        changes: lines.additions + lines.deletions,
        blob_url: `${repoHtml(repo)}/blob/${toCommit}/${filename}`,
        raw_url: `${repoHtml(repo)}/raw/${toCommit}/${filename}`,
        contents_url: `${repoUrl(sc, repo)}/contents/${filename}?ref=${toCommit}`,
      };
    });
}
