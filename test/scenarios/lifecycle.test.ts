import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOf, startScenario, type Scenario } from './harness.js';

const OLD = '2024-08-06T00:00:00Z';
const NEWER = '2025-03-04T00:00:00Z';
const REPO = 'acme/api' as const;

// The scenario's clock starts 2025-04-01: go 1.22 reached end of life on 2025-02-11 (when 1.24 came out).
describe('scenario: a line past its end of life', () => {
  let s: Scenario;

  beforeAll(async () => {
    s = await startScenario([
      { repository: 'library/golang', tags: ['1.22.6'], created: OLD, salt: 'go1226' },
      { repository: 'library/golang', tags: ['1.22.12'], created: '2025-02-04T00:00:00Z', salt: 'go12212' },
      { repository: 'library/golang', tags: ['1.24.1'], created: NEWER, salt: 'go1241' },
      { repository: 'library/openjdk', tags: ['24-jdk'], created: NEWER, salt: 'jdk24' },
    ]);
    s.sim.seedRepo({
      owner: 'acme',
      name: 'api',
      files: { Dockerfile: 'FROM golang:1.22.6 AS build\nFROM openjdk:24-jdk\n' },
    });
    s.sim.addCollaborator(REPO, 'alice', 'write');
    await s.sim.installApp({ account: 'acme', repositories: ['api'], by: 'alice' });
    await s.settle();
  });

  afterAll(async () => {
    await s.close();
  });

  it('labels the line upgrade end-of-life and puts the date in its body; the in-line update keeps the usual labels', () => {
    const pulls = s.sim.listPullRequests(REPO).filter((p) => p.state === 'open');
    const upgrade = pulls.find((p) => p.title === 'Bump golang from 1.22.6 to 1.24.1');
    const inLine = pulls.find((p) => p.title === 'Bump golang from 1.22.6 to 1.22.12');

    expect(upgrade?.labels).toEqual(['dependencies', 'docker', 'end-of-life']);
    expect(upgrade?.body).toContain(
      '**End of life: 2025-02-11.** go 1.22 reached end of life on 2025-02-11; 1.24 is the newest supported line.',
    );
    expect(inLine?.labels).toEqual(['dependencies', 'docker']);
  });

  it('names the line past its end of life and the deprecated image in the dashboard, and opens no pull request to replace openjdk', () => {
    const body = dashboardOf(s.sim, REPO)?.body ?? '';

    expect(body).toContain(
      '## End of life\n\n- `Dockerfile:1` go 1.22 reached end of life on 2025-02-11; 1.24 is the newest supported line\n',
    );
    expect(body).toContain(
      '## Deprecated images\n\n- openjdk is deprecated upstream (since 2022-07); use eclipse-temurin or amazoncorretto (`Dockerfile:2`)\n',
    );
    expect(
      s.sim
        .listPullRequests(REPO)
        .map((p) => p.title)
        .filter((title) => title.includes('openjdk')),
    ).toEqual([]);
  });
});
