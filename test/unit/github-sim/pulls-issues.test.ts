import type { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubSimulator, type GitHubSimulator } from '../../support/github-sim/index.js';
import { createSimOctokit, settleStatus } from '../../support/github-sim/sim-clients.js';

const repo = { owner: 'acme', repo: 'api' };

describe('github-sim/pulls and issues', () => {
  let sim: GitHubSimulator;
  let octokit: Octokit;

  beforeEach(async () => {
    sim = await startGitHubSimulator();
    const installation = sim.addInstallation({ account: 'acme' });
    sim.seedRepo({ owner: 'acme', name: 'api', files: { Dockerfile: 'FROM python:3.12\n' }, collaborators: { alice: 'maintain' } });
    sim.commitFiles('acme/api', 'freshbase/python', { Dockerfile: 'FROM python:3.13\n' }, { message: 'Bump python' });
    octokit = createSimOctokit(sim, installation.id);
  });

  afterEach(async () => {
    expect(sim.violations).toEqual([]);
    await sim.close();
  });

  it('numbers issues and pull requests from one sequence and lists both as issues', async () => {
    const issue = await octokit.rest.issues.create({ ...repo, title: 'Dashboard', labels: ['freshbase'] });
    const pull = await octokit.rest.pulls.create({ ...repo, title: 'Bump python', head: 'freshbase/python', base: 'main' });

    const { data: issues } = await octokit.rest.issues.listForRepo({ ...repo, state: 'all' });
    const { data: labelled } = await octokit.rest.issues.listForRepo({ ...repo, labels: 'freshbase', creator: 'freshbase[bot]' });

    expect([issue.status, pull.status]).toEqual([201, 201]);
    expect([issue.data.number, pull.data.number]).toEqual([1, 2]);
    expect(pull.data).toMatchObject({
      head: { ref: 'freshbase/python' },
      base: { ref: 'main' },
      user: { login: 'freshbase[bot]', type: 'Bot' },
    });
    expect(issues.map((item) => [item.number, item.pull_request === undefined])).toEqual([
      [2, false],
      [1, true],
    ]);
    expect(labelled.map((item) => item.number)).toEqual([1]);
  });

  it('rejects duplicate pull requests and ones without commits with 422', async () => {
    await octokit.rest.pulls.create({ ...repo, title: 'Bump', head: 'acme:freshbase/python', base: 'main' });
    sim.createBranch('acme/api', 'same', 'main');

    const duplicate = await settleStatus(octokit.rest.pulls.create({ ...repo, title: 'Again', head: 'freshbase/python', base: 'main' }));
    const empty = await settleStatus(octokit.rest.pulls.create({ ...repo, title: 'Empty', head: 'same', base: 'main' }));
    const missing = await settleStatus(octokit.rest.pulls.create({ ...repo, title: 'Missing', head: 'nope', base: 'main' }));

    expect([duplicate, empty, missing]).toEqual([422, 422, 422]);
  });

  it('pages lists with per_page and a Link header that Octokit paginate follows', async () => {
    for (let index = 1; index <= 35; index += 1) await octokit.rest.issues.create({ ...repo, title: `Issue ${index}` });

    const first = await octokit.rest.issues.listForRepo({ ...repo, per_page: 10 });
    const all = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, per_page: 10 });

    expect(first.data).toHaveLength(10);
    expect(first.headers.link).toContain('rel="next"');
    expect(first.headers.link).toMatch(/[?&]page=4>; rel="last"/);
    expect(all).toHaveLength(35);
    expect(new Set(all.map((issue) => issue.number)).size).toBe(35);
  });

  it('filters pull requests by head and state, and closes them with PATCH', async () => {
    const { data: pull } = await octokit.rest.pulls.create({ ...repo, title: 'Bump', head: 'freshbase/python', base: 'main' });

    const { data: open } = await octokit.rest.pulls.list({ ...repo, head: 'acme:freshbase/python' });
    const { data: other } = await octokit.rest.pulls.list({ ...repo, head: 'acme:freshbase/node' });
    const { data: closed } = await octokit.rest.pulls.update({ ...repo, pull_number: pull.number, state: 'closed', body: 'Superseded' });
    const { data: stillOpen } = await octokit.rest.pulls.list({ ...repo });

    expect(open.map((item) => item.number)).toEqual([pull.number]);
    expect(open[0]).not.toHaveProperty('merged');
    expect(other).toEqual([]);
    expect(closed).toMatchObject({ state: 'closed', merged: false, body: 'Superseded' });
    expect(stillOpen).toEqual([]);
  });

  it('merges a pull request with a merge commit and reports who merged it', async () => {
    const { data: pull } = await octokit.rest.pulls.create({ ...repo, title: 'Bump', head: 'freshbase/python', base: 'main' });
    sim.commitFiles('acme/api', 'main', { 'README.md': '# api\n' }, { message: 'docs', author: { login: 'alice' } });

    const { sha } = await sim.mergePullRequest('acme/api', pull.number, { by: 'alice' });
    const { data: closed } = await octokit.rest.pulls.list({ ...repo, state: 'closed' });
    const merged = sim.listPullRequests('acme/api').find((item) => item.number === pull.number)?.pull;
    const { data: commit } = await octokit.rest.git.getCommit({ ...repo, commit_sha: sha });

    expect(closed).toMatchObject([{ number: pull.number, state: 'closed', merge_commit_sha: sha }]);
    expect([merged?.merged, merged?.mergedBy?.login]).toEqual([true, 'alice']);
    expect(commit.parents).toHaveLength(2);
    expect(sim.getBranchFiles('acme/api', 'main')).toEqual({ Dockerfile: 'FROM python:3.13\n', 'README.md': '# api\n' });
  });

  it('closes an open pull request when its head branch is deleted', async () => {
    const { data: pull } = await octokit.rest.pulls.create({ ...repo, title: 'Bump', head: 'freshbase/python', base: 'main' });

    const deleted = await octokit.rest.git.deleteRef({ ...repo, ref: 'heads/freshbase/python' });
    const { data: after } = await octokit.rest.pulls.list({ ...repo, state: 'closed' });

    expect(deleted.status).toBe(204);
    expect(after).toMatchObject([{ number: pull.number, state: 'closed', merged_at: null, head: { sha: pull.head.sha } }]);
  });

  it('creates labels, rejects duplicates, and adds missing labels on first use', async () => {
    const { data: issue } = await octokit.rest.issues.create({ ...repo, title: 'x' });

    const created = await octokit.rest.issues.createLabel({ ...repo, name: 'freshbase', color: '#0e8a16' });
    const duplicate = await settleStatus(octokit.rest.issues.createLabel({ ...repo, name: 'Freshbase' }));
    const unknown = await settleStatus(octokit.rest.issues.getLabel({ ...repo, name: 'major' }));
    const { data: labels } = await octokit.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: ['freshbase', 'major'] });
    const { data: major } = await octokit.rest.issues.getLabel({ ...repo, name: 'major' });

    expect(created.status).toBe(201);
    expect(created.data.color).toBe('0e8a16');
    expect(duplicate).toBe(422);
    expect(unknown).toBe(404);
    expect(labels.map((label) => label.name)).toEqual(['freshbase', 'major']);
    expect(major.color).toBe('ededed');
  });

  it('assigns and requests reviews from collaborators only', async () => {
    const { data: pull } = await octokit.rest.pulls.create({ ...repo, title: 'Bump', head: 'freshbase/python', base: 'main' });

    const assignees = ['alice', 'mallory'];
    const { data: assigned } = await octokit.rest.issues.addAssignees({ ...repo, issue_number: pull.number, assignees });
    const stranger = await settleStatus(octokit.rest.pulls.requestReviewers({ ...repo, pull_number: pull.number, reviewers: ['mallory'] }));
    const { data: reviewed } = await octokit.rest.pulls.requestReviewers({ ...repo, pull_number: pull.number, reviewers: ['alice'] });

    expect(assigned.assignees?.map((user) => user.login)).toEqual(['alice']);
    expect(stranger).toBe(422);
    expect(reviewed.requested_reviewers?.map((user) => user.login)).toEqual(['alice']);
  });

  it('comments on pull requests through the issues endpoint and edits issues', async () => {
    const { data: pull } = await octokit.rest.pulls.create({ ...repo, title: 'Bump', head: 'freshbase/python', base: 'main' });

    const comment = await octokit.rest.issues.createComment({ ...repo, issue_number: pull.number, body: 'Release notes' });
    const comments = sim.listPullRequests('acme/api').find((item) => item.number === pull.number)?.comments ?? [];
    const { data: edited } = await octokit.rest.issues.update({ ...repo, issue_number: pull.number, title: 'Bump python to 3.13' });

    expect(comment.status).toBe(201);
    expect(comments.map((item) => item.body)).toEqual(['Release notes']);
    expect(edited).toMatchObject({ title: 'Bump python to 3.13', comments: 1, pull_request: { merged_at: null } });
  });
});
