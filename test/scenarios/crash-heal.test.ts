/**
 * Writes that survive a crash: a run that stops right after opening a pull request (here GitHub
 * fails the next write; a killed process stops at the same point) leaves it without reviewers,
 * assignees and labels. The next pass finds it by its branch and marker, adds exactly what is
 * missing, opens no second one, and a pass after that writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOf, startScenario, writesOf, type Scenario } from './harness.js';

const OLD = '2025-01-10T00:00:00Z';
const NEWER = '2025-03-01T00:00:00Z';
const REPO = 'acme/heal' as const;

describe('scenario: a pass heals what a crash left half-written', () => {
  let s: Scenario;
  let installation: number;

  const rescan = async (): Promise<void> => {
    await s.sim.deliver('installation_repositories', s.sim.payloads.installationRepositoriesAdded(installation, ['heal'], 'alice'));
    await s.settle();
  };

  beforeAll(async () => {
    s = await startScenario([
      { repository: 'library/node', tags: ['20.11.0-bookworm-slim'], created: OLD, salt: 'n20110' },
      { repository: 'library/node', tags: ['20.11.1-bookworm-slim'], created: NEWER, salt: 'n20111' },
    ]);
    s.sim.seedRepo({
      owner: 'acme',
      name: 'heal',
      files: {
        Dockerfile: 'FROM node:20.11.0-bookworm-slim\n',
        '.github/freshbase.yml': 'pullRequests:\n  reviewers: [alice]\n  assignees: [bob]\n  labels: [base-images, deps]\n',
      },
    });
    s.sim.addCollaborator(REPO, 'alice', 'write');
    s.sim.addCollaborator(REPO, 'bob', 'write');
    // The first write after the pull request is created fails: the run stops there.
    s.sim.failNext({ method: 'POST', route: '/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers', status: 502 });
    installation = (await s.sim.installApp({ account: 'acme', repositories: ['heal'], by: 'alice' })).id;
    await s.settle();
  });

  afterAll(async () => {
    await s.close();
  });

  it('the first run opened the pull request and stopped before its reviewers, assignees and labels', () => {
    const pulls = s.sim.listPullRequests(REPO);

    expect(pulls).toHaveLength(1);
    expect(pulls[0]?.labels).toEqual([]);
    expect(pulls[0]?.assignees).toEqual([]);
    expect(pulls[0]?.pull?.requestedReviewers).toEqual([]);
    expect(dashboardOf(s.sim, REPO)?.body).toContain('pull requests:');
  });

  it('the next pass adds exactly what is missing to the same pull request, and the one after writes nothing', async () => {
    s.sim.resetLog();
    await rescan();
    const healing = writesOf(s.sim);
    s.sim.resetLog();
    await rescan();

    const pulls = s.sim.listPullRequests(REPO);
    expect(pulls).toHaveLength(1);
    expect(pulls[0]?.labels).toEqual(['base-images', 'deps']);
    expect(pulls[0]?.assignees).toEqual(['bob']);
    expect(pulls[0]?.pull?.requestedReviewers).toEqual(['alice']);
    expect(healing).toEqual([
      'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/assignees',
      'POST /repos/{owner}/{repo}/labels',
      'POST /repos/{owner}/{repo}/labels',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
      // The dashboard drops the error of the run that stopped.
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    ]);
    expect(writesOf(s.sim)).toEqual([]);
    expect(dashboardOf(s.sim, REPO)?.body).not.toContain('pull requests:');
  });

  it('a title a person changed is set back on the next pass, and nothing else is written', async () => {
    const pull = s.sim.listPullRequests(REPO)[0];
    if (pull === undefined) throw new Error('no pull request');
    const title = pull.title;
    pull.title = 'my own title';
    s.sim.resetLog();

    await rescan();

    expect(s.sim.listPullRequests(REPO)[0]?.title).toBe(title);
    expect(writesOf(s.sim)).toEqual(['PATCH /repos/{owner}/{repo}/pulls/{pull_number}']);
  });
});
