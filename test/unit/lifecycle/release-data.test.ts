import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OS_PRODUCTS, PRODUCTS, ReleaseLineData, shippedReleaseLines, VARIANT_RULES } from '../../../src/lifecycle/index.js';
import { OS_RELEASES } from '../../../src/versioning/os-releases.js';
import { PINNED_DATA } from './pinned.js';

const shipped = shippedReleaseLines();

describe('lifecycle/release-data', () => {
  it('ships data that parses, says when it was taken and where it comes from', () => {
    const text = readFileSync(new URL('../../../src/lifecycle/release-lines.json', import.meta.url), 'utf8');

    expect(ReleaseLineData.safeParse(JSON.parse(text)).success).toBe(true);
    expect(Date.parse(shipped.takenAt)).toBeGreaterThanOrEqual(Date.parse('2026-08-22T00:00:00Z'));
    expect(shipped.source).toMatchObject({ name: 'endoflife.date', api: 'https://endoflife.date/api/v1' });
  });

  it('covers every product the mapping names, each with lines', () => {
    const named = new Set([...PRODUCTS.map((p) => p.id), ...Object.values(OS_PRODUCTS), ...VARIANT_RULES.map((rule) => rule.product)]);

    for (const id of named) expect(shipped.products.find((product) => product.id === id)?.cycles.length ?? 0, id).toBeGreaterThan(0);
    expect(shipped.products.map((product) => product.id).sort()).toEqual([
      'alpine',
      'debian',
      'go',
      'java',
      'mariadb',
      'mysql',
      'nginx',
      'node',
      'php',
      'postgresql',
      'python',
      'redis',
      'ruby',
      'rust',
      'ubuntu',
    ]);
  });

  it('records the snapshot it was converted from', () => {
    expect(PINNED_DATA.takenAt).toBe('2026-08-22T08:52:34Z');
    expect(PINNED_DATA.source.snapshot).toMatchObject({
      repository: 'endoflife-date/endoflife.date',
      commit: 'a70eca337600e7d721dc48112c271f98661d208b',
    });
  });

  it.each([
    ['python', '3.9', { releaseDate: '2020-10-05', supportEnd: '2022-05-17', eol: '2025-10-31', lts: false }],
    ['node', '22', { lts: true, ltsFrom: '2024-10-29', eol: '2027-04-30' }],
    ['java', '21', { lts: true, releaseDate: '2023-10-10', eol: '2029-12-31' }],
    ['java', '24', { lts: false, eol: '2025-09-16' }],
    ['debian', '11', { codename: 'Bullseye', eol: '2024-08-14', extendedSupportEnd: '2026-08-31' }],
    ['ubuntu', '24.04', { codename: 'Noble Numbat', lts: true, eol: '2029-05-31', extendedSupportEnd: '2036-05-31' }],
    ['alpine', '3.19', { releaseDate: '2023-12-07', eol: '2025-11-01' }],
    ['go', '1.27', { releaseDate: '2026-08-19', eol: false }],
    ['redis', '7.2', { supportEnd: '2024-07-29', eol: '2029-12-01' }],
  ])('holds endoflife.date values for %s %s', (id, cycle, expected) => {
    const line = PINNED_DATA.products.find((product) => product.id === id)?.cycles.find((entry) => entry.cycle === cycle);

    expect(line).toMatchObject(expected);
  });

  it('agrees with the OS codename table on every Debian and Ubuntu release both name', () => {
    const fromData = PINNED_DATA.products
      .filter((product) => product.id === 'debian' || product.id === 'ubuntu')
      .flatMap((product) => product.cycles.map((cycle) => [product.id, cycle.codename?.split(' ')[0]?.toLowerCase(), cycle.cycle]));
    const both = fromData.filter(([, codename]) => OS_RELEASES.some((release) => release.codename === codename));

    expect(both.length).toBeGreaterThanOrEqual(30);
    for (const [family, codename, version] of both)
      expect(OS_RELEASES.find((release) => release.codename === codename)).toMatchObject({ family, version });
  });
});
