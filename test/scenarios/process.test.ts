import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createPusher } from '../../bench/support/registry-push.js';
import { findFreePort, startRegistry, type LocalRegistry } from '../../bench/support/registry-server.js';
import { startGitHubSimulator, type GitHubSimulator } from '../support/github-sim/index.js';
import { dashboardOf, TWO_PLATFORMS } from './harness.js';
import {
  createAppDir,
  pollUntil,
  readJobCounters,
  requireBuiltApp,
  startAppProcess,
  startRecordingProxy,
  type AppDir,
  type AppProcess,
  type RecordingProxy,
} from './process-support.js';

const REPO = 'acme/api' as const;
const TITLE = 'Bump python from 3.11.8-slim to 3.11.9-slim';

// `npm test` builds first; fail the whole file at once, naming the fix, when it did not.
requireBuiltApp();

describe('scenario: the built app as a GitHub Enterprise Server user runs it', () => {
  // Filled in as each part starts, so afterAll stops whatever started even when beforeAll fails.
  const parts: { registry?: LocalRegistry; sim?: GitHubSimulator; proxy?: RecordingProxy; appDir?: AppDir; app?: AppProcess } = {};

  beforeAll(async () => {
    const registry = (parts.registry = await startRegistry());
    const pusher = createPusher({ url: registry.url });
    await pusher.pushImage({
      repository: 'library/python',
      tags: ['3.11.8-slim'],
      created: '2025-01-10T00:00:00Z',
      salt: 'py3118',
      platforms: TWO_PLATFORMS,
    });
    await pusher.pushImage({
      repository: 'library/python',
      tags: ['3.11.9-slim'],
      created: '2025-01-20T00:00:00Z',
      salt: 'py3119',
      platforms: TWO_PLATFORMS,
    });
    const sim = (parts.sim = await startGitHubSimulator());
    sim.seedRepo({ owner: 'acme', name: 'api', files: { Dockerfile: 'FROM python:3.11.8-slim\n' } });
    sim.addCollaborator(REPO, 'alice', 'write');
    // The simulator logs paths with `/api/v3` stripped, so GHE_HOST points at a pass-through that keeps them.
    const proxy = (parts.proxy = await startRecordingProxy(sim.url));
    const appDir = (parts.appDir = await createAppDir());
    const app = (parts.app = await startAppProcess({
      cwd: appDir.dir,
      port: await findFreePort(),
      env: {
        APP_ID: String(sim.app.id),
        PRIVATE_KEY: sim.app.privateKey,
        WEBHOOK_SECRET: sim.webhookSecret,
        LOG_LEVEL: 'warn',
        GHE_HOST: proxy.host,
        GHE_PROTOCOL: 'http',
        FRESHBASE_MIRRORS: `docker.io=${registry.url}`,
        FRESHBASE_CACHE_TTL: '0',
        // The images carry no SBOM, so OSV is never asked; a refusing loopback port all the same.
        FRESHBASE_OSV_URL: 'http://127.0.0.1:9',
      },
    }));
    sim.setWebhookTarget(`${app.url}/api/github/webhooks`);
  });

  afterAll(async () => {
    await parts.app?.stop();
    await parts.proxy?.close();
    await parts.sim?.close();
    await parts.registry?.stop();
    await parts.appDir?.remove();
  });

  it('onboarding through /api/v3 opens the bump pull request and the dashboard', async () => {
    const { sim, proxy, app } = parts;
    if (sim === undefined || proxy === undefined || app === undefined) throw new Error('beforeAll did not start the scenario');
    const before = await pollUntil(app, 'GET /freshbase/status', () => readJobCounters(app));

    const { id, delivery } = await sim.installApp({ account: 'acme', repositories: ['api'], by: 'alice' });
    const jobs = await pollUntil(app, 'the onboarding job to finish', async () => {
      const counters = await readJobCounters(app);
      return counters.finished + counters.failed >= 1 ? counters : undefined;
    });

    const log = app.output();
    expect(before, log).toEqual({ started: 0, finished: 0, failed: 0 });
    expect(delivery?.status, log).toBe(200);
    expect(jobs, log).toEqual({ started: 1, finished: 1, failed: 0 });
    const pulls = sim.listPullRequests(REPO);
    expect(
      pulls.map((p) => [p.title, p.state]),
      log,
    ).toEqual([[TITLE, 'open']]);
    expect(sim.readFile(REPO, pulls[0]?.pull?.headRef ?? '', 'Dockerfile'), log).toBe('FROM python:3.11.9-slim\n');
    const dashboard = dashboardOf(sim, REPO);
    expect(dashboard?.body, log).toContain(`#${pulls[0]?.number ?? 0} ${TITLE}`);
    expect(sim.countRequests({ method: 'POST', route: '/repos/{owner}/{repo}/pulls' }), log).toBe(1);
    expect(
      sim.requests.filter((r) => r.isWrite && r.installationId !== id),
      log,
    ).toEqual([]);
    expect(proxy.requests.length, log).toBe(sim.requests.length);
    expect(
      proxy.requests.filter((r) => !/^[A-Z]+ \/api\/v3\//.test(r)),
      log,
    ).toEqual([]);
    expect(sim.violations, log).toEqual([]);
  });
});

describe('scenario: the built app without credentials', () => {
  const parts: { appDir?: AppDir; app?: AppProcess } = {};

  beforeAll(async () => {
    const appDir = (parts.appDir = await createAppDir());
    // NO_SMEE_SETUP: without it Probot's set-up fetches smee-client with npx and asks smee.io for a channel.
    parts.app = await startAppProcess({
      cwd: appDir.dir,
      port: await findFreePort(),
      env: { LOG_LEVEL: 'warn', GHE_HOST: 'github.acme.test', NO_SMEE_SETUP: 'true' },
    });
  });

  afterAll(async () => {
    await parts.app?.stop();
    await parts.appDir?.remove();
  });

  it("serves Probot's set-up page, registering the app from app.yml on the enterprise host", async () => {
    const { appDir, app } = parts;
    if (appDir === undefined || app === undefined) throw new Error('beforeAll did not start the app');

    const root = await fetch(`${app.url}/`, { redirect: 'manual' });
    await root.body?.cancel();
    const page = await fetch(`${app.url}/probot`);
    const html = await page.text();

    const log = app.output();
    expect([root.status, root.headers.get('location')], log).toEqual([302, '/probot']);
    expect([page.status, page.headers.get('content-type')], log).toEqual([200, 'text/html']);
    expect(html, log).toContain('<form action="https://github.acme.test/settings/apps/new" method="post"');
    expect(html, log).toContain('>Register GitHub App</button>');
    const appYml: unknown = parseYaml(await readFile(join(appDir.dir, 'app.yml'), 'utf8'));
    const manifest = /name="manifest" id="manifest" value='([^']*)'/.exec(html)?.[1];
    expect(JSON.parse(manifest ?? 'null'), log).toEqual({
      ...(appYml as object),
      hook_attributes: { url: `${app.url}/` },
      redirect_url: `${app.url}/probot/setup`,
      version: 'v1',
    });
  });
});
