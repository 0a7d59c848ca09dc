import { describe, expect, it } from 'vitest';
import { groupProposals } from '../../../src/plan/index.js';
import { renderDashboard, isRecheckTicked, stableDashboardText } from '../../../src/github/render/dashboard.js';
import { prItems, renderPrBody, renderPrTitle } from '../../../src/github/render/pull-request.js';
import { parseMarker, PrState } from '../../../src/github/markers.js';
import { extractManifestRefs } from '../../../src/manifests/index.js';
import { planReference, type Proposal } from '../../../src/plan/index.js';
import { parseRepoConfig } from '../../../src/config/parse-repo-config.js';
import { factsFor, NOW, plan } from '../plan/plan-helpers.js';

const facts = factsFor([{ tags: ['3.11.8-slim'] }, { tags: ['3.11.9-slim'], created: '2025-03-01T00:00:00Z' }]);
const proposal = plan('ARG PY=3.11.8\nFROM python:${PY}-slim\n', facts);
const [group] = groupProposals([proposal]);

describe('github/render', () => {
  it('titles and renders a pull request with its table and a state marker that reads back', () => {
    if (group === undefined) throw new Error('no group');
    const state = { group: group.key, base: 'a'.repeat(40), head: 'b'.repeat(40), items: prItems(group) };

    const body = renderPrBody(group, state, NOW);

    expect(renderPrTitle(group)).toBe('Bump python from 3.11.8-slim to 3.11.9-slim');
    expect(body.split('\n').slice(0, 5).join('\n')).toMatchInlineSnapshot(`
      "freshbase proposes the newest compatible update inside the python 3.11 line for every Dockerfile that uses it.

      | File | From | To | Type | Digest | Age | Platforms |
      | --- | --- | --- | --- | --- | --- | --- |
      | \`Dockerfile:1\` | \`3.11.8-slim\` | \`3.11.9-slim\` | patch | \`sha256:332e31312e39…\` (not pinned) | 31 days | linux/amd64, linux/arm64/v8 |"
    `);
    expect(body).toContain('https://www.python.org/downloads/release/python-3119/');
    expect(parseMarker(body, 'pr', PrState)).toEqual(state);
  });

  it('renders the dashboard, and tells a ticked recheck box and a change that is only the scan time', () => {
    const view = {
      errors: ['config: .github/freshbase.yml:2 at pullRequests.limit: bad'],
      proposals: [proposal],
      pulls: null,
      state: { declined: [{ image: 'python', version: '3.12.0-slim', pr: 7 }] },
      sections: [],
    };

    const first = renderDashboard({ ...view, scannedAt: '2025-04-01T00:00:00.000Z' });
    const later = renderDashboard({ ...view, scannedAt: '2025-04-01T06:00:00.000Z' });

    expect(first).toMatchInlineSnapshot(`
      "freshbase keeps the base images of this repository fresh. This issue shows what it sees; it updates itself after each scan.

      - [ ] <!-- freshbase:recheck --> Tick this box to make freshbase rescan now

      ## Errors

      - config: .github/freshbase.yml:2 at pullRequests.limit: bad

      ## Open pull requests

      None.

      ## Declined versions

      - python 3.12.0-slim (closed #7)

      ## References by file kind

      | Kind | Files | References | To update | Up to date | Skipped |
      | --- | --- | --- | --- | --- | --- |
      | Dockerfile | 1 | 1 | 1 | 0 | 0 |

      0 references are up to date (images: python).

      Last scan: 2025-04-01T00:00:00.000Z

      <!-- freshbase:dashboard {"declined":[{"image":"python","pr":7,"version":"3.12.0-slim"}],"scannedAt":"2025-04-01T00:00:00.000Z"} -->"
    `);
    expect(stableDashboardText(first)).toBe(stableDashboardText(later));
    expect(isRecheckTicked(first)).toBe(false);
    expect(isRecheckTicked(first.replace('- [ ]', '- [x]'))).toBe(true);
  });

  it('keeps a hostile value from ending the marker comment', () => {
    if (group === undefined) throw new Error('no group');
    const state = { group: '--> <script>', base: 'a'.repeat(40), head: 'b'.repeat(40), items: [] };

    const body = renderPrBody(group, state, NOW);

    expect(body.match(/-->/g)).toHaveLength(1);
    expect(parseMarker(body, 'pr', PrState)?.group).toBe('--> <script>');
  });

  it('lists references by file kind, and the skipped ones kind by kind with their reasons', () => {
    const compose = extractManifestRefs({
      path: 'compose.yaml',
      kind: 'compose',
      text: 'services:\n  app:\n    image: python:3.11.8-slim\n  db:\n    image: postgres:${PG}\n',
    });
    const workflow = extractManifestRefs({
      path: '.github/workflows/ci.yml',
      kind: 'workflow',
      text: 'jobs:\n  test:\n    container: ${{ matrix.image }}\n',
    });
    const policy = parseRepoConfig('');
    const proposals: Proposal[] = [
      proposal,
      ...[...compose, ...workflow].map((ref) =>
        ref.problem === undefined
          ? planReference({ ref, facts: facts, policy, now: NOW })
          : planReference({ ref, facts: null, policy, now: NOW }),
      ),
    ];

    const body = renderDashboard({
      errors: [],
      proposals,
      pulls: null,
      state: { declined: [] },
      sections: [],
      scannedAt: NOW.toISOString(),
    });

    expect(body.slice(body.indexOf('## References by file kind'), body.indexOf('0 references are up to date'))).toMatchInlineSnapshot(`
      "## References by file kind

      | Kind | Files | References | To update | Up to date | Skipped |
      | --- | --- | --- | --- | --- | --- |
      | Dockerfile | 1 | 1 | 1 | 0 | 0 |
      | Compose | 1 | 2 | 1 | 0 | 1 |
      | Workflow | 1 | 1 | 0 | 0 | 1 |

      ## Skipped references

      | Kind | Where | Reference | Reason |
      | --- | --- | --- | --- |
      | Compose | \`compose.yaml:5\` | \`postgres:\${PG}\` | unresolvable: \\\${PG} has no default: PG is only known from the environment or .env file when Compose runs |
      | Workflow | \`.github/workflows/ci.yml:3\` | \`\${{ matrix.image }}\` | unresolvable: \\\${{ matrix.image }} is a GitHub Actions expression: the image is only known when the workflow runs |

      "
    `);
  });

  it('names the kind of each file in a pull request that is not only Dockerfiles', () => {
    const [ref] = extractManifestRefs({
      path: 'compose.yaml',
      kind: 'compose',
      text: 'services:\n  app:\n    image: python:3.11.8-slim\n',
    });
    if (ref === undefined) throw new Error('no reference');
    const [mixed] = groupProposals([proposal, planReference({ ref, facts, policy: parseRepoConfig(''), now: NOW })]);
    if (mixed === undefined) throw new Error('no group');

    const body = renderPrBody(mixed, { group: mixed.key, base: 'a'.repeat(40), head: 'b'.repeat(40), items: prItems(mixed) }, NOW);

    expect(body.split('\n').slice(0, 6).join('\n')).toMatchInlineSnapshot(`
      "freshbase proposes the newest compatible update inside the python 3.11 line for every file that uses it.

      | File | From | To | Type | Digest | Age | Platforms |
      | --- | --- | --- | --- | --- | --- | --- |
      | \`Dockerfile:1\` (Dockerfile) | \`3.11.8-slim\` | \`3.11.9-slim\` | patch | \`sha256:332e31312e39…\` (not pinned) | 31 days | linux/amd64, linux/arm64/v8 |
      | \`compose.yaml:3\` (Compose, services.app.image) | \`3.11.8-slim\` | \`3.11.9-slim\` | patch | \`sha256:332e31312e39…\` (not pinned) | 31 days | linux/amd64, linux/arm64/v8 |"
    `);
  });

  it('lists references past or near their end of life with the line to move to, and deprecated images with their replacements', () => {
    const golang = plan('FROM golang:1.22.5\n', factsFor([{ tags: ['1.22.5'] }]));
    const openjdk = plan('FROM openjdk:24-jdk\n', factsFor([{ tags: ['24-jdk'] }]));

    const body = renderDashboard({
      errors: [],
      proposals: [golang, openjdk],
      pulls: null,
      state: { declined: [] },
      sections: [],
      scannedAt: NOW.toISOString(),
    });

    expect(body.slice(body.indexOf('## End of life'), body.indexOf('## References by file kind'))).toMatchInlineSnapshot(`
      "## End of life

      - \`Dockerfile:1\` go 1.22 reached end of life on 2025-02-11; 1.24 is the newest supported line

      ## Deprecated images

      - openjdk is deprecated upstream (since 2022-07); use eclipse-temurin or amazoncorretto (\`Dockerfile:1\`)

      "
    `);
  });
});
