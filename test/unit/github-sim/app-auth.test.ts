import { createSign, generateKeyPairSync } from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGitHubSimulator, type GitHubSimulator } from '../../support/github-sim/index.js';
import { createSimOctokit, createSimProbot, settleStatus } from '../../support/github-sim/sim-clients.js';

function generatePrivateKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
}

function signJwt(privateKey: string, claims: Record<string, unknown>): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(privateKey, 'base64url')}`;
}

const silent = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('github-sim/app auth', () => {
  const privateKey = generatePrivateKey();
  let sim: GitHubSimulator;
  let installationId: number;

  beforeAll(async () => {
    sim = await startGitHubSimulator({ appId: 4242, privateKey });
    installationId = sim.addInstallation({ account: 'acme', repositories: ['api', '.github', 'vault'] }).id;
    const collaborators = { alice: 'maintain', bob: 'triage' } as const;
    sim.seedRepo({ owner: 'acme', name: 'api', files: { Dockerfile: 'FROM python:3.12\n' }, collaborators });
    sim.seedRepo({ owner: 'acme', name: '.github', files: { '.github/freshbase.yml': 'schedule: weekly\n' } });
    sim.seedRepo({ owner: 'acme', name: 'vault', private: true, collaborators: { bob: 'read' } });
  });

  afterAll(async () => {
    expect(sim.violations).toEqual([]);
    await sim.close();
  });

  it('lets a real Probot authenticate as the app and as an installation', async () => {
    const probot = createSimProbot(sim);
    sim.resetLog();

    const { data: app } = await (await probot.auth()).rest.apps.getAuthenticated();
    const installation = await probot.auth(installationId);
    const { data: repo } = await installation.rest.repos.get({ owner: 'acme', repo: 'api' });

    expect(app).toMatchObject({ id: 4242, slug: 'freshbase' });
    expect(repo.default_branch).toBe('main');
    expect(sim.requests.map((record) => [record.method, record.route, record.installationId, record.isWrite])).toEqual([
      ['GET', '/app', undefined, false],
      ['POST', '/app/installations/{installation_id}/access_tokens', undefined, false],
      ['GET', '/repos/{owner}/{repo}', installationId, false],
    ]);
  });

  it("loads config through Probot's config plugin, falling back to the org .github repo", async () => {
    const installation = await createSimProbot(sim, { enterprise: true }).auth(installationId);

    const { config, files } = await installation.config.get({ owner: 'acme', repo: 'api', path: '.github/freshbase.yml' });

    expect(config).toEqual({ schedule: 'weekly' });
    expect(files.map((file) => `${file.repo}:${String(file.config !== null)}`)).toEqual(['api:false', '.github:true']);
  });

  it('accepts only JWTs signed with the app key and naming the app as issuer', async () => {
    const now = Math.floor(Date.now() / 1000);
    const client = (jwt: string): Octokit => new Octokit({ baseUrl: sim.url, auth: jwt, log: silent });

    const statuses = [
      await settleStatus(client(signJwt(privateKey, { iat: now - 30, exp: now + 540, iss: 4242 })).rest.apps.getAuthenticated()),
      await settleStatus(client(signJwt(generatePrivateKey(), { iat: now - 30, exp: now + 540, iss: 4242 })).rest.apps.getAuthenticated()),
      await settleStatus(client(signJwt(privateKey, { iat: now - 30, exp: now + 540, iss: 1 })).rest.apps.getAuthenticated()),
    ];

    expect(statuses).toEqual([200, 401, 401]);
  });

  it('finds installations as the app and scopes access tokens to requested repos', async () => {
    const app = await createSimProbot(sim).auth();

    const { data: installations } = await app.rest.apps.listInstallations();
    const { data: token } = await app.rest.apps.createInstallationAccessToken({ installation_id: installationId, repositories: ['api'] });
    const scoped = new Octokit({ baseUrl: sim.url, auth: token.token, log: silent });
    const statuses = [
      await settleStatus(scoped.rest.repos.get({ owner: 'acme', repo: 'api' })),
      await settleStatus(scoped.rest.repos.get({ owner: 'acme', repo: 'vault' })),
    ];

    expect(installations.map((installation) => installation.id)).toEqual([installationId]);
    expect(token).toMatchObject({ repository_selection: 'selected', repositories: [{ name: 'api' }] });
    expect(statuses).toEqual([200, 404]);
  });

  it('lists only the repos the installation was granted', async () => {
    const octokit = createSimOctokit(sim, installationId);

    const { data } = await octokit.rest.apps.listReposAccessibleToInstallation();

    expect(data).toMatchObject({ total_count: 3, repository_selection: 'selected' });
    expect(data.repositories.map((repo) => repo.name).sort()).toEqual(['.github', 'api', 'vault']);
  });

  it.each([
    ['alice', 'api', 'write', 'maintain'],
    ['bob', 'api', 'read', 'triage'],
    ['acme', 'api', 'admin', 'admin'],
    ['carol', 'api', 'read', 'read'],
    ['carol', 'vault', 'none', 'none'],
    ['bob', 'vault', 'read', 'read'],
  ])('reports %s on %s as permission %s, role %s', async (username, repo, permission, role) => {
    const octokit = createSimOctokit(sim, installationId);

    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner: 'acme', repo, username });

    expect(data).toMatchObject({ permission, role_name: role, user: { login: username } });
  });
});
