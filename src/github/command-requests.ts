/**
 * Checking `/freshbase` commands inside the job, not in the webhook: the webhook only records
 * what was asked (a `CommandRequest`), so GitHub gets its answer at once, with no GitHub call
 * first. Here, with the installation's Octokit: the issue must be freshbase's, a commenter needs
 * write access, an unknown or misplaced command gets an answer, and what passes becomes reasons.
 *
 * Owns: `checkCommands`. May import: the files of github/. Must not: run the scan (it hands back
 * reasons), or write anything but the answers (a dry run logs them).
 */
import { hasWriteAccess, reply } from './commands.js';
import type { Log } from './publish.js';
import type { RefusalLimiter } from './refusals.js';
import type { CommandRequest, IgnoreRequest, JobReasons } from './repo-job.js';
import { readRepoConfig } from './repo-source.js';
import { formatRepo, type GitHub, type RepoRef } from './types.js';

/** What the checked commands ask of the run. */
export interface CheckedCommands {
  /** Commands that passed: something to do (recheck, rebase, ignore, rebuild). */
  honoured: number;
  rebase: number[];
  ignore: IgnoreRequest[];
  rebuild: JobReasons['rebuild'];
}

/** What checking needs. */
export interface CommandCheckDeps {
  octokit: GitHub;
  repo: RepoRef;
  botLogin: string;
  log: Log;
  /** FRESHBASE_DRY_RUN: answers are logged, not written (a repository's `dryRun: true` does the same). */
  dryRun: boolean;
  /** Refusals of people without write access, at most one per person per issue per window (none: every one answered). */
  refusals?: RefusalLimiter;
}

/** Checks each request in order; answers what it refuses. */
export async function checkCommands(requests: readonly CommandRequest[], deps: CommandCheckDeps): Promise<CheckedCommands> {
  const checked: CheckedCommands = { honoured: 0, rebase: [], ignore: [], rebuild: null };
  let dryRun: boolean | undefined;
  const answer = async (issue: number, body: string): Promise<void> => {
    dryRun ??=
      deps.dryRun ||
      (await readRepoConfig(deps.octokit, deps.repo).then(
        (config) => config.dryRun,
        () => false,
      ));
    if (dryRun) deps.log.info({ repo: formatRepo(deps.repo), number: issue }, 'dry run: reply not written');
    else await reply(deps.octokit, deps.repo, issue, body);
  };
  for (const request of requests) {
    const refusal = await refuse(request, deps);
    if (refusal === 'ignore') continue;
    if (refusal !== null) {
      const where = { repo: formatRepo(deps.repo), number: request.issue, login: request.by };
      if (!refusal.limited || (deps.refusals?.shouldReply(where) ?? true)) await answer(request.issue, refusal.answer);
      else deps.log.info(where, 'command refused again within the hour; no reply');
      continue;
    }
    const { command, isPull, issue, by } = request;
    if (typeof command === 'object') continue; // refused above
    if (command === 'rebase' && isPull) checked.rebase.push(issue);
    else if (command === 'ignore' && isPull) checked.ignore.push({ pr: issue, by });
    else if (command === 'rebuild' && !isPull) checked.rebuild = 'forced';
    else if (command !== 'recheck') {
      const where = command === 'rebuild' ? 'the dashboard' : "freshbase's pull requests";
      await answer(issue, `@${by} \`/freshbase ${command}\` works on ${where} only.`);
      continue;
    }
    checked.honoured += 1;
  }
  return checked;
}

/**
 * Null when the request may run; `ignore` when it is not for freshbase; else the answer refusing
 * it (`limited`: a refusal for lack of access, rate-limited per person and issue).
 */
async function refuse(request: CommandRequest, deps: CommandCheckDeps): Promise<{ answer: string; limited: boolean } | 'ignore' | null> {
  if (request.issueAuthor !== deps.botLogin) return 'ignore';
  if (request.via === 'comment' && !(await hasWriteAccess(deps.octokit, deps.repo, request.by)))
    return { answer: `@${request.by} /freshbase commands need write access to this repository; nothing was done.`, limited: true };
  if (typeof request.command === 'object')
    return {
      answer: `@${request.by} unknown command \`${request.command.unknown}\`: use recheck, rebase, ignore or rebuild.`,
      limited: false,
    };
  return null;
}
