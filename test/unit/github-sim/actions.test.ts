import type { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubSimulator, type GitHubSimulator } from '../../support/github-sim/index.js';
import { createSimOctokit, settleStatus } from '../../support/github-sim/sim-clients.js';

const repo = { owner: 'acme', repo: 'api' };

const BUILD = `name: Build image
on:
  push:
    branches: [main]
  workflow_dispatch:
    inputs:
      reason:
        required: true
      platform:
        default: linux/amd64
`;

const LINT = `name: Lint
on: [push, pull_request]
`;

describe('github-sim/actions', () => {
  let sim: GitHubSimulator;
  let octokit: Octokit;

  beforeEach(async () => {
    sim = await startGitHubSimulator();
    const installation = sim.addInstallation({ account: 'acme' });
    sim.seedRepo({
      owner: 'acme',
      name: 'api',
      files: { Dockerfile: 'FROM python:3.12\n', '.github/workflows/build.yml': BUILD, '.github/workflows/lint.yaml': LINT },
    });
    octokit = createSimOctokit(sim, installation.id);
  });

  afterEach(async () => {
    expect(sim.violations).toEqual([]);
    await sim.close();
  });

  it('dispatches a workflow with 204 and creates a queued workflow_dispatch run', async () => {
    const dispatched = await octokit.rest.actions.createWorkflowDispatch({
      ...repo,
      workflow_id: 'build.yml',
      ref: 'main',
      inputs: { reason: 'python 3.13' },
    });

    const { data: runs } = await octokit.rest.actions.listWorkflowRuns({ ...repo, workflow_id: 'build.yml' });

    expect(dispatched.status).toBe(204);
    expect(runs.total_count).toBe(1);
    expect(runs.workflow_runs[0]).toMatchObject({ event: 'workflow_dispatch', status: 'queued', conclusion: null, head_branch: 'main' });
    expect(sim.listRuns('acme/api')[0]?.inputs).toEqual({ reason: 'python 3.13', platform: 'linux/amd64' });
  });

  it.each([
    ['an unknown workflow', { workflow_id: 'deploy.yml', ref: 'main', inputs: { reason: 'x' } }, 404],
    ['a workflow without workflow_dispatch', { workflow_id: 'lint.yaml', ref: 'main' }, 422],
    ['an unknown ref', { workflow_id: 'build.yml', ref: 'nope', inputs: { reason: 'x' } }, 422],
    ['a missing required input', { workflow_id: 'build.yml', ref: 'main' }, 422],
    ['an undeclared input', { workflow_id: 'build.yml', ref: 'main', inputs: { reason: 'x', extra: 'y' } }, 422],
  ])('rejects dispatching %s', async (_case, params, status) => {
    const result = await settleStatus(octokit.rest.actions.createWorkflowDispatch({ ...repo, ...params }));

    expect(result).toBe(status);
    expect(sim.listRuns('acme/api')).toEqual([]);
  });

  it('reads the trigger from the workflow file on the dispatched ref', async () => {
    sim.commitFiles('acme/api', 'old', { '.github/workflows/build.yml': 'name: Build image\non: push\n' }, { message: 'no dispatch' });

    const status = await settleStatus(octokit.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'build.yml', ref: 'old' }));

    expect(status).toBe(422);
  });

  it('completes runs from tests and filters runs by status', async () => {
    await octokit.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'build.yml', ref: 'main', inputs: { reason: 'a' } });
    await octokit.rest.actions.createWorkflowDispatch({ ...repo, workflow_id: 'build.yml', ref: 'main', inputs: { reason: 'b' } });
    const [first] = sim.listRuns('acme/api');

    sim.completeRun(first?.id ?? 0, 'failure');
    const { data: failed } = await octokit.rest.actions.listWorkflowRuns({ ...repo, workflow_id: 'build.yml', status: 'failure' });
    const { data: all } = await octokit.rest.actions.listWorkflowRuns({ ...repo, workflow_id: 'build.yml' });

    expect(failed.workflow_runs.map((run) => [run.id, run.status, run.conclusion])).toEqual([[first?.id, 'completed', 'failure']]);
    expect(all.workflow_runs.map((run) => run.run_number)).toEqual([2, 1]);
  });
});
