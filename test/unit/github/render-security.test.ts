import { describe, expect, it } from 'vitest';
import { parseMarker, PrState } from '../../../src/github/markers.js';
import { BODY_BUDGET } from '../../../src/github/render/budget.js';
import { renderDashboard } from '../../../src/github/render/dashboard.js';
import { prItems, renderPrBody } from '../../../src/github/render/pull-request.js';
import { groupSecurity } from '../../../src/github/render/security.js';
import { groupProposals, type Update, type UpdateGroup } from '../../../src/plan/index.js';
import type { PackageChange } from '../../../src/sbom/index.js';
import type { OpenVulnerabilities, SecurityReport, VulnGroup } from '../../../src/security/index.js';
import { factsFor, NOW, plan } from '../plan/plan-helpers.js';

const SHA = 'b'.repeat(40);
const facts = factsFor([{ tags: ['3.11.8-slim'] }, { tags: ['3.11.11-slim'], created: '2025-03-01T00:00:00Z' }]);
const proposal = plan('FROM python:3.11.8-slim\n', facts);
const second = plan('FROM python:3.11.8-slim\n', facts);
const [group] = groupProposals([proposal]);
const [pair] = groupProposals([proposal, { ...second, ref: { ...second.ref, file: 'worker/Dockerfile' } }]);

function only<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('missing');
  return value;
}

function updateOf(g: UpdateGroup, index = 0): Update {
  return only(g.items[index]).update;
}

/** `count` changed Debian packages, each closing one high vulnerability. */
function report(count: number): SecurityReport {
  const changes: PackageChange[] = Array.from({ length: count }, (_, i) => ({
    kind: 'changed',
    type: 'deb',
    source: `lib${String(i).padStart(4, '0')}`,
    before: ['1.0-1'],
    after: ['1.0-1+deb12u1'],
    distro: { id: 'debian', versionId: '12' },
    binaries: [],
  }));
  const closed: VulnGroup[] = changes.map((c, i) => ({
    key: `CVE-2099-${String(i).padStart(4, '0')}`,
    ids: [],
    severity: 'high',
    packages: [c.source],
  }));
  return {
    status: 'compared',
    delta: { packages: changes, runtimes: [], unchanged: 10, partial: false },
    vulnerabilities: {
      status: 'checked',
      closed,
      opened: [],
      packages: changes.map((c, i) => ({ change: c, ecosystem: 'Debian:12', closed: [closed[i]?.key ?? ''], opened: [] })),
      unsupported: 0,
      skipped: { queries: 0, details: 0 },
    },
  };
}

describe('github/render/security', () => {
  it('puts the summary and the package table in the body, and its fingerprint in the marker', () => {
    const g = only(group);
    const security = groupSecurity(g, { bumps: new Map([[updateOf(g), report(2)]]), unassessed: new Map() });
    const state = { group: g.key, base: SHA, head: SHA, items: prItems(g), security: security?.fingerprint ?? '' };

    const body = renderPrBody(g, state, NOW, security);

    expect(security).toMatchObject({ conclusive: true, fingerprint: 'closes 2 vulnerabilities (2 high) in 2 OS packages; opens 0' });
    expect(body).toContain('**Security:** closes 2 vulnerabilities (2 high) in 2 OS packages; opens 0\n');
    expect(body).toContain('| `lib0001` | `1.0-1` → `1.0-1+deb12u1` | `CVE-2099-0001` (high) |  |');
    expect(body.indexOf('**Security:**')).toBeGreaterThan(body.indexOf('| `Dockerfile:1` |'));
    expect(parseMarker(body, 'pr', PrState)).toEqual(state);
  });

  it('stays within the body budget with hundreds of changed packages, and says how many it left out', () => {
    const g = only(group);
    const security = groupSecurity(g, { bumps: new Map([[updateOf(g), report(2000)]]), unassessed: new Map() });
    const state = { group: g.key, base: SHA, head: SHA, items: prItems(g), security: security?.fingerprint ?? '' };

    const body = renderPrBody(g, state, NOW, security);

    expect(body.length).toBeLessThanOrEqual(BODY_BUDGET);
    expect(body).toMatch(/\n\d+ more packages are left out to keep the pull request within GitHub's size limit\.\n/);
    expect(body).toContain('| `lib0000` |');
    expect(parseMarker(body, 'pr', PrState)).toEqual(state);
  });

  it('shows one section for items sharing an image pair, and says why an update was not compared', () => {
    const g = only(pair);
    const shared = report(1);

    const assessed = groupSecurity(g, {
      bumps: new Map([
        [updateOf(g, 0), shared],
        [updateOf(g, 1), shared],
      ]),
      unassessed: new Map(),
    });
    const skipped = groupSecurity(g, {
      bumps: new Map(),
      unassessed: new Map([[updateOf(g, 0), 'only the first 10 image pairs of a scan are compared']]),
    });
    const body = renderPrBody(g, { group: g.key, base: SHA, head: SHA, items: prItems(g) }, NOW, skipped);

    expect(assessed?.sections).toHaveLength(1);
    expect(skipped).toMatchObject({ conclusive: false, fingerprint: 'not assessed: only the first 10 image pairs of a scan are compared' });
    expect(body).toContain('**Security:** not assessed: only the first 10 image pairs of a scan are compared\n');
  });

  it('says "not assessed: no SBOM published" for images without attestations, a final answer', () => {
    const g = only(group);

    const security = groupSecurity(g, {
      bumps: new Map([[updateOf(g), { status: 'no-sbom', missing: ['current', 'proposed'] }]]),
      unassessed: new Map(),
    });
    const body = renderPrBody(g, { group: g.key, base: SHA, head: SHA, items: prItems(g) }, NOW, security);

    expect(security?.conclusive).toBe(true);
    expect(body).toContain('**Security:** not assessed: no SBOM published\n');
  });

  it('lists the known vulnerabilities of the images in use in the dashboard, the most first', () => {
    const checked = (total: number, high: number): OpenVulnerabilities => ({
      status: 'checked',
      counts: { critical: 0, high, medium: 0, low: 0, unknown: total - high },
      total,
      ids: [],
      skipped: { queries: 0, details: 0 },
    });
    const other = plan('FROM python:3.11.11-slim\n', facts);
    const vulnerabilities = new Map([
      [proposal.ref, checked(4, 1)],
      [other.ref, checked(12, 3)],
    ]);

    const body = renderDashboard({
      errors: [],
      proposals: [proposal, other],
      pulls: { open: [], pending: [], personPushed: [], closed: [] },
      state: { declined: [] },
      sections: [],
      scannedAt: '2025-04-01T00:00:00.000Z',
      vulnerabilities,
    });

    const table = body.slice(body.indexOf('## Known vulnerabilities of the images in use'));
    expect(table.split('\n').slice(4, 6)).toEqual([
      '| `python:3.11.11-slim` | `Dockerfile:1` | 12 known (3 high) |',
      '| `python:3.11.8-slim` | `Dockerfile:1` | 4 known (1 high) |',
    ]);
  });
});
