import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observeRequests } from '../../../src/github/request-hook.js';
import type { GitHub } from '../../../src/github/types.js';
import { createMetrics } from '../../../src/metrics/index.js';
import type { RegistryStats } from '../../../src/registry/index.js';
import { createSimProbot, startGitHubSimulator, type GitHubSimulator } from '../../support/github-sim/index.js';

const STATS: RegistryStats = {
  requests: 7,
  retries: 1,
  tagWalks: 1,
  cacheHits: 3,
  byHost: { 'registry-1.docker.io': { tags: 2, 'manifest-head': 5 } },
  byStatus: { 'registry-1.docker.io': { tags: { '200': 1, '429': 1 }, 'manifest-head': { '200': 5 } } },
};

/** The lines of a scrape that are samples (not comments) of metrics named `freshbase_…`. */
function samples(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('freshbase_'));
}

describe('metrics', () => {
  it('exports the registry client counters and budgets and the queue counts at scrape time', async () => {
    const metrics = createMetrics({
      registryStats: () => STATS,
      registryRateLimits: () => [
        { authority: 'registry-1.docker.io', account: 'anonymous', remaining: 76 },
        { authority: 'registry-1.docker.io', account: 'c-1', remaining: 12 },
        { authority: 'ghcr.io', account: 'anonymous' },
      ],
      queueCounts: () => Promise.resolve({ waiting: 4, active: 2, delayed: 1, failed: 0 }),
    });

    const { body, contentType } = await metrics.render();

    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(samples(body)).toEqual(
      expect.arrayContaining([
        'freshbase_registry_requests_total{host="registry-1.docker.io",kind="tags",status="200"} 1',
        'freshbase_registry_requests_total{host="registry-1.docker.io",kind="tags",status="429"} 1',
        'freshbase_registry_requests_total{host="registry-1.docker.io",kind="manifest-head",status="200"} 5',
        'freshbase_registry_ratelimit_remaining{host="registry-1.docker.io"} 12',
        'freshbase_queue_jobs{state="waiting"} 4',
        'freshbase_queue_jobs{state="active"} 2',
        'freshbase_queue_jobs{state="delayed"} 1',
        'freshbase_queue_jobs{state="failed"} 0',
      ]),
    );
    expect(body).not.toContain('ghcr.io');
    expect(body).toContain('# TYPE process_resident_memory_bytes gauge');
  });

  it('counts runs by trigger and outcome, their durations and the update types proposed', async () => {
    const metrics = createMetrics();

    metrics.scanFinished({ trigger: 'push', outcome: 'scanned', seconds: 1.5, proposals: ['patch', 'major', 'patch'] });
    metrics.scanFinished({ trigger: 'schedule', outcome: 'failed', seconds: 0.2, proposals: [] });
    const lines = samples((await metrics.render()).body);

    expect(lines).toEqual(
      expect.arrayContaining([
        'freshbase_scans_total{trigger="push",outcome="scanned"} 1',
        'freshbase_scans_total{trigger="schedule",outcome="failed"} 1',
        'freshbase_proposals_total{type="patch"} 2',
        'freshbase_proposals_total{type="major"} 1',
        'freshbase_scan_duration_seconds_count 2',
        'freshbase_scan_duration_seconds_sum 1.7',
        'freshbase_scan_duration_seconds_bucket{le="2"} 2',
        'freshbase_scan_duration_seconds_bucket{le="1"} 1',
      ]),
    );
  });
});

describe('github/request-hook feeding the metrics', () => {
  let sim: GitHubSimulator;

  beforeAll(async () => {
    sim = await startGitHubSimulator();
    sim.seedRepo({ owner: 'acme', name: 'api', files: { Dockerfile: 'FROM python:3.12\n' } });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('counts requests by status, pull request writes by action, and the rate limit left per installation', async () => {
    const installation = sim.addInstallation({ account: 'acme' }).id;
    const metrics = createMetrics();
    const octokit: GitHub = observeRequests(await createSimProbot(sim).auth(installation), String(installation), (seen) => {
      metrics.gitHubRequest(seen);
    });
    const repo = { owner: 'acme', repo: 'api' };
    sim.createBranch('acme/api', 'freshbase/x');
    sim.commitFiles('acme/api', 'freshbase/x', { Dockerfile: 'FROM python:3.13\n' }, { message: 'bump' });
    await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });

    const { data: pull } = await octokit.rest.pulls.create({ ...repo, title: 'x', head: 'freshbase/x', base: 'main' });
    await octokit.rest.pulls.update({ ...repo, pull_number: pull.number, title: 'y' });
    await octokit.rest.pulls.update({ ...repo, pull_number: pull.number, state: 'closed' });
    await octokit.rest.repos.get({ owner: 'acme', repo: 'gone' }).catch(() => undefined);
    const lines = samples((await metrics.render()).body);

    expect(lines).toEqual(
      expect.arrayContaining([
        'freshbase_pull_requests_total{action="created"} 1',
        'freshbase_pull_requests_total{action="updated"} 1',
        'freshbase_pull_requests_total{action="closed"} 1',
        'freshbase_github_requests_total{status="200"} 3',
        // The pull request, and the installation token Probot asked for first.
        'freshbase_github_requests_total{status="201"} 2',
        'freshbase_github_requests_total{status="404"} 1',
      ]),
    );
    expect(lines.find((line) => line.startsWith(`freshbase_github_ratelimit_remaining{installation="${installation}"}`))).toMatch(/ \d+$/);
  });
});
