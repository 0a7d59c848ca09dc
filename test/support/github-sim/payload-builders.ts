/**
 * Owns the test-facing webhook payload builders: resolve names and numbers to state, then
 * call the pure builders in `webhook-payloads`. Imports state and payload builders.
 */
import type { ShapeContext } from './shapes-repo.js';
import type { Installation, Issue, Repo, RepoLike } from './sim-state.js';
import * as payloads from './webhook-payloads.js';

/** Builders of webhook payloads from current state (nothing changes, nothing is sent). */
export interface PayloadBuilders {
  installationCreated(installationId: number, sender: string): payloads.WebhookPayload;
  installationRepositoriesAdded(installationId: number, repos: readonly string[], sender: string): payloads.WebhookPayload;
  push(repo: RepoLike, push: { ref: string; before: string; after: string; sender: string; forced?: boolean }): payloads.WebhookPayload;
  pullRequestClosed(repo: RepoLike, number: number, sender: string): payloads.WebhookPayload;
  issueCommentCreated(repo: RepoLike, number: number, commentId: number): payloads.WebhookPayload;
  issuesEdited(
    repo: RepoLike,
    number: number,
    edit: { changes: { title?: string; body?: string | null }; sender: string },
  ): payloads.WebhookPayload;
}

/** Builders bound to the simulator's state. */
export function createPayloadBuilders(sc: ShapeContext): PayloadBuilders {
  const { state } = sc;
  const installation = (id: number): Installation => {
    const found = state.installations.get(id);
    if (found === undefined) throw new Error(`github-sim: no installation ${id}`);
    return found;
  };
  const issue = (repo: Repo, number: number): Issue => {
    const found = repo.issues.get(number);
    if (found === undefined) throw new Error(`github-sim: no issue #${number}`);
    return found;
  };
  return {
    installationCreated: (id, sender) => payloads.buildInstallationCreated(sc, installation(id), state.account(sender)),
    installationRepositoriesAdded: (id, names, sender) => {
      const target = installation(id);
      const repos = names.map((name) => state.getRepo({ owner: target.account.login, name }));
      return payloads.buildInstallationRepositoriesAdded(sc, target, repos, state.account(sender));
    },
    push: (repo, push) => payloads.buildPush(sc, state.getRepo(repo), { ...push, sender: state.account(push.sender) }),
    pullRequestClosed: (repo, number, sender) => {
      const target = state.getRepo(repo);
      return payloads.buildPullRequestClosed(sc, target, issue(target, number), state.account(sender));
    },
    issueCommentCreated: (repo, number, commentId) => {
      const target = state.getRepo(repo);
      const found = issue(target, number);
      const comment = found.comments.find((candidate) => candidate.id === commentId);
      if (comment === undefined) throw new Error(`github-sim: no comment ${commentId} on #${number}`);
      return payloads.buildIssueCommentCreated(sc, target, found, comment);
    },
    issuesEdited: (repo, number, edit) => {
      const target = state.getRepo(repo);
      const sender = state.account(edit.sender);
      return payloads.buildIssuesEdited(sc, target, issue(target, number), { changes: edit.changes, sender });
    },
  };
}
