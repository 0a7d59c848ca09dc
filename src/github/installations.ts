/**
 * Installations and their repositories, for scheduling every repository at start-up,
 * and the little a schedule needs from a repository (its config and last scheduled pass).
 */
import type { RepoConfig } from '../config/schema.js';
import { describeError, isFreshbaseError } from '../util/errors.js';
import { findDashboard } from './dashboard.js';
import { readRepoConfig } from './repo-source.js';
import type { GitHub, RepoRef } from './types.js';

/** A repository and the installation that reaches it. */
export interface InstalledRepo {
  installationId: number;
  repo: RepoRef;
}

/** Every repository of every installation (app-authenticated Octokit for the list, installation ones per installation). */
export async function listInstalledRepos(appOctokit: GitHub, auth: (installationId: number) => Promise<GitHub>): Promise<InstalledRepo[]> {
  const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, { per_page: 100 });
  const out: InstalledRepo[] = [];
  for (const installation of installations) {
    const octokit = await auth(installation.id);
    const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
    for (const repo of repos)
      if (!repo.archived) out.push({ installationId: installation.id, repo: { owner: repo.owner.login, name: repo.name } });
  }
  return out;
}

/** What scheduling needs from a repository. */
export interface ScheduleInfo {
  /** The config; null when it is invalid (`problem` says why). */
  config: RepoConfig | null;
  problem?: string;
  /** When the last scheduled pass ran, as the dashboard records it. */
  lastPassAt: Date | null;
  /** When the next one was due, as the last pass recorded it. */
  nextPassAt: Date | null;
}

/** Reads the config and the dashboard's record of scheduled passes. */
export async function readScheduleInfo(octokit: GitHub, repo: RepoRef, botLogin: string): Promise<ScheduleInfo> {
  let config: RepoConfig | null = null;
  let problem: string | undefined;
  try {
    config = await readRepoConfig(octokit, repo);
  } catch (error: unknown) {
    if (!isFreshbaseError(error)) throw error;
    problem = describeError(error);
  }
  const state = (await findDashboard(octokit, repo, botLogin))?.state;
  const dateOf = (text: string | undefined): Date | null => (text === undefined ? null : new Date(text));
  return {
    config,
    lastPassAt: dateOf(state?.scheduledAt),
    nextPassAt: dateOf(state?.nextScheduledAt),
    ...(problem === undefined ? {} : { problem }),
  };
}
