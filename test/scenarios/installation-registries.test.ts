import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBasicRegistry, TEST_PASSWORD, TEST_USER } from '../support/registry/servers.js';
import { dashboardOf, startScenario, type Scenario } from './harness.js';

const OLD = '2025-01-10T00:00:00Z';
const NEWER = '2025-03-01T00:00:00Z';

describe("scenario: each installation's runs see the registry through its own credentials", () => {
  let s: Scenario;

  beforeAll(async () => {
    const basic = await startBasicRegistry();
    // The registry's only credential is bound to the acme organization.
    const credentials = [{ host: basic.host, username: TEST_USER, password: TEST_PASSWORD, owners: ['acme'] }];
    s = await startScenario(
      [
        { repository: 'library/node', tags: ['20.11.0-bookworm-slim'], created: OLD, salt: 'n20110' },
        { repository: 'library/node', tags: ['20.11.1-bookworm-slim'], created: NEWER, salt: 'n20111' },
      ],
      { registry: basic, env: { FRESHBASE_REGISTRY_CREDENTIALS: JSON.stringify(credentials) } },
    );
    for (const owner of ['acme', 'umbrella']) {
      s.sim.seedRepo({ owner, name: 'api', files: { Dockerfile: 'FROM node:20.11.0-bookworm-slim\n' } });
      s.sim.addCollaborator(`${owner}/api`, 'alice', 'write');
      const { id } = s.sim.addInstallation({ account: owner, repositories: ['api'] });
      await s.sim.deliver('installation_repositories', s.sim.payloads.installationRepositoriesAdded(id, ['api'], 'alice'));
    }
    await s.settle();
  });

  afterAll(async () => {
    await s.close();
  });

  it('uses the credential for the installation it is bound to', () => {
    expect(s.sim.listPullRequests('acme/api').map((p) => p.title)).toEqual([
      'Bump node from 20.11.0-bookworm-slim to 20.11.1-bookworm-slim',
    ]);
  });

  it('never lends it to another installation, whose reference reads as not found', () => {
    expect(s.sim.listPullRequests('umbrella/api')).toEqual([]);
    expect(dashboardOf(s.sim, 'umbrella/api')?.body).toContain('not found, or not available to this installation');
  });
});
