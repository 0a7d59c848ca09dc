import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOf, startScenario, writesOf, type Scenario } from './harness.js';

const OLD = '2025-01-10T00:00:00Z';
const NEWER = '2025-03-01T00:00:00Z';

function branches(s: Scenario, repo: `${string}/${string}`): string[] {
  return [...s.sim.getRepo(repo).git.refs.keys()].filter((ref) => ref.startsWith('refs/heads/freshbase/'));
}

describe('scenario: failures, config errors, people and odd repositories', () => {
  let s: Scenario;
  let installation = 0;

  beforeAll(async () => {
    s = await startScenario([
      { repository: 'library/node', tags: ['20.11.0-bookworm-slim'], created: OLD, salt: 'n20110' },
      { repository: 'library/node', tags: ['20.11.1-bookworm-slim'], created: NEWER, salt: 'n20111' },
    ]);
    for (const name of ['crash', 'config', 'people', 'archived', 'forked', 'empty', 'big']) {
      s.sim.seedRepo({
        owner: 'acme',
        name,
        archived: name === 'archived',
        fork: name === 'forked',
        empty: name === 'empty',
        files: name === 'empty' ? {} : { Dockerfile: 'FROM node:20.11.0-bookworm-slim\n' },
      });
      s.sim.addCollaborator(`acme/${name}`, 'alice', 'write');
    }
    installation = s.sim.addInstallation({
      account: 'acme',
      repositories: ['crash', 'config', 'people', 'archived', 'forked', 'empty', 'big'],
    }).id;
  });

  afterAll(async () => {
    await s.close();
  });

  it('a crash between creating the branch and opening the pull request converges on the next scan', async () => {
    s.sim.failNext({ method: 'POST', route: '/repos/{owner}/{repo}/pulls', status: 502 });

    await s.sim.deliver('installation_repositories', s.sim.payloads.installationRepositoriesAdded(installation, ['crash'], 'alice'));
    await s.settle();

    expect(s.sim.listPullRequests('acme/crash')).toEqual([]);
    expect(branches(s, 'acme/crash')).toEqual(['refs/heads/freshbase/node-20.11']);
    s.sim.resetLog();

    await s.sim.pushFiles(
      'acme/crash',
      'main',
      { Dockerfile: 'FROM node:20.11.0-bookworm-slim\n# touched\n' },
      { message: 'touch', author: { login: 'alice' } },
    );
    await s.settle();

    expect(s.sim.listPullRequests('acme/crash').map((p) => p.title)).toEqual([
      'Bump node from 20.11.0-bookworm-slim to 20.11.1-bookworm-slim',
    ]);
    expect(branches(s, 'acme/crash')).toEqual(['refs/heads/freshbase/node-20.11']);
    // The existing branch is force-moved (create is refused with 422), not duplicated.
    expect(s.sim.countRequests({ method: 'PATCH', route: '/repos/{owner}/{repo}/git/refs/{ref}' })).toBe(1);
    expect(s.sim.countRequests({ method: 'POST', route: '/repos/{owner}/{repo}/pulls' })).toBe(1);
  });

  it('an invalid config shows in the dashboard with its line, and no pull request is touched', async () => {
    s.sim.resetLog();

    await s.sim.pushFiles(
      'acme/config',
      'main',
      { '.github/freshbase.yml': 'pullRequests:\n  limit: lots\n' },
      { message: 'config', author: { login: 'alice' } },
    );
    await s.settle();

    expect(s.sim.listPullRequests('acme/config')).toEqual([]);
    expect(dashboardOf(s.sim, 'acme/config')?.body).toContain('config: .github/freshbase.yml:2 at pullRequests.limit');
    // The only write is the new dashboard issue.
    expect(writesOf(s.sim)).toEqual(['POST /repos/{owner}/{repo}/issues']);
  });

  it('skips archived, forked and empty repositories, writing nothing', async () => {
    s.sim.resetLog();

    await s.sim.deliver(
      'installation_repositories',
      s.sim.payloads.installationRepositoriesAdded(installation, ['archived', 'forked', 'empty'], 'alice'),
    );
    await s.settle();

    expect(s.sim.countRequests({ writesOnly: true })).toBe(0);
    // Each repository was read (and then skipped): the archived one at its metadata, the empty one at its branch, the fork at its config.
    expect(s.sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}' })).toBe(3);
    expect(s.sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}/git/ref/{ref}' })).toBe(2);
    expect(s.sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}/git/trees/{tree_sha}' })).toBe(0);
  });

  it('leaves a branch a person pushed to alone, and takes it back on /freshbase rebase', async () => {
    await s.sim.deliver('installation_repositories', s.sim.payloads.installationRepositoriesAdded(installation, ['people'], 'alice'));
    await s.settle();
    const pull = s.sim.listPullRequests('acme/people')[0];
    await s.sim.pushFiles(
      'acme/people',
      'freshbase/node-20.11',
      { 'NOTES.md': 'mine\n' },
      { message: 'a person', author: { login: 'alice' } },
    );
    await s.sim.pushFiles(
      'acme/people',
      'main',
      { Dockerfile: 'FROM node:20.11.0-bookworm-slim\nRUN true\n' },
      { message: 'move main', author: { login: 'alice' } },
    );
    await s.settle();

    expect(s.sim.readFile('acme/people', 'freshbase/node-20.11', 'NOTES.md')).toBe('mine\n');
    expect(dashboardOf(s.sim, 'acme/people')?.body).toContain('someone pushed to this branch');
    // The branch and the pull request were not written after the person pushed (only the dashboard changed).
    expect(s.sim.countRequests({ method: 'PATCH', route: '/repos/{owner}/{repo}/git/refs/{ref}' })).toBe(0);
    expect(s.sim.countRequests({ method: 'PATCH', route: '/repos/{owner}/{repo}/pulls/{pull_number}' })).toBe(0);
    s.sim.resetLog();

    await s.sim.commentOnIssue('acme/people', pull?.number ?? 0, { by: 'alice', body: '/freshbase rebase' });
    await s.settle();

    expect(s.sim.readFile('acme/people', 'freshbase/node-20.11', 'NOTES.md')).toBeUndefined();
    expect(s.sim.readFile('acme/people', 'freshbase/node-20.11', 'Dockerfile')).toBe('FROM node:20.11.1-bookworm-slim\nRUN true\n');
    // Rebase: a new commit on the new base (tree, commit), the existing branch force-moved (no create refused first), the pull request's body, the dashboard.
    expect(writesOf(s.sim)).toEqual([
      'POST /repos/{owner}/{repo}/git/trees',
      'POST /repos/{owner}/{repo}/git/commits',
      'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
      'PATCH /repos/{owner}/{repo}/pulls/{pull_number}',
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    ]);
    expect(s.sim.violations).toEqual([]);
  });

  it('/freshbase ignore from a writer closes the pull request and declines the version', async () => {
    const pull = s.sim.listPullRequests('acme/people')[0];

    await s.sim.commentOnIssue('acme/people', pull?.number ?? 0, { by: 'alice', body: '/freshbase ignore' });
    await s.settle();

    expect(s.sim.listPullRequests('acme/people').filter((p) => p.state === 'open')).toEqual([]);
    expect(dashboardOf(s.sim, 'acme/people')?.body).toContain('node 20.11.1-bookworm-slim');
  });

  it('walks subtrees when the recursive tree is truncated, and requests the configured reviewers, assignees and labels', async () => {
    s.sim.commitFiles(
      'acme/big',
      'main',
      {
        'services/a/Dockerfile': 'FROM node:20.11.0-bookworm-slim\n',
        'services/b/deep/Containerfile': 'FROM node:20.11.0-bookworm-slim\n',
        'docs/README.md': 'docs\n',
        '.github/freshbase.yml': 'pullRequests:\n  reviewers: [alice]\n  assignees: [alice]\n  labels: [base-images]\n',
      },
      { message: 'layout', author: { login: 'alice' } },
    );
    s.sim.truncateTreesOver = 3;
    s.sim.resetLog();

    await s.sim.deliver('installation_repositories', s.sim.payloads.installationRepositoriesAdded(installation, ['big'], 'alice'));
    await s.settle();
    s.sim.truncateTreesOver = 100_000;

    const [pull] = s.sim.listPullRequests('acme/big');
    expect(s.sim.readFile('acme/big', pull?.pull?.headRef ?? '', 'services/b/deep/Containerfile')).toBe(
      'FROM node:20.11.1-bookworm-slim\n',
    );
    expect(s.sim.readFile('acme/big', pull?.pull?.headRef ?? '', 'Dockerfile')).toBe('FROM node:20.11.1-bookworm-slim\n');
    expect(pull?.pull?.requestedReviewers).toEqual(['alice']);
    expect(pull?.assignees).toEqual(['alice']);
    expect(pull?.labels).toEqual(['base-images']);
    // One recursive call (truncated), then one call per tree walked: the root, .github, docs, services, services/a, services/b, services/b/deep.
    expect(s.sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}/git/trees/{tree_sha}' })).toBe(8);
    // Only the three Dockerfiles are read as blobs.
    expect(s.sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}/git/blobs/{file_sha}' })).toBe(3);
  });
});
