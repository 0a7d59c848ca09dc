/**
 * Commits through the git data API (a tree on top of the base, then a commit), so GitHub
 * signs them and they show as verified. Branch refs are created or force-moved.
 */
import { statusOf, type GitHub, type RepoRef } from './types.js';

/** A file to write in a commit. */
export interface CommitFile {
  path: string;
  content: string;
  /** Git mode of the file (`100644`, `100755`). */
  mode: string;
}

/** Creates a commit with `files` changed on top of `baseSha`. Returns the commit sha. */
export async function createCommit(
  octokit: GitHub,
  repo: RepoRef,
  input: { baseSha: string; files: readonly CommitFile[]; message: string },
): Promise<string> {
  const { data: base } = await octokit.rest.git.getCommit({ owner: repo.owner, repo: repo.name, commit_sha: input.baseSha });
  const { data: tree } = await octokit.rest.git.createTree({
    owner: repo.owner,
    repo: repo.name,
    base_tree: base.tree.sha,
    tree: input.files.map((file) => ({ path: file.path, mode: file.mode as '100644', type: 'blob' as const, content: file.content })),
  });
  const { data: commit } = await octokit.rest.git.createCommit({
    owner: repo.owner,
    repo: repo.name,
    message: input.message,
    tree: tree.sha,
    parents: [input.baseSha],
  });
  return commit.sha;
}

/**
 * Points `heads/<branch>` at `sha`: moves it (force) when the caller knows it exists, else creates
 * it (and moves it after all when GitHub answers 422 because it appeared meanwhile).
 */
export async function setBranch(octokit: GitHub, repo: RepoRef, branch: string, sha: string, exists = false): Promise<void> {
  const move = (): Promise<unknown> =>
    octokit.rest.git.updateRef({ owner: repo.owner, repo: repo.name, ref: `heads/${branch}`, sha, force: true });
  if (exists) {
    await move();
    return;
  }
  try {
    await octokit.rest.git.createRef({ owner: repo.owner, repo: repo.name, ref: `refs/heads/${branch}`, sha });
  } catch (error: unknown) {
    if (statusOf(error) !== 422) throw error;
    await move();
  }
}

/** Deletes `heads/<branch>`; a branch already gone is fine. */
export async function deleteBranch(octokit: GitHub, repo: RepoRef, branch: string): Promise<void> {
  try {
    await octokit.rest.git.deleteRef({ owner: repo.owner, repo: repo.name, ref: `heads/${branch}` });
  } catch (error: unknown) {
    if (statusOf(error) !== 422 && statusOf(error) !== 404) throw error;
  }
}
