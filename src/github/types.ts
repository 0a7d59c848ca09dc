/**
 * Types of the GitHub layer: the Octokit it is given (always Probot's, so GitHub
 * Enterprise Server, retries and throttling come with it) and a repository reference.
 */
import type { ProbotOctokit } from 'probot';

/** An installation-authenticated Octokit from Probot. */
export type GitHub = InstanceType<typeof ProbotOctokit>;

/** A GitHub repository. */
export interface RepoRef {
  owner: string;
  name: string;
}

/** The default branch at the moment a scan read it. */
export interface RepoSnapshot extends RepoRef {
  defaultBranch: string;
  /** Commit at the head of the default branch. */
  headSha: string;
  fork: boolean;
  private: boolean;
}

/** `owner/name`. */
export function formatRepo(repo: RepoRef): string {
  return `${repo.owner}/${repo.name}`;
}

/** The HTTP status of an Octokit request error, or undefined. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') return error.status;
  return undefined;
}
