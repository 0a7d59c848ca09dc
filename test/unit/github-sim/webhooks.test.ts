import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from '@octokit/webhooks-methods';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGitHubSimulator, type GitHubSimulator } from '../../support/github-sim/index.js';
import { createSimProbot } from '../../support/github-sim/sim-clients.js';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
}

describe('github-sim/webhooks', () => {
  let sim: GitHubSimulator;
  let receiver: Server;
  let received: Received[];

  beforeEach(async () => {
    received = [];
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(202).end();
      });
    });
    sim = await startGitHubSimulator({ webhookSecret: 'sekret', webhookUrl: `${await listen(receiver)}/hooks` });
    sim.addInstallation({ account: 'acme', id: 77 });
    sim.seedRepo({ owner: 'acme', name: 'api', files: { Dockerfile: 'FROM python:3.12\n', 'old.txt': 'x\n' } });
  });

  afterEach(async () => {
    expect(sim.violations).toEqual([]);
    await sim.close();
    await stop(receiver);
  });

  it('signs deliveries so @octokit/webhooks-methods verifies them with the secret', async () => {
    const payload = sim.payloads.installationCreated(77, 'alice');

    const status = await sim.deliver('installation', payload);
    const [delivery] = received;

    expect(status).toBe(202);
    expect(delivery?.headers).toMatchObject({ 'x-github-event': 'installation', 'content-type': 'application/json' });
    expect(delivery?.headers['x-github-delivery']).toMatch(/^[0-9a-f-]{36}$/);
    expect(await verify('sekret', delivery?.body ?? '', String(delivery?.headers['x-hub-signature-256']))).toBe(true);
    expect(await verify('wrong', delivery?.body ?? '', String(delivery?.headers['x-hub-signature-256']))).toBe(false);
    expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({ action: 'created', installation: { id: 77, account: { login: 'acme' } } });
  });

  it('pushes files as a person and delivers push with added, modified and removed paths', async () => {
    const files = { Dockerfile: 'FROM python:3.13\n', 'new.txt': 'y\n', 'old.txt': null };
    const { sha, delivery } = await sim.pushFiles('acme/api', 'main', files, { message: 'Update', author: { login: 'alice' } });

    const payload: unknown = JSON.parse(received[0]?.body ?? '{}');

    expect(delivery?.status).toBe(202);
    expect(payload).toMatchObject({
      ref: 'refs/heads/main',
      after: sha,
      installation: { id: 77 },
      repository: { full_name: 'acme/api', default_branch: 'main' },
      sender: { login: 'alice' },
      commits: [{ id: sha, message: 'Update', added: ['new.txt'], modified: ['Dockerfile'], removed: ['old.txt'] }],
    });
  });

  it('delivers pull_request.closed with merged state when a person merges', async () => {
    sim.commitFiles('acme/api', 'freshbase/python', { Dockerfile: 'FROM python:3.13\n' }, { message: 'Bump' });
    const pull = sim.createPullRequest('acme/api', { head: 'freshbase/python', title: 'Bump python' });

    const { delivery, pushDelivery } = await sim.mergePullRequest('acme/api', pull.number, { by: 'alice', alsoPush: true });

    expect(delivery?.event).toBe('pull_request');
    expect(delivery?.payload).toMatchObject({
      action: 'closed',
      number: pull.number,
      pull_request: {
        merged: true,
        merged_by: { login: 'alice' },
        user: { login: 'freshbase[bot]', type: 'Bot' },
        head: { ref: 'freshbase/python' },
      },
      installation: { id: 77 },
    });
    expect(pushDelivery?.payload).toMatchObject({
      ref: 'refs/heads/main',
      commits: [
        { message: 'Bump', modified: ['Dockerfile'] },
        { message: `Merge pull request #${pull.number} from acme/freshbase/python\n\nBump python`, modified: ['Dockerfile'] },
      ],
    });
  });

  it('delivers issues.edited with the previous body and pull_request.closed when a person acts', async () => {
    sim.commitFiles('acme/api', 'freshbase/python', { Dockerfile: 'FROM python:3.13\n' }, { message: 'Bump' });
    const pull = sim.createPullRequest('acme/api', { head: 'freshbase/python', title: 'Bump python' });
    const dashboard = sim.createIssue('acme/api', { title: 'Dashboard', body: '- [ ] rescan' });

    const edited = await sim.editIssue('acme/api', dashboard.number, { by: 'alice', body: '- [x] rescan' });
    const closed = await sim.closePullRequest('acme/api', pull.number, { by: 'alice' });

    expect(edited.delivery?.payload).toMatchObject({
      action: 'edited',
      issue: { number: dashboard.number, body: '- [x] rescan' },
      changes: { body: { from: '- [ ] rescan' } },
      sender: { login: 'alice' },
    });
    expect(closed.delivery?.payload).toMatchObject({ action: 'closed', pull_request: { merged: false, state: 'closed' } });
    expect(received.map((delivery) => delivery.headers['x-github-event'])).toEqual(['issues', 'pull_request']);
  });

  it('installs the app and adds repos to a selected installation', async () => {
    sim.seedRepo({ owner: 'beta', name: 'web' });
    sim.seedRepo({ owner: 'beta', name: 'worker' });

    const installed = await sim.installApp({ account: 'beta', repositories: ['web'], by: 'bob' });
    const added = await sim.addInstallationRepos(installed.id, { names: ['worker'], by: 'bob' });

    expect(installed.delivery?.payload).toMatchObject({
      action: 'created',
      installation: { id: installed.id, repository_selection: 'selected' },
      repositories: [{ full_name: 'beta/web' }],
    });
    expect(added.delivery?.payload).toMatchObject({ action: 'added', repositories_added: [{ full_name: 'beta/worker' }] });
    expect(sim.deliveries.map((delivery) => `${delivery.event}.${delivery.action ?? ''}`)).toEqual([
      'installation.created',
      'installation_repositories.added',
    ]);
  });

  it('lets a Probot app receive a comment webhook and answer through the simulator', async () => {
    const probot = createSimProbot(sim);
    probot.on('issue_comment.created', async (context) => {
      await context.octokit.rest.issues.createComment(context.issue({ body: `ack: ${context.payload.comment.body}` }));
    });
    const middleware = await probot.getNodeMiddleware();
    const app = createServer((req, res) => void middleware(req, res));
    sim.setWebhookTarget(`${await listen(app)}/api/github/webhooks`);
    const dashboard = sim.createIssue('acme/api', { title: 'Dashboard' });

    const { delivery } = await sim.commentOnIssue('acme/api', dashboard.number, { by: 'alice', body: '@freshbase rescan' });
    await stop(app);

    expect(delivery?.status).toBe(200);
    expect(dashboard.comments.map((comment) => [comment.user.login, comment.body])).toEqual([
      ['alice', '@freshbase rescan'],
      ['freshbase[bot]', 'ack: @freshbase rescan'],
    ]);
    expect(sim.countRequests({ writesOnly: true, installationId: 77 })).toBe(1);
  });
});
