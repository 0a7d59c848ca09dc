/**
 * `/freshbase` commands in comments on freshbase's pull requests and dashboard, honoured
 * only from people with write access.
 */
import { statusOf, type GitHub, type RepoRef } from './types.js';

/** The commands freshbase understands. */
export type Command = 'recheck' | 'rebase' | 'ignore' | 'rebuild';

const COMMANDS: readonly Command[] = ['recheck', 'rebase', 'ignore', 'rebuild'];

/** The first `/freshbase <command>` line of a comment, or null. */
export function parseCommand(body: string): Command | { unknown: string } | null {
  const match = /^\s*\/freshbase\s+([A-Za-z-]+)\b/m.exec(body);
  if (match === null) return null;
  const word = (match[1] ?? '').toLowerCase();
  return (COMMANDS as readonly string[]).includes(word) ? (word as Command) : { unknown: word };
}

/** Whether `login` may use commands: admin, maintain or write permission. */
export async function hasWriteAccess(octokit: GitHub, repo: RepoRef, login: string): Promise<boolean> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner: repo.owner, repo: repo.name, username: login });
    return data.permission === 'admin' || data.permission === 'write' || data.permission === 'maintain';
  } catch (error: unknown) {
    if (statusOf(error) === 404) return false;
    throw error;
  }
}

/** Replies on the issue or pull request. */
export async function reply(octokit: GitHub, repo: RepoRef, issueNumber: number, body: string): Promise<void> {
  await octokit.rest.issues.createComment({ owner: repo.owner, repo: repo.name, issue_number: issueNumber, body });
}

/** Carries out `/freshbase ignore` requests: closes each pull request and says who declined its version. */
export async function closeIgnored(octokit: GitHub, repo: RepoRef, requests: readonly { pr: number; by: string }[]): Promise<void> {
  for (const { pr, by } of requests) {
    await octokit.rest.pulls.update({ owner: repo.owner, repo: repo.name, pull_number: pr, state: 'closed' });
    await reply(octokit, repo, pr, `Ignored by @${by}: freshbase will not propose this version again.`);
  }
}
