/**
 * Owns the issues endpoints (which also serve pull requests: shared numbers, comments,
 * labels, assignees) and repo labels. Imports state, `issue-writes` and shapes.
 */
import { notFound, unprocessable } from './api-error.js';
import { addComment, addLabels, createIssue, ensureLabel, requireIssue, setAssignees, setIssueState, setLabels } from './issue-writes.js';
import { paginate } from './paginate.js';
import { BodyReader } from './request-body.js';
import { json, withInstallationToken, type HandlerContext, type HandlerResult, type RouteHandlers } from './route-handler.js';
import { renderComment, renderIssue, renderLabel } from './shapes-issues.js';
import type { Issue, Repo } from './sim-state.js';

function issueNumber(ctx: HandlerContext): number {
  return Number(ctx.param('issue_number'));
}

/** Reads `labels` given as names or `{ name }` objects. */
function readLabelNames(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) {
    throw unprocessable(`Invalid request.\n\nFor 'properties/labels', ${JSON.stringify(raw)} is not an array.`);
  }
  return raw.map((item: unknown) => {
    if (typeof item === 'string') return item;
    const name = new BodyReader(item).optionalString('name');
    if (name === undefined) throw unprocessable('Invalid request.\n\nlabels must be strings or { name } objects.');
    return name;
  });
}

function matchesFilters(issue: Issue, query: URLSearchParams): boolean {
  const state = query.get('state') ?? 'open';
  if (state !== 'all' && issue.state !== state) return false;
  const creator = query.get('creator');
  if (creator !== null && issue.user.login.toLowerCase() !== creator.toLowerCase()) return false;
  const labels = query.get('labels');
  const wanted =
    labels === null
      ? []
      : labels
          .split(',')
          .map((name) => name.trim().toLowerCase())
          .filter(Boolean);
  const has = new Set(issue.labels.map((name) => name.toLowerCase()));
  if (!wanted.every((name) => has.has(name))) return false;
  const assignee = query.get('assignee');
  if (assignee === 'none') return issue.assignees.length === 0;
  if (assignee === '*') return issue.assignees.length > 0;
  if (assignee !== null) return issue.assignees.some((login) => login.toLowerCase() === assignee.toLowerCase());
  const since = query.get('since');
  return since === null || issue.updatedAt.getTime() >= new Date(since).getTime();
}

/** Sorts issues or pulls by `sort` (created, updated, comments) and `direction` (default desc). */
export function sortIssues(issues: Issue[], query: URLSearchParams): Issue[] {
  const sort = query.get('sort') ?? 'created';
  const key = (issue: Issue): number =>
    sort === 'updated' ? issue.updatedAt.getTime() : sort === 'comments' ? issue.comments.length : issue.number;
  const sign = query.get('direction') === 'asc' ? 1 : -1;
  return issues.sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
}

function listIssues(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  const issues = sortIssues(
    [...repo.issues.values()].filter((issue) => matchesFilters(issue, ctx.query)),
    ctx.query,
  );
  const page = paginate(ctx.requestUrl, issues);
  return json(
    200,
    page.items.map((issue) => renderIssue(ctx, repo, issue)),
    page.headers,
  );
}

function postIssue(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  const body = new BodyReader(ctx.body);
  const assignee = body.optionalString('assignee');
  const issue = createIssue(ctx.state, repo, {
    title: body.string('title'),
    body: body.optionalString('body') ?? null,
    user: ctx.actor,
    labels: readLabelNames(body.raw('labels')) ?? [],
    assignees: [...(body.optionalStrings('assignees') ?? []), ...(assignee === undefined ? [] : [assignee])],
  });
  return json(201, renderIssue(ctx, repo, issue));
}

function patchIssue(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  const issue = requireIssue(repo, issueNumber(ctx));
  const body = new BodyReader(ctx.body);
  const title = body.optionalString('title');
  if (title !== undefined) issue.title = title;
  if (body.has('body')) issue.body = body.optionalString('body') ?? null;
  const labels = readLabelNames(body.raw('labels'));
  if (labels !== undefined) setLabels(ctx.state, repo, issue, labels);
  const assignees = body.optionalStrings('assignees');
  if (assignees !== undefined) setAssignees(ctx.state, repo, issue, assignees);
  const state = body.optionalString('state');
  if (state !== undefined && state !== 'open' && state !== 'closed') {
    throw unprocessable('Validation Failed', [{ resource: 'Issue', code: 'invalid', field: 'state' }]);
  }
  const reason = body.optionalString('state_reason');
  if (state !== undefined) setIssueState(ctx.state, repo, issue, state, reason === 'not_planned' ? 'not_planned' : 'completed');
  issue.updatedAt = ctx.state.now();
  return json(200, renderIssue(ctx, repo, issue));
}

function labelsOf(ctx: HandlerContext, repo: Repo, issue: Issue): HandlerResult {
  return json(200, renderIssue(ctx, repo, issue).labels);
}

/** Issue, comment and label endpoints. */
export const issueHandlers: RouteHandlers = {
  'GET /repos/{owner}/{repo}/issues': withInstallationToken(listIssues),
  'POST /repos/{owner}/{repo}/issues': withInstallationToken(postIssue),
  'PATCH /repos/{owner}/{repo}/issues/{issue_number}': withInstallationToken(patchIssue),
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': withInstallationToken((ctx) => {
    const repo = ctx.repo();
    const issue = requireIssue(repo, issueNumber(ctx));
    const comment = addComment(ctx.state, issue, new BodyReader(ctx.body).string('body'), ctx.actor);
    return json(201, renderComment(ctx, repo, issue, comment));
  }),
  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels': withInstallationToken((ctx) => {
    const repo = ctx.repo();
    const issue = requireIssue(repo, issueNumber(ctx));
    const names = Array.isArray(ctx.body) ? readLabelNames(ctx.body) : readLabelNames(new BodyReader(ctx.body).raw('labels'));
    addLabels(ctx.state, repo, issue, names ?? []);
    issue.updatedAt = ctx.state.now();
    return labelsOf(ctx, repo, issue);
  }),
  'POST /repos/{owner}/{repo}/issues/{issue_number}/assignees': withInstallationToken((ctx) => {
    const repo = ctx.repo();
    const issue = requireIssue(repo, issueNumber(ctx));
    const added = new BodyReader(ctx.body).optionalStrings('assignees') ?? [];
    setAssignees(ctx.state, repo, issue, [...issue.assignees, ...added]);
    return json(201, renderIssue(ctx, repo, issue));
  }),
  'GET /repos/{owner}/{repo}/labels/{name}': withInstallationToken((ctx) => {
    const repo = ctx.repo();
    const label = repo.labels.get(ctx.param('name').toLowerCase());
    if (label === undefined) throw notFound();
    return json(200, renderLabel(ctx, repo, label));
  }),
  'POST /repos/{owner}/{repo}/labels': withInstallationToken((ctx) => {
    const repo = ctx.repo();
    const body = new BodyReader(ctx.body);
    const name = body.string('name');
    if (repo.labels.has(name.toLowerCase())) {
      throw unprocessable('Validation Failed', [{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    }
    const color = (body.optionalString('color') ?? 'ededed').replace(/^#/, '');
    const label = ensureLabel(ctx.state, repo, name, { color, description: body.optionalString('description') ?? null });
    return json(201, renderLabel(ctx, repo, label));
  }),
};
