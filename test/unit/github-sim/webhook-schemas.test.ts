/**
 * The simulator's webhook payloads, checked against GitHub's published webhook schemas
 * (`@octokit/webhooks-schemas`), so they cannot drift from what GitHub sends.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubSimulator, type GitHubSimulator } from '../../support/github-sim/index.js';

/** The events and actions freshbase subscribes to (src/github/webhooks.ts). */
const HANDLED = [
  'installation.created',
  'installation_repositories.added',
  'push',
  'pull_request.closed',
  'issue_comment.created',
  'issues.edited',
];

interface SchemaFile {
  definitions: Record<string, object>;
}

const schema = createRequire(import.meta.url)('@octokit/webhooks-schemas') as SchemaFile;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ ...schema, $id: 'webhooks' });

function validatorFor(event: string, action: string | undefined): ValidateFunction {
  const name = `${event}$${action ?? 'event'}`;
  if (schema.definitions[name] === undefined) throw new Error(`no schema for ${name}`);
  const validate = ajv.getSchema(`webhooks#/definitions/${name.replace('$', '%24')}`);
  if (validate === undefined) throw new Error(`ajv did not compile ${name}`);
  return validate;
}

describe('github-sim/webhook payloads against @octokit/webhooks-schemas', () => {
  let sim: GitHubSimulator;
  let receiver: Server;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(202).end());
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    sim = await startGitHubSimulator({ webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks` });
    sim.seedRepo({ owner: 'acme', name: 'api', files: { Dockerfile: 'FROM python:3.12\n', 'old.txt': 'x\n' } });
    sim.seedRepo({ owner: 'acme', name: 'web', files: { Dockerfile: 'FROM node:22\n' } });
    const { id } = await sim.installApp({ account: 'acme', repositories: ['api'], by: 'alice' });
    await sim.addInstallationRepos(id, { names: ['web'], by: 'alice' });
    await sim.pushFiles(
      'acme/api',
      'main',
      { Dockerfile: 'FROM python:3.13\n', 'new.txt': 'y\n', 'old.txt': null },
      { message: 'Update', author: { login: 'alice' } },
    );
    sim.commitFiles('acme/api', 'freshbase/python', { Dockerfile: 'FROM python:3.14\n' }, { message: 'Bump' });
    const merged = sim.createPullRequest('acme/api', { head: 'freshbase/python', title: 'Bump python' });
    await sim.mergePullRequest('acme/api', merged.number, { by: 'alice', alsoPush: true });
    sim.commitFiles('acme/api', 'freshbase/node', { Dockerfile: 'FROM node:24\n' }, { message: 'Bump node' });
    const closed = sim.createPullRequest('acme/api', { head: 'freshbase/node', title: 'Bump node' });
    await sim.commentOnIssue('acme/api', closed.number, { by: 'alice', body: '/freshbase rebase' });
    await sim.closePullRequest('acme/api', closed.number, { by: 'alice' });
    const dashboard = sim.createIssue('acme/api', { title: 'freshbase dashboard', body: '- [ ] rescan' });
    await sim.commentOnIssue('acme/api', dashboard.number, { by: 'alice', body: '/freshbase recheck' });
    await sim.editIssue('acme/api', dashboard.number, { by: 'alice', body: '- [x] rescan' });
  });

  afterAll(async () => {
    await sim.close();
    receiver.closeAllConnections();
    await new Promise<void>((resolve) =>
      receiver.close(() => {
        resolve();
      }),
    );
  });

  it('sends every event freshbase handles', () => {
    const sent = new Set(
      sim.deliveries.map((delivery) => (delivery.action === undefined ? delivery.event : `${delivery.event}.${delivery.action}`)),
    );

    expect([...sent].sort()).toEqual([...HANDLED].sort());
  });

  it("builds each payload as GitHub's schema for its event and action describes it", () => {
    const failures = sim.deliveries.flatMap((delivery) => {
      const validate = validatorFor(delivery.event, delivery.action);
      return validate(delivery.payload)
        ? []
        : [`${delivery.event}.${delivery.action ?? ''}: ${ajv.errorsText(validate.errors, { separator: '; ' })}`];
    });

    expect(failures).toEqual([]);
    expect(sim.deliveries.length).toBeGreaterThanOrEqual(9);
  });
});
