import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOf, startScenario, type Scenario } from './harness.js';

const DAY = 86_400_000;

function markerOf(s: Scenario, repo: `${string}/${string}`): Record<string, unknown> {
  const body = dashboardOf(s.sim, repo)?.body ?? '';
  const json = /<!-- freshbase:dashboard (\{.*\}) -->/.exec(body)?.[1] ?? '{}';
  return JSON.parse(json) as Record<string, unknown>;
}

describe('scenario: weekly passes on node-cron', () => {
  let s: Scenario;

  beforeAll(async () => {
    // 2025-04-01 is a Tuesday.
    s = await startScenario([{ repository: 'library/python', tags: ['3.12-slim'], created: '2025-01-10T00:00:00Z', salt: 'py312' }], {
      start: '2025-04-01T12:00:00Z',
    });
    s.sim.seedRepo({ owner: 'acme', name: 'svc', files: { Dockerfile: 'FROM python:3.12-slim\n' } });
    s.sim.seedRepo({
      owner: 'acme',
      name: 'daily',
      files: {
        Dockerfile: 'FROM python:3.12-slim\n',
        '.github/freshbase.yml': "schedule:\n  cron: '30 6 * * *'\n  timezone: Europe/Berlin\n",
      },
    });
    s.sim.seedRepo({
      owner: 'acme',
      name: 'never',
      files: { Dockerfile: 'FROM python:3.12-slim\n', '.github/freshbase.yml': "schedule:\n  cron: '0 0 30 2 *'\n" },
    });
    await s.sim.installApp({ account: 'acme', repositories: ['svc', 'daily', 'never'], by: 'alice' });
    await s.settle();
  });

  afterAll(async () => {
    await s.close();
  });

  it('gives each repository a node-cron task from its config, its offset folded in, in its time zone', async () => {
    // acme/svc: the default Monday 03:00 UTC, plus its offset of 56 minutes (from sha256 of its name).
    expect(await s.scheduler().nextRun('acme/svc')).toEqual(new Date('2025-04-07T03:56:00Z'));
    // acme/daily: 06:30 in Berlin (UTC+2 in April), plus its offset of 51 minutes.
    expect(await s.scheduler().nextRun('acme/daily')).toEqual(new Date('2025-04-02T05:21:00Z'));
  });

  it('shows a cron expression that never fires as a config error with its line, and schedules nothing for it', async () => {
    // The config's text is escaped for Markdown (`\*`), so it cannot start emphasis.
    expect(dashboardOf(s.sim, 'acme/never')?.body).toContain(
      'config: .github/freshbase.yml:2 at schedule.cron: "0 0 30 2 \\*": it never fires: day 30 does not occur in the months it names',
    );
    expect(await s.scheduler().nextRun('acme/never')).toBeNull();
  });

  it('a pass records when the next one is due', async () => {
    await s.advance(6 * DAY);
    await s.settle();

    expect(markerOf(s, 'acme/svc')).toMatchObject({ nextScheduledAt: '2025-04-14T03:56:00.000Z' });
    expect(dashboardOf(s.sim, 'acme/svc')?.body).toMatch(/^Last scheduled pass: 2025-04-07T/m);
  });

  it('runs a pass missed while freshbase was down once, at start-up', async () => {
    s.sim.resetLog();

    // Down from Monday 2025-04-07 12:00 to Tuesday 2025-04-15 12:00: the Monday 04-14 pass of acme/svc is missed.
    await s.restart(8 * DAY);
    await s.settle();

    expect(dashboardOf(s.sim, 'acme/svc')?.body).toContain('Last scheduled pass: 2025-04-15T12:00:00.000Z');
    expect(markerOf(s, 'acme/svc')).toMatchObject({ nextScheduledAt: '2025-04-21T03:56:00.000Z' });
    // One pass per repository with a schedule (acme/svc and acme/daily), not one per missed slot; none for acme/never.
    expect(s.sim.countRequests({ method: 'GET', route: '/repos/{owner}/{repo}/git/trees/{tree_sha}' })).toBe(2);
    expect(await s.scheduler().nextRun('acme/svc')).toEqual(new Date('2025-04-21T03:56:00Z'));
  });
});
