/**
 * Owns the pull request endpoints: list (state, head, base, paging), create, get, update
 * and review requests. Imports state, `pull-writes`, `issue-writes` and shapes.
 */
import { notFound, unprocessable } from './api-error.js';
import { isCollaborator, requireIssue, setIssueState } from './issue-writes.js';
import { sortIssues } from './handlers-issues.js';
import { paginate } from './paginate.js';
import { createPull } from './pull-writes.js';
import { BodyReader } from './request-body.js';
import { json, withInstallationToken, type HandlerContext, type HandlerResult, type RouteHandlers } from './route-handler.js';
import { renderPull } from './shapes-issues.js';
import type { Issue, Repo } from './sim-state.js';

function requirePull(ctx: HandlerContext, repo: Repo): Issue {
  const issue = requireIssue(repo, Number(ctx.param('pull_number')));
  if (issue.pull === undefined) throw notFound();
  return issue;
}

function matchesPullFilters(repo: Repo, issue: Issue, query: URLSearchParams): boolean {
  const pull = issue.pull;
  if (pull === undefined) return false;
  const state = query.get('state') ?? 'open';
  if (state !== 'all' && issue.state !== state) return false;
  const head = query.get('head');
  if (head !== null) {
    const colon = head.indexOf(':');
    const owner = colon === -1 ? head : head.slice(0, colon);
    const branch = colon === -1 ? undefined : head.slice(colon + 1);
    if (owner.toLowerCase() !== repo.owner.login.toLowerCase()) return false;
    if (branch !== undefined && branch !== pull.headRef) return false;
  }
  const base = query.get('base');
  return base === null || base === pull.baseRef;
}

function listPulls(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  const pulls = [...repo.issues.values()].filter((issue) => matchesPullFilters(repo, issue, ctx.query));
  const page = paginate(ctx.requestUrl, sortIssues(pulls, ctx.query));
  return json(
    200,
    page.items.map((issue) => renderPull(ctx, repo, issue, false)),
    page.headers,
  );
}

function postPull(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  const body = new BodyReader(ctx.body);
  const issue = createPull(ctx.state, repo, {
    title: body.string('title'),
    body: body.optionalString('body') ?? null,
    head: body.string('head'),
    base: body.string('base'),
    draft: body.optionalBoolean('draft') ?? false,
    user: ctx.actor,
  });
  return json(201, renderPull(ctx, repo, issue, true));
}

function patchPull(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  const issue = requirePull(ctx, repo);
  const body = new BodyReader(ctx.body);
  const title = body.optionalString('title');
  if (title !== undefined) issue.title = title;
  if (body.has('body')) issue.body = body.optionalString('body') ?? null;
  const base = body.optionalString('base');
  if (base !== undefined && issue.pull !== undefined) {
    if (repo.git.branchTip(base) === undefined) {
      throw unprocessable('Validation Failed', [{ resource: 'PullRequest', code: 'invalid', field: 'base' }]);
    }
    issue.pull.baseRef = base;
  }
  const state = body.optionalString('state');
  if (state !== undefined && state !== 'open' && state !== 'closed') {
    throw unprocessable('Validation Failed', [{ resource: 'PullRequest', code: 'invalid', field: 'state' }]);
  }
  if (state !== undefined) setIssueState(ctx.state, repo, issue, state);
  issue.updatedAt = ctx.state.now();
  return json(200, renderPull(ctx, repo, issue, true));
}

function requestReviewers(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  const issue = requirePull(ctx, repo);
  const reviewers = new BodyReader(ctx.body).optionalStrings('reviewers') ?? [];
  if (reviewers.some((login) => login.toLowerCase() === issue.user.login.toLowerCase())) {
    throw unprocessable('Review cannot be requested from pull request author.');
  }
  if (reviewers.some((login) => !isCollaborator(repo, login))) {
    throw unprocessable(
      'Reviews may only be requested from collaborators. One or more of the users or teams you specified ' +
        `is not a collaborator of the ${repo.owner.login}/${repo.name} repository.`,
    );
  }
  const pull = issue.pull;
  if (pull !== undefined) {
    const logins = reviewers.map((login) => ctx.state.account(login).login);
    pull.requestedReviewers = [...new Set([...pull.requestedReviewers, ...logins])];
  }
  return json(201, renderPull(ctx, repo, issue, false));
}

/** Pull request endpoints. */
export const pullHandlers: RouteHandlers = {
  'GET /repos/{owner}/{repo}/pulls': withInstallationToken(listPulls),
  'POST /repos/{owner}/{repo}/pulls': withInstallationToken(postPull),
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': withInstallationToken((ctx) => {
    const repo = ctx.repo();
    return json(200, renderPull(ctx, repo, requirePull(ctx, repo), true));
  }),
  'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': withInstallationToken(patchPull),
  'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers': withInstallationToken(requestReviewers),
};
