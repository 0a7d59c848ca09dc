import { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubSimulator, type GitHubSimulator } from '../../support/github-sim/index.js';
import { createSimOctokit, settleStatus } from '../../support/github-sim/sim-clients.js';

describe('github-sim/http-server', () => {
  let sim: GitHubSimulator;
  let octokit: Octokit;
  let installationId: number;

  beforeEach(async () => {
    sim = await startGitHubSimulator();
    installationId = sim.addInstallation({ account: 'acme' }).id;
    sim.seedRepo({ owner: 'acme', name: 'api', files: { Dockerfile: 'FROM python:3.12\n' } });
    octokit = createSimOctokit(sim, installationId);
  });

  afterEach(async () => {
    await sim.close();
  });

  function expectNoViolations(): void {
    expect(sim.violations).toEqual([]);
  }

  it('answers a route GitHub does not have with 404 and records a violation', async () => {
    const error: unknown = await octokit
      .request('GET /repos/{owner}/{repo}/made-up', { owner: 'acme', repo: 'api' })
      .catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 404, response: { data: { message: 'Not Found', status: '404' } } });
    expect(sim.violations).toEqual([expect.objectContaining({ kind: 'unknown-route', method: 'GET', path: '/repos/acme/api/made-up' })]);
  });

  it('answers a real but unimplemented route with 501 and records a violation', async () => {
    const status = await settleStatus(octokit.rest.repos.listReleases({ owner: 'acme', repo: 'api' }));

    expect(status).toBe(501);
    expect(sim.violations).toEqual([expect.objectContaining({ kind: 'not-implemented', route: '/repos/{owner}/{repo}/releases' })]);
  });

  it('accepts GitHub Enterprise paths under /api/v3', async () => {
    const enterprise = createSimOctokit(sim, installationId, { enterprise: true });

    const { data } = await enterprise.rest.repos.get({ owner: 'acme', repo: 'api' });

    expect(data.full_name).toBe('acme/api');
    expect(sim.requests.at(-1)).toMatchObject({ route: '/repos/{owner}/{repo}', path: '/repos/acme/api', installationId });
    expect(sim.violations).toEqual([]);
  });

  it('rejects missing and unknown tokens with 401', async () => {
    const log = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const anonymous = new Octokit({ baseUrl: sim.url, log });
    const forged = new Octokit({ baseUrl: sim.url, auth: 'ghs_not-issued-by-the-simulator', log });

    const statuses = [
      await settleStatus(anonymous.rest.repos.get({ owner: 'acme', repo: 'api' })),
      await settleStatus(forged.rest.repos.get({ owner: 'acme', repo: 'api' })),
    ];

    expect(statuses).toEqual([401, 401]);
  });

  it('hides repos outside the installation behind 404', async () => {
    sim.seedRepo({ owner: 'other', name: 'secret' });

    const status = await settleStatus(octokit.rest.repos.get({ owner: 'other', repo: 'secret' }));

    expect(status).toBe(404);
  });

  it('refuses writes to archived repos with 403', async () => {
    sim.getRepo('acme/api').archived = true;

    const status = await settleStatus(octokit.rest.issues.create({ owner: 'acme', repo: 'api', title: 'x' }));

    expect(status).toBe(403);
  });

  it('refuses what the installation has no permission for with 403', async () => {
    const readOnly = sim.addInstallation({ account: 'readers', permissions: { contents: 'read', metadata: 'read' } });
    sim.seedRepo({ owner: 'readers', name: 'lib', files: { Dockerfile: 'FROM alpine:3.20\n' } });
    const client = createSimOctokit(sim, readOnly.id);

    const statuses = {
      root: await settleStatus(client.rest.repos.getContent({ owner: 'readers', repo: 'lib', path: '' })),
      tree: await settleStatus(client.rest.git.createTree({ owner: 'readers', repo: 'lib', tree: [] })),
      pulls: await settleStatus(client.rest.pulls.list({ owner: 'readers', repo: 'lib' })),
    };

    expect(statuses).toEqual({ root: 200, tree: 403, pulls: 403 });
    expectNoViolations();
  });

  it('injects faults for the next matching requests only', async () => {
    sim.failNext({ method: 'GET', route: '/repos/{owner}/{repo}', status: 502, times: 2 });

    const statuses = [
      await settleStatus(octokit.rest.repos.get({ owner: 'acme', repo: 'api' })),
      await settleStatus(octokit.rest.repos.get({ owner: 'acme', repo: 'api' })),
      await settleStatus(octokit.rest.repos.get({ owner: 'acme', repo: 'api' })),
    ];

    expect(statuses).toEqual([502, 502, 200]);
    expect(sim.requests.map((record) => record.injected)).toEqual([true, true, false]);
  });

  it('counts requests by method, route and writes, and resets the log', async () => {
    await octokit.rest.repos.get({ owner: 'acme', repo: 'api' });
    await octokit.rest.issues.create({ owner: 'acme', repo: 'api', title: 'one' });
    await octokit.rest.issues.create({ owner: 'acme', repo: 'api', title: 'two' });

    const counts = {
      all: sim.countRequests(),
      writes: sim.countRequests({ writesOnly: true }),
      creates: sim.countRequests({ method: 'POST', route: '/repos/{owner}/{repo}/issues' }),
    };
    sim.resetLog();

    expect(counts).toEqual({ all: 3, writes: 2, creates: 2 });
    expect(sim.countRequests()).toBe(0);
  });

  it('sends rate-limit headers', async () => {
    const { headers } = await octokit.rest.repos.get({ owner: 'acme', repo: 'api' });

    expect(headers['x-ratelimit-limit']).toBe('5000');
    expect(Number(headers['x-ratelimit-remaining'])).toBeLessThan(5000);
  });

  it('answers a GET again with its ETag in If-None-Match with 304, no body, and does not count it; a changed resource gets 200', async () => {
    const ref = { owner: 'acme', repo: 'api', ref: 'heads/main' };
    const first = await octokit.rest.git.getRef(ref);
    const etag = first.headers.etag ?? '';
    const unchanged = await settleStatus(octokit.rest.git.getRef({ ...ref, headers: { 'if-none-match': etag } }));
    const used = sim.rateLimitUsed(installationId);
    sim.commitFiles('acme/api', 'main', { README: 'changed\n' }, { message: 'x', author: { login: 'alice' } });
    const changed = await settleStatus(octokit.rest.git.getRef({ ...ref, headers: { 'if-none-match': etag } }));

    expect(etag).toMatch(/^W\/"[0-9a-f]{40}"$/);
    expect(unchanged).toBe(304);
    // The first read counted; the 304 did not.
    expect(used).toBe(1);
    expect(changed).toBe(200);
    expect(sim.rateLimitUsed(installationId)).toBe(2);
  });

  it('refuses requests past the hourly limit with 403 and remaining 0, writing nothing, until the window resets', async () => {
    sim.setRateLimit(installationId, 3, 2);
    const last = await octokit.rest.repos.get({ owner: 'acme', repo: 'api' });
    const refused: unknown = await octokit.rest.issues.create({ owner: 'acme', repo: 'api', title: 'x' }).catch((error: unknown) => error);

    expect(last.headers['x-ratelimit-remaining']).toBe('0');
    expect(refused).toMatchObject({
      status: 403,
      message: expect.stringContaining('API rate limit exceeded for installation ID') as unknown,
      response: { headers: { 'x-ratelimit-remaining': '0' } },
    });
    expect(sim.listIssues('acme/api')).toEqual([]);
  });
});
