/**
 * Owns the Actions endpoints: workflows (from `.github/workflows/` on the default branch),
 * `workflow_dispatch` (validated against the workflow file on the requested ref) and runs.
 * Imports state, `workflow-files` and shapes.
 */
import { notFound, unprocessable } from './api-error.js';
import { paginate } from './paginate.js';
import { BodyReader } from './request-body.js';
import { json, noContent, withInstallationToken, type HandlerContext, type HandlerResult, type RouteHandlers } from './route-handler.js';
import { renderRun } from './shapes-actions.js';
import type { Repo, WorkflowRun } from './sim-state.js';
import { findWorkflow, listWorkflows, readDispatchTrigger, type WorkflowFile } from './workflow-files.js';

function requireWorkflow(ctx: HandlerContext, repo: Repo): WorkflowFile {
  const workflow = findWorkflow(ctx.state, repo, ctx.param('workflow_id'));
  if (workflow === undefined) throw notFound();
  return workflow;
}

function readInputs(raw: unknown): Record<string, string> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw unprocessable(`Invalid request.\n\nFor 'properties/inputs', ${JSON.stringify(raw)} is not an object.`);
  }
  return Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([key, value]) => [key, String(value)]));
}

function checkInputs(workflow: WorkflowFile, given: Record<string, string>): Record<string, string> {
  const trigger = readDispatchTrigger(workflow.content);
  if (trigger === undefined) throw unprocessable("Workflow does not have 'workflow_dispatch' trigger");
  const unexpected = Object.keys(given).filter((name) => !trigger.inputs.has(name));
  if (unexpected.length > 0) throw unprocessable(`Unexpected inputs provided: ${JSON.stringify(unexpected)}`);
  const inputs: Record<string, string> = {};
  for (const [name, spec] of trigger.inputs) {
    const value = given[name] ?? spec.default;
    if (value === undefined && spec.required) throw unprocessable(`Required input '${name}' not provided`);
    if (value !== undefined) inputs[name] = value;
  }
  return inputs;
}

function dispatch(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  const workflow = requireWorkflow(ctx, repo);
  const body = new BodyReader(ctx.body);
  const ref = body.string('ref');
  const headSha = repo.git.resolveCommitish(ref);
  if (headSha === undefined) throw unprocessable(`No ref found for: ${ref}`);
  const atRef = listWorkflows(ctx.state, repo, ref).find((candidate) => candidate.path === workflow.path);
  if (atRef === undefined) throw unprocessable("Workflow does not have 'workflow_dispatch' trigger");
  const inputs = checkInputs(atRef, readInputs(body.raw('inputs')));
  const now = ctx.state.now();
  repo.runs.push({
    id: ctx.state.nextId(),
    workflowId: workflow.id,
    path: workflow.path,
    name: atRef.name,
    runNumber: repo.runs.filter((run) => run.workflowId === workflow.id).length + 1,
    event: 'workflow_dispatch',
    status: 'queued',
    conclusion: null,
    headBranch: ref.replace(/^refs\/(heads|tags)\//, ''),
    headSha,
    inputs,
    actor: ctx.actor,
    createdAt: now,
    updatedAt: now,
  });
  return noContent();
}

function matchesRunFilters(run: WorkflowRun, query: URLSearchParams): boolean {
  const checks: [string, (value: string) => boolean][] = [
    ['branch', (value) => run.headBranch === value],
    ['event', (value) => run.event === value],
    ['status', (value) => run.status === value || run.conclusion === value],
    ['actor', (value) => run.actor.login.toLowerCase() === value.toLowerCase()],
    ['head_sha', (value) => run.headSha === value],
  ];
  return checks.every(([key, test]) => {
    const value = query.get(key);
    return value === null || test(value);
  });
}

function listRuns(ctx: HandlerContext, workflowId: number): HandlerResult {
  const repo = ctx.repo();
  const runs = repo.runs.filter((run) => run.workflowId === workflowId && matchesRunFilters(run, ctx.query)).reverse();
  const page = paginate(ctx.requestUrl, runs);
  const workflowRuns = page.items.map((run) => renderRun(ctx, repo, run));
  return json(200, { total_count: runs.length, workflow_runs: workflowRuns }, page.headers);
}

/** Actions endpoints. */
export const actionsHandlers: RouteHandlers = {
  'POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches': withInstallationToken(dispatch),
  'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs': withInstallationToken((ctx) =>
    listRuns(ctx, requireWorkflow(ctx, ctx.repo()).id),
  ),
};
