import { describe, expect, it } from 'vitest';
import type { OsvLookup, VulnDetail } from '../../../src/osv/index.js';
import type { PackageDelta } from '../../../src/sbom/index.js';
import { buildBumpQueries, classifyVulnerabilities, vulnKeys } from '../../../src/security/index.js';

const debian12 = { id: 'debian', versionId: '12' };

const delta: PackageDelta = {
  packages: [
    {
      kind: 'changed',
      type: 'deb',
      source: 'openssl',
      before: ['3.0.11-1~deb12u2'],
      after: ['3.0.15-1~deb12u1'],
      distro: debian12,
      binaries: [],
    },
    { kind: 'removed', type: 'deb', source: 'expat', before: ['2.5.0-1'], after: [], distro: debian12, binaries: [] },
    { kind: 'added', type: 'deb', source: 'gdbm', before: [], after: ['1.23-3'], distro: debian12, binaries: [] },
    { kind: 'changed', type: 'rpm', source: 'bash', before: ['5.1'], after: ['5.2'], distro: { id: 'rhel', versionId: '9' }, binaries: [] },
  ],
  runtimes: [],
  unchanged: 10,
  partial: false,
};

function detail(id: string, related: string[], severity: VulnDetail['rating']['severity']): VulnDetail {
  return { id, related, rating: { severity, source: 'cvss-v3' }, packageRatings: {} };
}

describe('security/classify', () => {
  it('asks old versions of changed and removed packages and new versions of changed and added ones, for distributions OSV covers', () => {
    expect(buildBumpQueries(delta)).toEqual([
      { ecosystem: 'Debian:12', name: 'openssl', version: '3.0.11-1~deb12u2' },
      { ecosystem: 'Debian:12', name: 'openssl', version: '3.0.15-1~deb12u1' },
      { ecosystem: 'Debian:12', name: 'expat', version: '2.5.0-1' },
      { ecosystem: 'Debian:12', name: 'gdbm', version: '1.23-3' },
    ]);
  });

  it('classifies by CVE: an advisory and the distribution record of one CVE count once, and a CVE still affecting the new version is not closed', () => {
    const lookup: OsvLookup = {
      status: 'ok',
      ids: new Map([
        ['Debian:12|openssl|3.0.11-1~deb12u2', ['DSA-5532-1', 'DEBIAN-CVE-2023-5363', 'DEBIAN-CVE-2023-5678']],
        ['Debian:12|openssl|3.0.15-1~deb12u1', ['DEBIAN-CVE-2023-5678']],
        ['Debian:12|expat|2.5.0-1', ['DEBIAN-CVE-2024-45490']],
        ['Debian:12|gdbm|1.23-3', ['DEBIAN-CVE-2025-0001']],
      ]),
      details: new Map([
        ['DSA-5532-1', detail('DSA-5532-1', ['CVE-2023-5363', 'CVE-2023-5678'], 'high')],
        ['DEBIAN-CVE-2023-5363', detail('DEBIAN-CVE-2023-5363', ['CVE-2023-5363'], 'medium')],
      ]),
      skipped: { queries: 0, details: 0 },
    };

    const check = classifyVulnerabilities(delta, lookup);

    expect(check.status).toBe('checked');
    if (check.status !== 'checked') return;
    expect(check.closed.map((group) => [group.key, group.ids, group.severity])).toEqual([
      ['CVE-2023-5363', ['DEBIAN-CVE-2023-5363', 'DSA-5532-1'], 'high'],
      ['CVE-2024-45490', ['DEBIAN-CVE-2024-45490'], 'unknown'],
    ]);
    expect(check.opened.map((group) => group.key)).toEqual(['CVE-2025-0001']);
    expect(check.unsupported).toBe(1);
  });

  it.each([
    ['CVE-2024-0727', undefined, ['CVE-2024-0727']],
    ['DEBIAN-CVE-2024-0727', undefined, ['CVE-2024-0727']],
    ['ALPINE-CVE-2022-27449', undefined, ['CVE-2022-27449']],
    ['DSA-3029-1', undefined, ['DSA-3029-1']],
    ['DSA-3029-1', detail('DSA-3029-1', ['CVE-2014-3616'], 'unknown'), ['CVE-2014-3616']],
    ['GHSA-838r-hvwh-24h8', detail('GHSA-838r-hvwh-24h8', ['CVE-2021-38555'], 'critical'), ['CVE-2021-38555']],
  ])('counts %s as %o', (id, value, keys) => {
    expect(vulnKeys(id, value)).toEqual(keys);
  });
});
