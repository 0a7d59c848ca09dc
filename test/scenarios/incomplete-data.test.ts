import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOf, startScenario, writesOf, type Scenario } from './harness.js';

const REPO = 'acme/api';
const OLD = '2025-01-10T00:00:00Z';
const NEWER = '2025-03-01T00:00:00Z';

/** Settles the queue while moving the clock on, a second at a time: the registry client's retries wait on timers. */
async function settleWithRetries(s: Scenario): Promise<void> {
  const state = { settled: false };
  const done = s.settle().then(() => {
    state.settled = true;
  });
  for (let second = 0; second < 300 && !state.settled; second++) await s.advance(1000);
  await done;
}

describe('scenario: a registry error on the next pass leaves the open pull request as it is', () => {
  let s: Scenario;
  let installation = 0;

  beforeAll(async () => {
    s = await startScenario(
      [
        { repository: 'library/node', tags: ['20.11.0-bookworm-slim'], created: OLD, salt: 'n20110' },
        { repository: 'library/node', tags: ['20.11.1-bookworm-slim'], created: NEWER, salt: 'n20111' },
        { repository: 'library/node', tags: ['20.11.2-bookworm-slim'], created: NEWER, salt: 'n20112' },
        { repository: 'library/node', tags: ['20.11.0-alpine'], created: OLD, salt: 'a20110' },
        { repository: 'library/node', tags: ['20.11.2-alpine'], created: NEWER, salt: 'a20112' },
      ],
      { faults: {} },
    );
    s.sim.seedRepo({
      owner: 'acme',
      name: 'api',
      files: { Dockerfile: 'FROM node:20.11.0-bookworm-slim\n', 'web/Dockerfile': 'FROM node:20.11.0-alpine\n' },
    });
    s.sim.addCollaborator(REPO, 'alice', 'write');
    installation = s.sim.addInstallation({ account: 'acme', repositories: ['api'] }).id;
    await s.sim.deliver('installation_repositories', s.sim.payloads.installationRepositoriesAdded(installation, ['api'], 'alice'));
    await s.settle();
  });

  afterAll(async () => {
    await s.close();
  });

  it('opens one pull request for both references of the node 20.11 line while the registry answers', () => {
    const pulls = s.sim.listPullRequests(REPO);

    expect(pulls.map((p) => p.title)).toEqual(['Bump node 20.11 (2 references)']);
    expect(s.sim.readFile(REPO, 'freshbase/node-20.11', 'Dockerfile')).toBe('FROM node:20.11.2-bookworm-slim\n');
    expect(s.sim.readFile(REPO, 'freshbase/node-20.11', 'web/Dockerfile')).toBe('FROM node:20.11.2-alpine\n');
  });

  it('when one newest tag answers 500, writes nothing to the pull request (no push to an older tag, no drop, no close) and names the error', async () => {
    s.proxy?.inject({ path: '/manifests/20.11.2-bookworm-slim', times: 1000, fault: { kind: 'status', status: 500 } });
    s.sim.resetLog();
    const dashboard = dashboardOf(s.sim, REPO);

    await s.sim.commentOnIssue(REPO, dashboard?.number ?? 0, { by: 'alice', body: '/freshbase recheck' });
    await settleWithRetries(s);

    const [pull] = s.sim.listPullRequests(REPO);
    expect(pull).toMatchObject({ state: 'open', title: 'Bump node 20.11 (2 references)' });
    expect(s.sim.readFile(REPO, 'freshbase/node-20.11', 'Dockerfile')).toBe('FROM node:20.11.2-bookworm-slim\n');
    expect(s.sim.readFile(REPO, 'freshbase/node-20.11', 'web/Dockerfile')).toBe('FROM node:20.11.2-alpine\n');
    // The only write is the dashboard's: no commit, no branch move, no pull request edit, comment or close.
    expect(writesOf(s.sim)).toEqual(['PATCH /repos/{owner}/{repo}/issues/{issue_number}']);
    expect(dashboardOf(s.sim, REPO)?.body).toContain(
      '- registry: node: could not look up 20.11.2-bookworm-slim: docker.io/library/node: registry unavailable (HTTP 500)',
    );
    expect(s.sim.violations).toEqual([]);
  });
});
