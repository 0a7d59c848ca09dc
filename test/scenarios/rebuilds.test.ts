import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOf, startScenario, TWO_PLATFORMS, type Scenario } from './harness.js';

const DAY = 86_400_000;
const BUILD = `name: build
on:
  push:
    branches: [main]
  workflow_dispatch:
    inputs:
      reason:
        description: why
        required: false
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: docker/build-push-action@v6
        with:
          context: .
          file: Dockerfile
`;
const PUBLISH = BUILD.replace('name: build', 'name: publish');
const LEGACY = `name: legacy
on: push
jobs:
  image:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -f Dockerfile .
`;

function dashboard(s: Scenario, repo: `${string}/${string}`): string {
  return dashboardOf(s.sim, repo)?.body ?? '';
}

describe('scenario: scheduled rebuilds', () => {
  let s: Scenario;

  beforeAll(async () => {
    // 2025-04-01 is a Tuesday: the default schedule (Monday 03:00 UTC, plus this repository's offset of up to an hour) comes six days later.
    s = await startScenario([{ repository: 'library/python', tags: ['3.12-slim'], created: '2025-01-10T00:00:00Z', salt: 'py312-a' }], {
      start: '2025-04-01T12:00:00Z',
    });
    s.sim.seedRepo({
      owner: 'acme',
      name: 'svc',
      files: {
        Dockerfile: 'FROM python:3.12-slim\n',
        '.github/freshbase.yml': 'rebuild:\n  maxAge: 30d\n',
        '.github/workflows/build.yml': BUILD,
        '.github/workflows/publish.yml': PUBLISH,
        '.github/workflows/legacy.yml': LEGACY,
      },
    });
    // The other repository's pass comes a day later (Tuesday), so the failure injected below hits acme/svc.
    s.sim.seedRepo({
      owner: 'acme',
      name: 'other',
      files: {
        Dockerfile: 'FROM python:3.12-slim\n',
        '.github/freshbase.yml': "schedule:\n  cron: '0 3 * * 2'\n",
        '.github/workflows/build.yml': BUILD,
      },
    });
    s.sim.addCollaborator('acme/svc', 'alice', 'admin');
    await s.sim.installApp({ account: 'acme', repositories: ['svc', 'other'], by: 'alice' });
    await s.settle();
  });

  afterAll(async () => {
    await s.close();
  });

  it('reports a build workflow without workflow_dispatch with the lines to add, and dispatches nothing on onboarding', () => {
    expect(s.sim.listRuns('acme/svc')).toEqual([]);
    expect(dashboard(s, 'acme/svc')).toContain('`.github/workflows/legacy.yml` (builds `Dockerfile`');
    expect(dashboard(s, 'acme/svc')).toContain('workflow_dispatch:');
  });

  it('the weekly schedule fires; a failed dispatch shows in the dashboard and stops neither the other target nor the other repository', async () => {
    s.sim.failNext({ method: 'POST', route: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches', status: 404 });

    await s.advance(6 * DAY);
    await s.settle();

    expect(s.sim.listRuns('acme/svc')).toHaveLength(1);
    expect(s.sim.listRuns('acme/other')).toEqual([]);

    await s.advance(1 * DAY);
    await s.settle();

    expect(s.sim.listRuns('acme/other')).toHaveLength(1);
    expect(dashboard(s, 'acme/svc')).toMatch(/rebuild: \.github\/workflows\/(build|publish)\.yml: dispatch failed \(HTTP 404\)/);
    expect(dashboard(s, 'acme/svc')).toContain('dispatched: first rebuild');
  });

  it('records the conclusion of the dispatched run and lists a failed rebuild with its link', async () => {
    const run = s.sim.listRuns('acme/svc')[0];
    s.sim.completeRun(run?.id ?? 0, 'failure');

    await s.sim.commentOnIssue('acme/svc', dashboardOf(s.sim, 'acme/svc')?.number ?? 0, { by: 'alice', body: '/freshbase recheck' });
    await s.settle();

    expect(dashboard(s, 'acme/svc')).toContain('**Failed rebuilds**');
    expect(dashboard(s, 'acme/svc')).toContain(`../actions/runs/${run?.id ?? 0}`);
  });

  it('dispatches only when a base image digest changed (maxAge 30d has not passed)', async () => {
    const before = s.sim.listRuns('acme/svc').length;

    await s.advance(6 * DAY);
    await s.settle();

    // Only the target whose first dispatch failed runs now (its first rebuild); the other saw no change.
    expect(s.sim.listRuns('acme/svc')).toHaveLength(before + 1);
    const unchanged = s.sim.listRuns('acme/svc').length;
    await s.pusher.pushImage({
      repository: 'library/python',
      tags: ['3.12-slim'],
      created: '2025-04-10T00:00:00Z',
      salt: 'py312-b',
      platforms: TWO_PLATFORMS,
    });

    await s.advance(7 * DAY);
    await s.settle();

    expect(s.sim.listRuns('acme/svc')).toHaveLength(unchanged + 2);
    expect(dashboard(s, 'acme/svc')).toContain('python:3.12-slim was rebuilt upstream');
  });

  it('/freshbase rebuild on the dashboard dispatches now, even with nothing changed', async () => {
    const before = s.sim.listRuns('acme/svc').length;
    const issue = dashboardOf(s.sim, 'acme/svc');
    s.sim.resetLog();

    await s.sim.commentOnIssue('acme/svc', issue?.number ?? 0, { by: 'alice', body: '/freshbase rebuild' });
    await s.settle();

    expect(s.sim.listRuns('acme/svc')).toHaveLength(before + 2);
    expect(dashboard(s, 'acme/svc')).toContain('dispatched: a rebuild was requested with /freshbase rebuild');
    expect(s.sim.countRequests({ method: 'POST', route: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches' })).toBe(2);
  });
});
