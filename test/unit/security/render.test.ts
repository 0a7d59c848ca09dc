import { describe, expect, it } from 'vitest';
import type { PackageChange } from '../../../src/sbom/index.js';
import {
  codeIdentifier,
  renderOpenVulnerabilities,
  renderRebuildReason,
  renderSecuritySection,
  renderSecuritySummary,
  toSecurityJson,
  type PackageSecurity,
  type SecurityReport,
  type VulnGroup,
} from '../../../src/security/index.js';

const debian12 = { id: 'debian', versionId: '12' };

function change(source: string, before: string, after: string): PackageChange {
  return {
    kind: 'changed',
    type: 'deb',
    source,
    before: [before],
    after: [after],
    distro: debian12,
    binaries: [{ name: source, before, after }],
  };
}

function group(key: string, severity: VulnGroup['severity'], packages: string[]): VulnGroup {
  return { key, ids: [key], severity, packages };
}

/** A report: `closed[i]` keys closed by package i. */
function report(changes: PackageChange[], closedBy: Record<string, VulnGroup[]>, opened: VulnGroup[] = []): SecurityReport {
  const packages: PackageSecurity[] = changes.map((c) => ({
    change: c,
    ecosystem: 'Debian:12',
    closed: (closedBy[c.source] ?? []).map((g) => g.key),
    opened: opened.filter((g) => g.packages.includes(c.source)).map((g) => g.key),
  }));
  return {
    status: 'compared',
    delta: {
      packages: changes,
      runtimes: [{ kind: 'changed', name: 'python', before: ['3.11.8'], after: ['3.11.11'] }],
      unchanged: 80,
      partial: false,
    },
    vulnerabilities: {
      status: 'checked',
      closed: Object.values(closedBy).flat(),
      opened,
      packages,
      unsupported: 0,
      skipped: { queries: 0, details: 0 },
    },
  };
}

