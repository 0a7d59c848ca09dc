/**
 * The writes of pull request maintenance: build a group's commit, open a pull request
 * with labels, reviewers and assignees (and bring an open one's back to them), close one with
 * a comment. Labels are looked up and created once per repository and pass.
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

/**
 * The labels of one repository and pass: each is looked up (and created when missing) once,
 * whichever pull request needs it first.
 */
export interface LabelKeeper {
  /** Makes sure `labels` exist in the repository. */
  ensure(labels: readonly string[]): Promise<void>;
}

/** Creates the label keeper of one pass. */
export function createLabelKeeper(octokit: GitHub, repo: RepoRef): LabelKeeper {
  const known = new Map<string, Promise<void>>();
  const ensureOne = async (name: string): Promise<void> => {
    try {
      await octokit.rest.issues.getLabel({ owner: repo.owner, repo: repo.name, name });
    } catch (error: unknown) {
      if (statusOf(error) !== 404) throw error;
      await octokit.rest.issues.createLabel({ owner: repo.owner, repo: repo.name, name, color: name === 'security' ? 'd73a4a' : '0366d6' });
    }
  };
  return {
    async ensure(labels) {
      for (const name of labels) {
        const key = name.toLowerCase();
        let pending = known.get(key);
        if (pending === undefined) {
          pending = ensureOne(name);
          known.set(key, pending);
          pending.catch(() => known.delete(key));
        }
        await pending;
      }
    },
  };
}

/** What an open pull request has of what freshbase sets on it (as `pulls.list` shows it). */
export interface PullExtras {
  labels: string[];
  assignees: string[];
  requestedReviewers: string[];
  requestedTeams: string[];
}

/** What freshbase wants on one of its pull requests besides its content. */
export interface PullSetup {
  labels: readonly string[];
  config: RepoConfig;
}

/**
 * Brings the labels, assignees and reviewers of pull request `number` to what `setup` asks,
 * writing only what is missing from `current` (nothing yet, for a new pull request): reviewers,
 * then assignees, then labels. Missing assignees and labels are added on every pass; reviewers
 * are requested again only while the set-up's last step (its labels, else its assignees) is
 * missing, so a crash between two writes heals and a review that took a request away is not
 * answered with a new request.
 */
export async function applySetup(
  octokit: GitHub,
  repo: RepoRef,
  input: { number: number; setup: PullSetup; current: PullExtras; labels: LabelKeeper },
): Promise<void> {
  const { number, setup, current } = input;
  const lower = (names: readonly string[]): Set<string> => new Set(names.map((name) => name.toLowerCase()));
  const missingLabels = setup.labels.filter((name) => !lower(current.labels).has(name.toLowerCase()));
  const { reviewers, teamReviewers, assignees } = setup.config.pullRequests;
  const missingAssignees = assignees.filter((login) => !lower(current.assignees).has(login.toLowerCase()));
  // The last step of the set-up that the config has tells whether it ran to the end (with only reviewers: it is taken as done).
  const incomplete =
    setup.labels.length > 0 ? missingLabels.length > 0 : missingAssignees.length > 0 && missingAssignees.length === assignees.length;
  const wantedReviewers = incomplete ? reviewers.filter((login) => !lower(current.requestedReviewers).has(login.toLowerCase())) : [];
  const wantedTeams = incomplete ? teamReviewers.filter((slug) => !lower(current.requestedTeams).has(slug.toLowerCase())) : [];
  if (wantedReviewers.length > 0 || wantedTeams.length > 0) {
    await octokit.rest.pulls
      .requestReviewers({
        owner: repo.owner,
        repo: repo.name,
        pull_number: number,
        reviewers: wantedReviewers,
        team_reviewers: wantedTeams,
      })
      .catch((error: unknown) => {
        if (statusOf(error) !== 422) throw error;
      });
  }
  if (missingAssignees.length > 0)
    await octokit.rest.issues.addAssignees({ owner: repo.owner, repo: repo.name, issue_number: number, assignees: missingAssignees });
  if (missingLabels.length === 0) return;
  await input.labels.ensure(missingLabels);
  await octokit.rest.issues.addLabels({ owner: repo.owner, repo: repo.name, issue_number: number, labels: missingLabels });
}

const NOTHING: PullExtras = { labels: [], assignees: [], requestedReviewers: [], requestedTeams: [] };

/** Opens a pull request for `branch` with the config's labels, reviewers and assignees. Returns its number and web address. */
export async function openPullRequest(
  octokit: GitHub,
  repo: RepoRef & { defaultBranch: string },
  input: { branch: string; title: string; body: string; setup: PullSetup; labels: LabelKeeper },
): Promise<{ number: number; url: string }> {
  const { data: pull } = await octokit.rest.pulls.create({
    owner: repo.owner,
    repo: repo.name,
    head: input.branch,
    base: repo.defaultBranch,
    title: input.title,
    body: input.body,
  });
  await applySetup(octokit, repo, { number: pull.number, setup: input.setup, current: NOTHING, labels: input.labels });
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
