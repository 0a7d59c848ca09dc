/**
 * `/freshbase` commands in comments on freshbase's pull requests and dashboard, honoured
 * only from people with write access; `/freshbase ignore` closes only freshbase's own open
 * pull requests.
 */
import { isOwnPull } from './pull-requests.js';
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

/**
 * Carries out `/freshbase ignore` requests: closes each pull request and says who declined its
 * version. A pull request that is not freshbase's own (`isOwnPull`) or no longer open is left
 * alone; the numbers of those are returned.
 */
export async function closeIgnored(
  octokit: GitHub,
  repo: RepoRef,
  input: { requests: readonly { pr: number; by: string }[]; botLogin: string; signal?: AbortSignal },
): Promise<number[]> {
  const refused: number[] = [];
  for (const { pr, by } of input.requests) {
    input.signal?.throwIfAborted();
    const { data: pull } = await octokit.rest.pulls.get({ owner: repo.owner, repo: repo.name, pull_number: pr });
    if (pull.state !== 'open' || !isOwnPull(pull, repo, input.botLogin)) {
      refused.push(pr);
      continue;
    }
    await octokit.rest.pulls.update({ owner: repo.owner, repo: repo.name, pull_number: pr, state: 'closed' });
    await reply(octokit, repo, pr, `Ignored by @${by}: freshbase will not propose this version again.`);
  }
  return refused;
}
