/**
 * The GitHub clients of the app: the bot's login (resolved once) and each installation's
 * Octokit, every request of them reported (metrics, the installation's rate-limit budget) and
 * every GET of an installation made conditional on the stored answer's ETag.
 *
 * Owns: `createGitHubClients`. May import: probot, the files of github/. Must not: keep anything
 * but the bot's login (answers live in the store it is given).
 */
import type { Probot } from 'probot';
import { withConditionalRequests, type ResponseStore } from './conditional-requests.js';
import { observeRequests, type ObservedRequest } from './request-hook.js';
import type { GitHub } from './types.js';

/** What `createGitHubClients` hands out. */
export interface GitHubClients {
  botLogin: () => Promise<string>;
  auth: (installationId: number) => Promise<GitHub>;
}

/** Creates the clients over Probot's app authentication. */
export function createGitHubClients(
  app: Probot,
  options: { observe: (request: ObservedRequest) => void; responses: ResponseStore },
): GitHubClients {
  const { observe, responses } = options;
  let bot: Promise<string> | undefined;
  return {
    botLogin: () => {
      bot ??= app
        .auth()
        .then((octokit) => observeRequests(octokit, 'app', observe).rest.apps.getAuthenticated())
        .then(({ data }) => `${data?.slug ?? 'freshbase'}[bot]`);
      bot.catch(() => (bot = undefined));
      return bot;
    },
    // The conditional layer wraps the observer: a 304 is seen (and counted) as GitHub sent it.
    auth: async (installationId) =>
      withConditionalRequests(observeRequests(await app.auth(installationId), String(installationId), observe), {
        store: responses,
        scope: String(installationId),
      }),
  };
}
