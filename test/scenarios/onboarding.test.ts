import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOf, startScenario, writesOf, type Scenario } from './harness.js';

const OLD = '2025-01-10T00:00:00Z';
const NEWER = '2025-03-01T00:00:00Z';
const REPO = 'acme/api' as const;

function openPulls(s: Scenario) {
  return s.sim.listPullRequests(REPO).filter((p) => p.state === 'open');
}

/** The writes one new pull request costs: tree, commit, branch, pull request, its labels. */
const NEW_PULL = [
  'POST /repos/{owner}/{repo}/git/trees',
  'POST /repos/{owner}/{repo}/git/commits',
  'POST /repos/{owner}/{repo}/git/refs',
  'POST /repos/{owner}/{repo}/pulls',
];

describe('scenario: onboarding and pull request maintenance', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await startScenario([
      { repository: 'library/python', tags: ['3.11.8-slim'], created: OLD, salt: 'py3118' },
      { repository: 'library/python', tags: ['3.11.9-slim'], created: NEWER, salt: 'py3119' },
      { repository: 'library/python', tags: ['3.12.9-slim'], created: NEWER, salt: 'py3129' },
      { repository: 'library/golang', tags: ['1.24.1'], created: OLD, salt: 'go1241' },
    ]);
    s.sim.seedRepo({
      owner: 'acme',
      name: 'api',
      files: {
        Dockerfile: 'FROM python:3.11.8-slim\nRUN pip install .\n',
        'worker/Dockerfile': 'ARG PY=3.11.8\nFROM python:${PY}-slim AS base\n',
        'tools/Dockerfile': 'FROM golang:1.24.1\n',
      },
    });
    s.sim.addCollaborator(REPO, 'alice', 'write');
    s.sim.addCollaborator(REPO, 'mallory', 'read');
  });

  afterAll(async () => {
    await s.close();
  });

  it('onboarding opens one pull request per update group, and the dashboard', async () => {
    await s.sim.installApp({ account: 'acme', repositories: ['api'], by: 'alice' });
    await s.settle();

    const pulls = openPulls(s);
    expect(pulls.map((p) => p.title).sort()).toEqual([
      'Bump python from 3.11.8-slim to 3.11.9-slim',
      'Bump python from 3.11.8-slim to 3.12.9-slim',
    ]);
    const inLine = pulls.find((p) => p.title.endsWith('3.11.9-slim'));
    const branch = inLine?.pull?.headRef ?? '';
    expect(branch).toBe('freshbase/python-3.11');
    expect(s.sim.readFile(REPO, branch, 'Dockerfile')).toBe('FROM python:3.11.9-slim\nRUN pip install .\n');
    expect(s.sim.readFile(REPO, branch, 'worker/Dockerfile')).toBe('ARG PY=3.11.9\nFROM python:${PY}-slim AS base\n');
    expect(inLine?.labels).toEqual(['dependencies', 'docker']);
    expect(inLine?.body).toContain('| `worker/Dockerfile:1` | `3.11.8-slim` | `3.11.9-slim` | patch |');
    const dashboard = dashboardOf(s.sim, REPO);
    expect(dashboard?.body).toContain(`#${inLine?.number ?? 0} Bump python from 3.11.8-slim to 3.11.9-slim`);
    // Two pull requests (each: tree, commit, branch, pull request, labels; the two labels are created once), then the dashboard.
    expect(writesOf(s.sim)).toEqual([
      ...NEW_PULL,
      'POST /repos/{owner}/{repo}/labels',
      'POST /repos/{owner}/{repo}/labels',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
      ...NEW_PULL,
      'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
      'POST /repos/{owner}/{repo}/issues',
    ]);
    expect(s.sim.violations).toEqual([]);
  });

  it('a second scan in a row makes zero write requests', async () => {
    s.sim.resetLog();

    const dashboard = dashboardOf(s.sim, REPO);
    await s.sim.commentOnIssue(REPO, dashboard?.number ?? 0, { by: 'alice', body: '/freshbase recheck' });
    await s.settle();

    expect(writesOf(s.sim)).toEqual([]);
    expect(openPulls(s)).toHaveLength(2);
    // The rescan did run: it read the tree and listed the pull requests.
    expect(s.sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}/git/trees/{tree_sha}' })).toBe(1);
    expect(s.sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}/pulls' })).toBe(2);
  });

  it('a newer patch updates the same pull request instead of opening a second one', async () => {
    await s.pusher.pushImage({
      repository: 'library/python',
      tags: ['3.11.10-slim'],
      created: NEWER,
      salt: 'py31110',
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
      ],
    });
    s.sim.resetLog();
    const before = openPulls(s).find((p) => p.pull?.headRef === 'freshbase/python-3.11');

    await s.sim.commentOnIssue(REPO, before?.number ?? 0, { by: 'alice', body: '/freshbase recheck' });
    await s.settle();

    const after = openPulls(s);
    expect(after).toHaveLength(2);
    const updated = after.find((p) => p.pull?.headRef === 'freshbase/python-3.11');
    expect(updated?.number).toBe(before?.number);
    expect(updated?.title).toBe('Bump python from 3.11.8-slim to 3.11.10-slim');
    expect(s.sim.readFile(REPO, 'freshbase/python-3.11', 'worker/Dockerfile')).toBe('ARG PY=3.11.10\nFROM python:${PY}-slim AS base\n');
    // New commit on the same branch (tree, commit, the existing ref force-moved: no create refused first), the pull request's title and body, the dashboard.
    expect(writesOf(s.sim)).toEqual([
      'POST /repos/{owner}/{repo}/git/trees',
      'POST /repos/{owner}/{repo}/git/commits',
      'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
      'PATCH /repos/{owner}/{repo}/pulls/{pull_number}',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    ]);
  });

  it('a command from a user without write access is refused', async () => {
    const pull = openPulls(s)[0];
    s.sim.resetLog();

    await s.sim.commentOnIssue(REPO, pull?.number ?? 0, { by: 'mallory', body: '/freshbase ignore' });
    await s.settle();

    expect(openPulls(s)).toHaveLength(2);
    expect(writesOf(s.sim)).toEqual(['POST /repos/{owner}/{repo}/issues/{issue_number}/comments']);
    expect(
      s.sim
        .listPullRequests(REPO)
        .find((p) => p.number === pull?.number)
        ?.comments.at(-1)?.body,
    ).toContain('need write access');
  });

  it('closing the line upgrade without merging declines that version for good', async () => {
    const upgrade = openPulls(s).find((p) => p.pull?.headRef === 'freshbase/python-to-3.12');
    s.sim.resetLog();

    await s.sim.closePullRequest(REPO, upgrade?.number ?? 0, { by: 'alice' });
    await s.settle();
    await s.sim.commentOnIssue(REPO, upgrade?.number ?? 0, { by: 'alice', body: '/freshbase recheck' });
    await s.settle();

    expect(openPulls(s).map((p) => p.pull?.headRef)).toEqual(['freshbase/python-3.11']);
    const dashboard = dashboardOf(s.sim, REPO);
    expect(dashboard?.body).toContain(`python 3.12.9-slim (closed #${upgrade?.number ?? 0})`);
  });

  it('after a merge nothing new is proposed for that line', async () => {
    const inLine = openPulls(s)[0];
    s.sim.resetLog();

    await s.sim.mergePullRequest(REPO, inLine?.number ?? 0, { by: 'alice', alsoPush: true });
    await s.settle();

    expect(openPulls(s)).toEqual([]);
    expect(s.sim.readFile(REPO, 'main', 'Dockerfile')).toBe('FROM python:3.11.10-slim\nRUN pip install .\n');
    // The push rescans: the merged branch no pull request uses any more is deleted, and the dashboard no longer lists the pull request.
    expect(writesOf(s.sim)).toEqual(['DELETE /repos/{owner}/{repo}/git/refs/{ref}', 'PATCH /repos/{owner}/{repo}/issues/{issue_number}']);
    expect(s.sim.violations).toEqual([]);
  });
});
