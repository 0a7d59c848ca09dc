/**
 * The writes of pull request maintenance: build a group's commit, open a pull request
 * with labels, reviewers and assignees, update one, close one with a comment.
 */
import type { RepoConfig } from '../config/schema.js';
import { applyEdits } from '../refs/index.js';
import { editsByFile, type UpdateGroup } from '../plan/index.js';
import { createCommit, type CommitFile } from './commits.js';
import type { RepoFile } from './repo-source.js';
import { statusOf, type GitHub, type RepoRef } from './types.js';

/** Builds the commit that applies `group` on top of `baseSha`; files come from the scan of that commit. */
export async function commitGroup(
  octokit: GitHub,
  repo: RepoRef,
  input: { group: UpdateGroup; baseSha: string; files: ReadonlyMap<string, RepoFile>; title: string },
): Promise<string> {
  const files: CommitFile[] = [];
  for (const [path, edits] of editsByFile(input.group.items)) {
    const file = input.files.get(path);
    if (file === undefined) throw new Error(`${path} was not read by the scan`);
    const content = applyEdits(path, file.content, edits);
    if (content !== file.content) files.push({ path, content, mode: file.mode });
  }
  const message = `${input.title}\n\nUpdated by freshbase (group ${input.group.key}).`;
  return createCommit(octokit, repo, { baseSha: input.baseSha, files, message });
}

/** Makes sure the labels exist (creating missing ones) and puts them on the issue or pull request. */
export async function applyLabels(octokit: GitHub, repo: RepoRef, number: number, labels: readonly string[]): Promise<void> {
  if (labels.length === 0) return;
  for (const name of labels) {
    try {
      await octokit.rest.issues.getLabel({ owner: repo.owner, repo: repo.name, name });
    } catch (error: unknown) {
      if (statusOf(error) !== 404) throw error;
      await octokit.rest.issues.createLabel({ owner: repo.owner, repo: repo.name, name, color: name === 'security' ? 'd73a4a' : '0366d6' });
    }
  }
  await octokit.rest.issues.addLabels({ owner: repo.owner, repo: repo.name, issue_number: number, labels: [...labels] });
}

/** Opens a pull request for `branch` with the config's labels, reviewers and assignees. Returns its number and web address. */
export async function openPullRequest(
  octokit: GitHub,
  repo: RepoRef & { defaultBranch: string },
  input: { branch: string; title: string; body: string; config: RepoConfig; labels: readonly string[] },
): Promise<{ number: number; url: string }> {
  const { data: pull } = await octokit.rest.pulls.create({
    owner: repo.owner,
    repo: repo.name,
    head: input.branch,
    base: repo.defaultBranch,
    title: input.title,
    body: input.body,
  });
  await applyLabels(octokit, repo, pull.number, input.labels);
  const { reviewers, teamReviewers, assignees } = input.config.pullRequests;
  if (reviewers.length > 0 || teamReviewers.length > 0) {
    await octokit.rest.pulls
      .requestReviewers({ owner: repo.owner, repo: repo.name, pull_number: pull.number, reviewers, team_reviewers: teamReviewers })
      .catch((error: unknown) => {
        if (statusOf(error) !== 422) throw error;
      });
  }
  if (assignees.length > 0)
    await octokit.rest.issues.addAssignees({ owner: repo.owner, repo: repo.name, issue_number: pull.number, assignees });
  return { number: pull.number, url: pull.html_url };
}

/** Comments why, then closes the pull request (with `body`, when given, in the same call). */
export async function closePullRequest(
  octokit: GitHub,
  repo: RepoRef,
  input: { number: number; comment: string; body?: string },
): Promise<void> {
  await octokit.rest.issues.createComment({ owner: repo.owner, repo: repo.name, issue_number: input.number, body: input.comment });
  await octokit.rest.pulls.update({
    owner: repo.owner,
    repo: repo.name,
    pull_number: input.number,
    state: 'closed',
    ...(input.body === undefined ? {} : { body: input.body }),
  });
}
