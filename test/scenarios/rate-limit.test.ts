import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOf, startScenario, type Scenario } from './harness.js';

const REPO = 'acme/api';
const OLD = '2025-01-10T00:00:00Z';
const NEWER = '2025-03-01T00:00:00Z';

describe('scenario: a registry pull limit defers the repository to after the reset', () => {
  let s: Scenario;
  let installation = 0;

  beforeAll(async () => {
    // Docker Hub's way: manifest answers say how many pulls are left; two left and two kept in reserve stop every pull.
    s = await startScenario(
      [
        { repository: 'library/node', tags: ['20.11.0-bookworm-slim'], created: OLD, salt: 'n20110' },
        { repository: 'library/node', tags: ['20.11.1-bookworm-slim'], created: NEWER, salt: 'n20111' },
      ],
      { faults: { rateLimit: { limit: 2, windowSeconds: 3600 } } },
    );
    s.sim.seedRepo({ owner: 'acme', name: 'api', files: { Dockerfile: 'FROM node:20.11.0-bookworm-slim\n' } });
    s.sim.addCollaborator(REPO, 'alice', 'write');
    installation = s.sim.addInstallation({ account: 'acme', repositories: ['api'] }).id;
  });

  afterAll(async () => {
    await s.close();
  });

  it('proposes nothing while the limit holds, and the dashboard says when freshbase runs again, not that it failed', async () => {
    await s.sim.deliver('installation_repositories', s.sim.payloads.installationRepositoriesAdded(installation, ['api'], 'alice'));
    await s.settle();

    const body = dashboardOf(s.sim, REPO)?.body ?? '';
    expect(s.sim.listPullRequests(REPO)).toEqual([]);
    expect(body).toContain(
      "A registry's rate limit stopped some lookups: freshbase runs again after 2025-04-01 01:00 UTC (the skipped references below say which).",
    );
    expect(body).toContain(`registry-error: rate limit of ${s.proxy?.host ?? ''} reached; retry after 01:00 UTC`);
    expect(body).not.toContain('## Errors');
    expect(s.proxy?.pulls()).toBe(0);
  });

  it('runs the repository again once the limit resets, with no event from GitHub, and opens the pull request', async () => {
    s.proxy?.setRateLimit({ limit: 100, windowSeconds: 3600 });

    await s.advance(3_600_000);
    await s.settle();

    expect(s.sim.listPullRequests(REPO).map((p) => p.title)).toEqual(['Bump node from 20.11.0-bookworm-slim to 20.11.1-bookworm-slim']);
    expect(dashboardOf(s.sim, REPO)?.body).not.toContain('Waiting for a registry');
  });
});
