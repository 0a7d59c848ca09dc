import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOf, startScenario, TWO_PLATFORMS, writesOf, type Scenario } from './harness.js';

const DAY = 86_400_000;
const OLD = '2025-01-10T00:00:00Z';
const NEWER = '2025-03-01T00:00:00Z';
const REPO = 'acme/api' as const;
const BUILD = `name: build
on:
  push:
    branches: [main]
  workflow_dispatch:
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          file: Dockerfile
`;
const FILES = {
  Dockerfile: 'FROM python:3.12-slim\n',
  'tools/Dockerfile': 'FROM node:20.11.0-bookworm-slim\n',
  '.github/workflows/build.yml': BUILD,
};
const IMAGES = [
  { repository: 'library/python', tags: ['3.12-slim'], created: OLD, salt: 'py312-a' },
  { repository: 'library/node', tags: ['20.11.0-bookworm-slim'], created: OLD, salt: 'n20110' },
  { repository: 'library/node', tags: ['20.11.1-bookworm-slim'], created: NEWER, salt: 'n20111' },
];

/** Pushes a rebuilt python:3.12-slim (a new digest), then lets a week pass: the Monday pass runs. */
async function scheduledPassWithNewDigest(s: Scenario): Promise<void> {
  await s.pusher.pushImage({
    repository: 'library/python',
    tags: ['3.12-slim'],
    created: NEWER,
    salt: 'py312-b',
    platforms: TWO_PLATFORMS,
  });
  s.sim.resetLog();
  await s.advance(7 * DAY);
  await s.settle();
}

describe('scenario: dryRun: true in the config writes nothing at all', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await startScenario(IMAGES, { start: '2025-04-01T12:00:00Z' });
    s.sim.seedRepo({ owner: 'acme', name: 'api', files: FILES });
    s.sim.addCollaborator(REPO, 'alice', 'write');
    s.sim.addCollaborator(REPO, 'mallory', 'read');
    // Without dry run first, so there are a pull request and a dashboard to comment on.
    await s.sim.installApp({ account: 'acme', repositories: ['api'], by: 'alice' });
    await s.settle();
  });

  afterAll(async () => {
    await s.close();
  });

  it('the rescan after dryRun: true is pushed reads the repository and writes nothing', async () => {
    s.sim.resetLog();

    await s.sim.pushFiles(REPO, 'main', { '.github/freshbase.yml': 'dryRun: true\n' }, { message: 'dry run', author: { login: 'alice' } });
    await s.settle();

    expect(writesOf(s.sim)).toEqual([]);
    expect(s.sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}/git/trees/{tree_sha}' })).toBe(1);
  });

  it.each([
    ['recheck on the dashboard', 'dashboard', 'alice', '/freshbase recheck'],
    ['rebuild on the dashboard', 'dashboard', 'alice', '/freshbase rebuild'],
    ['recheck on the pull request', 'pull', 'alice', '/freshbase recheck'],
    ['rebase on the pull request', 'pull', 'alice', '/freshbase rebase'],
    ['ignore on the pull request', 'pull', 'alice', '/freshbase ignore'],
    ['rebuild on the pull request (the wrong place)', 'pull', 'alice', '/freshbase rebuild'],
    ['an unknown command', 'pull', 'alice', '/freshbase frobnicate'],
    ['a command from a user without write access', 'pull', 'mallory', '/freshbase ignore'],
  ])('%s writes nothing', async (_name, where, by, body) => {
    const pull = s.sim.listPullRequests(REPO).find((p) => p.pull?.headRef === 'freshbase/node-20.11');
    const number = where === 'dashboard' ? (dashboardOf(s.sim, REPO)?.number ?? 0) : (pull?.number ?? 0);
    s.sim.resetLog();

    await s.sim.commentOnIssue(REPO, number, { by, body });
    await s.settle();

    expect(writesOf(s.sim)).toEqual([]);
    expect(s.sim.listPullRequests(REPO).find((p) => p.number === pull?.number)?.state).toBe('open');
    expect(s.sim.violations).toEqual([]);
  });

  it('a scheduled pass after an upstream rebuild dispatches nothing and writes nothing', async () => {
    await scheduledPassWithNewDigest(s);

    expect(writesOf(s.sim)).toEqual([]);
    expect(s.sim.listRuns(REPO)).toEqual([]);
    expect(s.sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}/git/trees/{tree_sha}' })).toBe(1);
  });
});

describe('scenario: FRESHBASE_DRY_RUN writes nothing at all', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await startScenario(IMAGES, { start: '2025-04-01T12:00:00Z', env: { FRESHBASE_DRY_RUN: 'true' } });
    s.sim.seedRepo({ owner: 'acme', name: 'api', files: FILES });
    s.sim.addCollaborator(REPO, 'alice', 'write');
  });

  afterAll(async () => {
    await s.close();
  });

  it('onboarding reads the repository, opens no pull request and no dashboard', async () => {
    await s.sim.installApp({ account: 'acme', repositories: ['api'], by: 'alice' });
    await s.settle();

    expect(writesOf(s.sim)).toEqual([]);
    expect(s.sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}/git/trees/{tree_sha}' })).toBe(1);
    expect(s.sim.listIssues(REPO)).toEqual([]);
  });

  it('a scheduled pass after an upstream rebuild dispatches nothing and writes nothing', async () => {
    await scheduledPassWithNewDigest(s);

    expect(writesOf(s.sim)).toEqual([]);
    expect(s.sim.listRuns(REPO)).toEqual([]);
    expect(s.sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}/git/trees/{tree_sha}' })).toBe(1);
  });
});
