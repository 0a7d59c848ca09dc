import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withConditionalRequests } from '../../../src/github/conditional-requests.js';
import type { GitHub } from '../../../src/github/types.js';
import { createMemoryStore } from '../../../src/registry/index.js';
import { startGitHubSimulator, type GitHubSimulator } from '../../support/github-sim/index.js';
import { createSimOctokit } from '../../support/github-sim/sim-clients.js';

describe('github/conditional-requests', () => {
  let sim: GitHubSimulator;
  let installationId: number;

  beforeAll(async () => {
    sim = await startGitHubSimulator();
    installationId = sim.addInstallation({ account: 'acme' }).id;
    sim.seedRepo({ owner: 'acme', name: 'api', files: { Dockerfile: 'FROM python:3.12\n' } });
  });

  afterAll(async () => {
    await sim.close();
  });

  it('asks again with the stored ETag, hands back the stored answer on 304, and stores a changed one', async () => {
    const store = createMemoryStore();
    const octokit = withConditionalRequests(createSimOctokit(sim, installationId) as unknown as GitHub, {
      store,
      scope: String(installationId),
    });
    const ref = { owner: 'acme', repo: 'api', ref: 'heads/main' };

    const first = await octokit.rest.git.getRef(ref);
    const second = await octokit.rest.git.getRef(ref);
    const sha = sim.commitFiles('acme/api', 'main', { README: 'x\n' }, { message: 'x', author: { login: 'alice' } });
    const third = await octokit.rest.git.getRef(ref);
    const fourth = await octokit.rest.git.getRef(ref);

    expect(sim.requests.filter((r) => r.route === '/repos/{owner}/{repo}/git/ref/{ref}').map((r) => r.status)).toEqual([
      200, 304, 200, 304,
    ]);
    expect(second.data).toEqual(first.data);
    expect(third.data.object.sha).toBe(sha);
    expect(fourth.data.object.sha).toBe(sha);
    expect(sim.rateLimitUsed(installationId)).toBe(2);
  });

  it('keeps the Link header of a page, so a list read again page by page is all 304s with the same items', async () => {
    const store = createMemoryStore();
    const octokit = withConditionalRequests(createSimOctokit(sim, installationId) as unknown as GitHub, {
      store,
      scope: String(installationId),
    });
    const writer = createSimOctokit(sim, installationId);
    for (const title of ['one', 'two', 'three']) await writer.rest.issues.create({ owner: 'acme', repo: 'api', title });
    sim.resetLog();
    const list = () => octokit.paginate(octokit.rest.issues.listForRepo, { owner: 'acme', repo: 'api', per_page: 2 });

    const first = await list();
    const second = await list();

    expect(first.map((issue) => issue.title).sort()).toEqual(['one', 'three', 'two']);
    expect(second).toEqual(first);
    expect(sim.requests.map((r) => r.status)).toEqual([200, 200, 304, 304]);
  });
});
