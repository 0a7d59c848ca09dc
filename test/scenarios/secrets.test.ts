/**
 * Secrets never leave: full runs of the app (onboarding, commands, a refusal, a scheduled pass,
 * a forged webhook) and of the CLI (scan and apply, with good and wrong registry credentials)
 * with recognisable secret values (private key, webhook secret, installation tokens, a registry
 * password), then every log line (pino, at trace level), every request body sent to GitHub and
 * everything the CLI printed is searched for them.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/local/run-cli.js';
import { signWebhookBody } from '../support/github-sim/index.js';
import { startBasicRegistry, TEST_USER, type TestRegistry } from '../support/registry/servers.js';
import { dashboardOf, startScenario, type Scenario } from './harness.js';

const WEBHOOK_SECRET = 'whsec-canary-7d1f3a9c0b2e';
const REGISTRY_PASSWORD = 'regpass-canary-5e2b8c41f6';
const WRONG_PASSWORD = 'wrongpass-canary-93ad17e0';
const DAY = 86_400_000;

/** The pieces of a secret worth searching for: the whole value, and for a PEM key each line of its body. */
function needles(secret: string): string[] {
  if (!secret.includes('PRIVATE KEY')) return [secret];
  return secret
    .split('\n')
    .filter((line) => line.length >= 32 && !line.startsWith('-----'))
    .map((line) => line.slice(0, 32));
}

/** Where in `haystacks` any needle appears, as `label: needle`. */
function leaks(haystacks: Readonly<Record<string, string>>, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const [label, text] of Object.entries(haystacks))
    for (const secret of secrets) for (const needle of needles(secret)) if (text.includes(needle)) found.push(`${label}: ${needle}`);
  return found;
}

describe('scenario: no secret reaches a log, a GitHub write or the CLI output', () => {
  let s: Scenario;
  let registry: TestRegistry;
  let dir = '';
  const logLines: string[] = [];
  const cliOutput: string[] = [];

  beforeAll(async () => {
    registry = await startBasicRegistry({ password: REGISTRY_PASSWORD });
    await registry.pusher.pushImage({ repository: 'private/app', tags: ['1.0'], created: '2025-01-10T00:00:00Z', salt: 'app10' });
    await registry.pusher.pushImage({ repository: 'private/app', tags: ['1.1'], created: '2025-02-10T00:00:00Z', salt: 'app11' });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(
          ...chunk
            .toString('utf8')
            .split('\n')
            .filter((line) => line !== ''),
        );
        done();
      },
    });
    s = await startScenario([], {
      log: pino({ level: 'trace' }, sink),
      github: { webhookSecret: WEBHOOK_SECRET },
      env: {
        FRESHBASE_INSECURE_REGISTRIES: registry.host,
        FRESHBASE_REGISTRY_CREDENTIALS: JSON.stringify([{ host: registry.host, username: TEST_USER, password: REGISTRY_PASSWORD }]),
      },
    });
    s.sim.seedRepo({ owner: 'acme', name: 'api', files: { Dockerfile: `FROM ${registry.host}/private/app:1.0\n` } });
    s.sim.addCollaborator('acme/api', 'alice', 'write');
    s.sim.addCollaborator('acme/api', 'mallory', 'read');
    dir = await mkdtemp(join(tmpdir(), 'freshbase-secrets-'));
  });

  afterAll(async () => {
    await s.close();
    await registry.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('runs onboarding, commands, a refusal, a forged webhook and a scheduled pass with the private registry', async () => {
    await s.sim.installApp({ account: 'acme', repositories: ['api'], by: 'alice' });
    await s.settle();
    const pull = s.sim.listPullRequests('acme/api')[0];
    await s.sim.commentOnIssue('acme/api', pull?.number ?? 0, { by: 'alice', body: '/freshbase recheck' });
    await s.sim.commentOnIssue('acme/api', pull?.number ?? 0, { by: 'mallory', body: '/freshbase ignore' });
    await s.settle();
    const forged = JSON.stringify(s.sim.payloads.pullRequestClosed('acme/api', pull?.number ?? 0, 'mallory'));
    const rejected = await fetch(s.webhookUrl(), {
      method: 'POST',
      body: forged,
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': 'forged',
        'x-hub-signature-256': signWebhookBody('guess', forged),
      },
    });
    await s.advance(8 * DAY);
    await s.settle();

    expect(pull?.title).toBe(`Bump ${registry.host}/private/app from 1.0 to 1.1`);
    expect(rejected.status).toBe(400);
    // The fake clock moves on while the pass waits on sockets, so only the pass itself is checked.
    expect(dashboardOf(s.sim, 'acme/api')?.body).toMatch(/^Last scheduled pass: 2025-04-/m);
    expect(s.sim.issuedTokens.length).toBeGreaterThan(0);
    expect(logLines.length).toBeGreaterThan(10);
  });

  it('runs the CLI with the registry password from the environment and from a Docker config, right and wrong', async () => {
    const checkout = join(dir, 'checkout');
    await mkdir(checkout);
    await writeFile(join(checkout, 'Dockerfile'), `FROM ${registry.host}/private/app:1.0\n`);
    const auth = (password: string): string => Buffer.from(`${TEST_USER}:${password}`).toString('base64');
    await writeFile(join(dir, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth: auth(REGISTRY_PASSWORD) } } }));
    const run = async (args: string[], password?: string): Promise<number> =>
      runCli([...args, '--no-cache', '--insecure-registry', registry.host], {
        stdout: (text) => cliOutput.push(text),
        stderr: (text) => cliOutput.push(text),
        env:
          password === undefined
            ? {}
            : { FRESHBASE_REGISTRY_CREDENTIALS: JSON.stringify([{ host: registry.host, username: TEST_USER, password }]) },
        interactive: true,
        now: () => new Date('2025-04-01T00:00:00Z'),
      });

    const codes = [
      await run(['scan', checkout], REGISTRY_PASSWORD),
      await run(['scan', checkout, '--format', 'json'], REGISTRY_PASSWORD),
      await run(['scan', checkout, '--docker-config', join(dir, 'config.json')]),
      await run(['scan', checkout], WRONG_PASSWORD),
      await run(['scan', checkout, '--format', 'json'], WRONG_PASSWORD),
      await run(['apply', checkout], REGISTRY_PASSWORD),
    ];

    expect(codes).toEqual([10, 10, 10, 1, 1, 0]);
  });

  it('finds none of the secrets in the logs, the bodies sent to GitHub or the CLI output', () => {
    const secrets = [WEBHOOK_SECRET, REGISTRY_PASSWORD, WRONG_PASSWORD, s.sim.app.privateKey, ...s.sim.issuedTokens];
    const basic = [REGISTRY_PASSWORD, WRONG_PASSWORD].map((password) => Buffer.from(`${TEST_USER}:${password}`).toString('base64'));
    const written = s.sim.requests.filter((r) => r.body !== '');

    const found = leaks(
      {
        logs: logLines.join('\n'),
        'GitHub request bodies': written.map((r) => r.body).join('\n'),
        'CLI output': cliOutput.join(''),
      },
      [...secrets, ...basic],
    );

    // The search finds what it looks for (a key is found by any line of its body).
    expect(leaks({ control: `x${s.sim.app.privateKey.split('\n')[3] ?? ''}x` }, [s.sim.app.privateKey])).toHaveLength(1);
    expect(written.length).toBeGreaterThan(5);
    expect(cliOutput.join('')).toContain('registry-error');
    expect(found).toEqual([]);
    expect(logLines.join('\n')).not.toMatch(/ghs_[0-9a-f]{36}/);
  });
});
