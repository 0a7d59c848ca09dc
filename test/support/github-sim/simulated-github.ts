/**
 * Owns the test-facing view of simulated GitHub state: arranging repos, installations,
 * branches, issues and pull requests, and reading them back. No server, no webhooks (see
 * `simulator.ts`, which extends this). Imports state and write modules.
 */
import { commitFileEdits, resolveAuthor, type CommitAuthor, type FileEdits } from './git-writes.js';
import { createIssue } from './issue-writes.js';
import { createPull } from './pull-writes.js';
import { addInstallation, getBranchFiles, readFile, seedRepo, type InstallationOptions, type SeedRepoOptions } from './repo-seeding.js';
import type { CollaboratorRole, Installation, Issue, Repo, RepoLike, SimState, WorkflowRun } from './sim-state.js';

/** Arrange and inspect helpers over a {@link SimState}. */
export class SimulatedGitHub {
  /** The in-memory world; mutate freely (e.g. `sim.getRepo('o/r').archived = true`). */
  readonly state: SimState;

  constructor(state: SimState) {
    this.state = state;
  }

  /** Recursive tree listings with more entries come back `truncated: true`. @default 100_000 */
  get truncateTreesOver(): number {
    return this.state.truncateTreesOver;
  }

  set truncateTreesOver(limit: number) {
    this.state.truncateTreesOver = limit;
  }

  /** Installs the app on an account (no webhook; `GitHubSimulator.installApp` sends one). */
  addInstallation(options: InstallationOptions): Installation {
    return addInstallation(this.state, options);
  }

  /** Creates a repo with an initial commit of `files` on the default branch. */
  seedRepo(options: SeedRepoOptions): Repo {
    return seedRepo(this.state, options);
  }

  /** The repo; throws when it was not seeded. */
  getRepo(repo: RepoLike): Repo {
    return this.state.getRepo(repo);
  }

  /** Gives a user a role on a repo (for the permission endpoint, assignees, reviewers). */
  addCollaborator(repo: RepoLike, login: string, role: CollaboratorRole): void {
    this.state.account(login);
    this.getRepo(repo).collaborators.set(login.toLowerCase(), role);
  }

  /** Commits files as a person, without a webhook; returns the commit id. `null` deletes a file. */
  commitFiles(repo: RepoLike, branch: string, files: FileEdits, options: { message: string; author?: CommitAuthor }): string {
    const target = this.getRepo(repo);
    const author = resolveAuthor(this.state, options.author ?? { login: target.owner.login }, this.state.now());
    return commitFileEdits(this.state, target, { branch, files, message: options.message, author });
  }

  /** Creates `branch` pointing where `from` (branch, tag or commit; default branch if omitted) points. */
  createBranch(repo: RepoLike, branch: string, from?: string): string {
    const target = this.getRepo(repo);
    const sha = target.git.resolveCommitish(from ?? target.defaultBranch);
    if (sha === undefined) throw new Error(`github-sim: cannot resolve ${from ?? target.defaultBranch}`);
    target.git.refs.set(`refs/heads/${branch}`, sha);
    return sha;
  }

  /** The text of a file at a branch, tag or commit, or undefined. */
  readFile(repo: RepoLike, ref: string, path: string): string | undefined {
    return readFile(this.state, repo, ref, path);
  }

  /** All files on a branch as `{ path: text }`. */
  getBranchFiles(repo: RepoLike, branch: string): Record<string, string> {
    return getBranchFiles(this.state, repo, branch);
  }

  /** Opens an issue without a webhook (arrange step); `by` defaults to the app's bot. */
  createIssue(repo: RepoLike, fields: { title: string; body?: string; labels?: readonly string[]; by?: string }): Issue {
    const user = fields.by === undefined ? this.state.app.bot : this.state.account(fields.by);
    const target = this.getRepo(repo);
    const body = fields.body ?? null;
    return createIssue(this.state, target, { title: fields.title, body, user, labels: fields.labels ?? [] });
  }

  /**
   * Opens a pull request without a webhook (arrange step); `by` defaults to the app's bot. With
   * `fromFork` (a seeded fork, `owner/name`), `head` is a branch of that fork.
   */
  createPullRequest(
    repo: RepoLike,
    fields: { head: string; base?: string; title: string; body?: string; by?: string; fromFork?: RepoLike },
  ): Issue {
    const user = fields.by === undefined ? this.state.app.bot : this.state.account(fields.by);
    const target = this.getRepo(repo);
    const base = fields.base ?? target.defaultBranch;
    const { title, head } = fields;
    const fork = fields.fromFork === undefined ? {} : { headRepo: this.getRepo(fields.fromFork) };
    return createPull(this.state, target, { title, body: fields.body ?? null, head, base, draft: false, user, ...fork });
  }

  /** Pull requests of a repo (issues with `pull`), by number. */
  listPullRequests(repo: RepoLike): Issue[] {
    return [...this.getRepo(repo).issues.values()].filter((issue) => issue.pull !== undefined);
  }

  /** Plain issues of a repo (no pull requests), by number. */
  listIssues(repo: RepoLike): Issue[] {
    return [...this.getRepo(repo).issues.values()].filter((issue) => issue.pull === undefined);
  }

  /** Workflow runs of a repo, oldest first. */
  listRuns(repo: RepoLike): readonly WorkflowRun[] {
    return this.getRepo(repo).runs;
  }

  /** Finishes a workflow run. */
  completeRun(runId: number, conclusion: 'success' | 'failure' | 'cancelled'): void {
    const run = [...this.state.repos.values()].flatMap((repo) => repo.runs).find((candidate) => candidate.id === runId);
    if (run === undefined) throw new Error(`github-sim: no workflow run ${runId}`);
    run.status = 'completed';
    run.conclusion = conclusion;
    run.updatedAt = this.state.now();
  }
}
