/**
 * Owns the JSON shapes of Actions workflows and workflow runs. Imports state,
 * `shapes-repo` and `workflow-files` types. Pure: never changes state.
 */
import { formatGitHubDate } from './git-objects.js';
import { HTML_URL, renderAccount, renderRepo, toNodeId, type ShapeContext } from './shapes-repo.js';
import type { Repo, WorkflowRun } from './sim-state.js';

function actionsUrl(sc: ShapeContext, repo: Repo): string {
  return `${sc.apiUrl}/repos/${repo.owner.login}/${repo.name}/actions`;
}

/** A workflow run object. */
export function renderRun(sc: ShapeContext, repo: Repo, run: WorkflowRun): Record<string, unknown> {
  const url = `${actionsUrl(sc, repo)}/runs/${run.id}`;
  return {
    id: run.id,
    name: run.name,
    node_id: toNodeId('WorkflowRun', run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: run.path,
    display_title: run.name,
    run_number: run.runNumber,
    run_attempt: 1,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    workflow_id: run.workflowId,
    url,
    html_url: `${HTML_URL}/${repo.owner.login}/${repo.name}/actions/runs/${run.id}`,
    jobs_url: `${url}/jobs`,
    logs_url: `${url}/logs`,
    workflow_url: `${actionsUrl(sc, repo)}/workflows/${run.workflowId}`,
    created_at: formatGitHubDate(run.createdAt),
    updated_at: formatGitHubDate(run.updatedAt),
    run_started_at: formatGitHubDate(run.createdAt),
    actor: renderAccount(sc, run.actor),
    triggering_actor: renderAccount(sc, run.actor),
    pull_requests: [],
    repository: renderRepo(sc, repo),
    head_repository: renderRepo(sc, repo),
  };
}
