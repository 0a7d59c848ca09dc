import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { osvEcosystem, rateRecord, ratingFor, rateScore, VulnRecord } from '../../../src/osv/index.js';

function record(file: string): VulnRecord {
  return VulnRecord.parse(JSON.parse(readFileSync(new URL(`../../../fixtures/osv/${file}`, import.meta.url), 'utf8')));
}

describe('osv/severity', () => {
  it('scores a record CVSS v3.1 vector (GHSA-838r-hvwh-24h8, NVD base score 9.1)', () => {
    const detail = rateRecord(record('GHSA-838r-hvwh-24h8.json'));

    expect(detail.rating).toEqual({ severity: 'critical', source: 'cvss-v3', score: 9.1 });
    expect(detail.related).toEqual(['CVE-2021-38555']);
  });

  it('rates a record without any severity field unknown (DSA-3029-1)', () => {
    const detail = rateRecord(record('DSA-3029-1.json'));

    expect(detail.rating).toEqual({ severity: 'unknown', source: 'none' });
    expect(ratingFor(detail, 'Debian:7', 'nginx')).toEqual({ severity: 'unknown', source: 'none' });
  });

  it('prefers a package rating (Ubuntu priority, Debian urgency) over the record rating, and CVSS over words', () => {
    const detail = rateRecord(
      VulnRecord.parse({
        id: 'UBUNTU-CVE-2024-0727',
        severity: [{ type: 'Ubuntu', score: 'medium' }],
        affected: [
          { package: { ecosystem: 'Ubuntu:22.04:LTS', name: 'openssl' }, ecosystem_specific: { ubuntu_priority: 'low' } },
          { package: { ecosystem: 'Debian:12', name: 'openssl' }, ecosystem_specific: { urgency: 'unimportant' } },
          {
            package: { ecosystem: 'Alpine:v3.19', name: 'openssl' },
            severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H' }],
          },
        ],
      }),
    );

    expect(detail.rating).toEqual({ severity: 'medium', source: 'ubuntu-priority' });
    expect(ratingFor(detail, 'Ubuntu:22.04:LTS', 'openssl')).toEqual({ severity: 'low', source: 'ubuntu-priority' });
    expect(ratingFor(detail, 'Debian:12', 'openssl')).toEqual({ severity: 'low', source: 'debian-urgency' });
    expect(ratingFor(detail, 'Alpine:v3.19', 'openssl')).toEqual({ severity: 'medium', source: 'cvss-v3', score: 5.5 });
    expect(ratingFor(detail, 'Debian:11', 'openssl')).toEqual({ severity: 'medium', source: 'ubuntu-priority' });
  });

  it('ignores a malformed vector', () => {
    const detail = rateRecord(VulnRecord.parse({ id: 'X-1', severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/garbage' }] }));

    expect(detail.rating.severity).toBe('unknown');
  });

  it.each([
    [9.8, 'critical'],
    [9.0, 'critical'],
    [8.9, 'high'],
    [7.0, 'high'],
    [6.9, 'medium'],
    [4.0, 'medium'],
    [3.9, 'low'],
    [0.1, 'low'],
    [0, 'unknown'],
  ])('rates CVSS base score %d as %s', (score, severity) => {
    expect(rateScore(score)).toBe(severity);
  });
});

describe('osv/ecosystem', () => {
  it.each([
    [{ id: 'debian', versionId: '12' }, 'Debian:12'],
    [{ id: 'debian', versionId: '11.11' }, 'Debian:11'],
    [{ id: 'debian', versionId: '' }, undefined],
    [{ id: 'ubuntu', versionId: '24.04' }, 'Ubuntu:24.04:LTS'],
    [{ id: 'ubuntu', versionId: '22.04' }, 'Ubuntu:22.04:LTS'],
    [{ id: 'ubuntu', versionId: '24.10' }, 'Ubuntu:24.10'],
    [{ id: 'ubuntu', versionId: '23.04' }, 'Ubuntu:23.04'],
    [{ id: 'alpine', versionId: '3.20.3' }, 'Alpine:v3.20'],
    [{ id: 'alpine', versionId: '3.21.0' }, 'Alpine:v3.21'],
    [{ id: 'rhel', versionId: '9.4' }, undefined],
  ])('names the OSV ecosystem of %o', (distro, expected) => {
    expect(osvEcosystem(distro)).toBe(expected);
  });
});