describe('security/render', () => {
  it('summarises closed vulnerabilities with their critical and high counts, and the opened ones', () => {
    const closed = {
      openssl: [group('CVE-2024-0001', 'critical', ['openssl']), group('CVE-2024-0002', 'high', ['openssl'])],
      glibc: [
        group('CVE-2024-0003', 'high', ['glibc']),
        group('CVE-2024-0004', 'medium', ['glibc']),
        group('CVE-2024-0005', 'low', ['glibc']),
      ],
      zlib: [group('CVE-2024-0006', 'unknown', ['zlib'])],
    };
    const changes = [
      change('openssl', '3.0.11-1~deb12u2', '3.0.15-1~deb12u1'),
      change('glibc', '2.36-9+deb12u4', '2.36-9+deb12u9'),
      change('zlib', '1:1.2.13.dfsg-1', '1:1.2.13.dfsg-1+b1'),
      change('tzdata', '2024a-0+deb12u1', '2024b-0+deb12u1'),
    ];

    const summary = renderSecuritySummary(report(changes, closed, [group('CVE-2025-0001', 'high', ['tzdata'])]));

    expect(summary).toBe('closes 6 vulnerabilities (1 critical, 2 high) in 3 OS packages; opens 1 (1 high)');
  });

  it.each<[SecurityReport, string]>([
    [{ status: 'no-sbom', missing: ['current', 'proposed'] }, '**Security:** not assessed: no SBOM published'],
    [{ status: 'no-sbom', missing: ['current'] }, '**Security:** not assessed: no SBOM published for the current image'],
    [{ status: 'sbom-unreadable', reason: 'x' }, '**Security:** not assessed: SBOM could not be read'],
  ])('renders the variant without a comparison (%o)', (value, expected) => {
    expect(renderSecuritySection(value)).toBe(expected);
  });

  it('renders the table of changed packages, most severe fixes first, inside a collapsed details element', () => {
    const closed = { openssl: [group('CVE-2024-0727', 'medium', ['openssl'])], expat: [group('CVE-2024-45490', 'critical', ['expat'])] };
    const value = report(
      [
        change('ca-certificates', '20230311', '20250419~deb12u1'),
        change('expat', '2.5.0-1', '2.5.0-1+deb12u1'),
        change('openssl', '3.0.11-1~deb12u2', '3.0.14-1~deb12u1'),
      ],
      closed,
    );

    expect(renderSecuritySection(value)).toMatchInlineSnapshot(`
      "**Security:** closes 2 vulnerabilities (1 critical) in 2 OS packages; opens 0

      Runtimes: python \`3.11.8\` → \`3.11.11\`

      <details>
      <summary>OS packages: 3 changed, 0 added, 0 removed (80 unchanged)</summary>

      | Package | Version | Closes | Opens |
      | --- | --- | --- | --- |
      | \`expat\` | \`2.5.0-1\` → \`2.5.0-1+deb12u1\` | \`CVE-2024-45490\` (critical) |  |
      | \`openssl\` | \`3.0.11-1~deb12u2\` → \`3.0.14-1~deb12u1\` | \`CVE-2024-0727\` (medium) |  |
      | \`ca-certificates\` | \`20230311\` → \`20250419~deb12u1\` |  |  |

      </details>"
    `);
  });

  it('stays within its budget with hundreds of changed packages and says how many were left out', () => {
    const changes = Array.from({ length: 600 }, (_, i) =>
      change(`libpackage-number-${String(i).padStart(3, '0')}`, `1.${i}.0-1`, `1.${i}.0-1+deb12u1`),
    );
    const closed = Object.fromEntries(
      changes.slice(0, 300).map((c, i) => [c.source, [group(`CVE-2024-${String(10_000 + i)}`, 'high', [c.source])]]),
    );

    const section = renderSecuritySection(report(changes, closed), 20_000);

    const rows = section.split('\n').filter((line) => line.startsWith('| `libpackage'));
    expect(section.length).toBeLessThanOrEqual(20_000);
    expect(rows.length).toBeGreaterThan(100);
    expect(section).toContain(`${600 - rows.length} more packages are left out to keep the pull request within GitHub's size limit.`);
    expect(section.startsWith('**Security:** closes 300 vulnerabilities (300 high) in 300 OS packages; opens 0')).toBe(true);
    expect(section.endsWith('</details>')).toBe(true);
  });

  it('falls back to the summary line when even the table header does not fit', () => {
    const section = renderSecuritySection(report([change('openssl', '1', '2')], {}), 120);

    expect(section).toBe('**Security:** closes 0 vulnerabilities; opens 0');
  });

  it('neutralises Markdown, HTML, mentions and links in package names, versions and ids', () => {
    const hostile = change('x|y`<!-- @octocat [a](https://evil.example) -->', '1.0`|<b>', '2.0 @org/team');
    const value = report([hostile], { [hostile.source]: [group('CVE-1 <script>|`', 'high', [hostile.source])] });

    const section = renderSecuritySection(value);
    const row = section.split('\n').find((line) => line.startsWith('| `x'));

    expect(row).toBe('| `x?y???--??octocat??a??https:??evil.example??--?` | `1.0???b?` → `2.0??org?team` | `CVE-1??script???` (high) |  |');
    expect(section).not.toMatch(/<!--|-->|<script|@octocat|@org|\]\(/);
    expect(codeIdentifier('a'.repeat(200))).toHaveLength(82);
  });

  it('writes a one-line plain-text reason for a rebuild dispatch', () => {
    const closed = { openssl: [group('CVE-2024-0727', 'high', ['openssl'])] };

    const reason = renderRebuildReason(report([change('openssl', '1', '2')], closed), 'python:3.11-slim');

    expect(reason).toBe('base image python:3.11-slim rebuilt upstream: closes 1 vulnerability (1 high) in 1 OS package; opens 0');
  });

  it('counts open vulnerabilities compactly for the dashboard', () => {
    expect(
      renderOpenVulnerabilities({
        status: 'checked',
        counts: { critical: 2, high: 5, medium: 20, low: 11, unknown: 0 },
        total: 38,
        ids: [],
        skipped: { queries: 0, details: 0 },
      }),
    ).toBe('38 known (2 critical, 5 high)');
    expect(
      renderOpenVulnerabilities({
        status: 'checked',
        counts: { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 },
        total: 0,
        ids: [],
        skipped: { queries: 0, details: 0 },
      }),
    ).toBe('none known');
    expect(renderOpenVulnerabilities({ status: 'no-sbom' })).toBe('no SBOM published');
  });

  it('converts a report to the CLI JSON security object', () => {
    const closed = { openssl: [group('CVE-2024-0001', 'critical', ['openssl']), group('CVE-2024-0002', 'low', ['openssl'])] };

    const json = toSecurityJson(report([change('openssl', '1', '2')], closed));

    expect(json).toEqual({
      status: 'checked',
      closed: { critical: 1, high: 0, medium: 0, low: 1, unknown: 0 },
      opened: { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 },
      ids: { closed: ['CVE-2024-0001', 'CVE-2024-0002'], opened: [] },
      packages: { changed: 1, added: 0, removed: 0 },
      runtimes: [{ name: 'python', from: '3.11.8', to: '3.11.11' }],
      summary: 'closes 2 vulnerabilities (1 critical) in 1 OS package; opens 0',
    });
  });
});
