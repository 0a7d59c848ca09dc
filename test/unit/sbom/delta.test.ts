import { describe, expect, it } from 'vitest';
import { computePackageDelta, parseSpdxStatement, type ImageSbom } from '../../../src/sbom/index.js';
import { buildSyftSpdx, loadPackageList, type PackageList } from '../../support/sbom-images.js';

/** The SBOM freshbase reads from an attestation built from a package list (through the real parser). */
function sbomOf(list: PackageList, maxPackages = 20_000): ImageSbom {
  const statement = JSON.stringify({
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://spdx.dev/Document',
    subject: [],
    predicate: buildSyftSpdx('image', list),
  });
  const parsed = parseSpdxStatement(statement, { maxPackages });
  if (parsed.kind !== 'spdx') throw new Error(`fixture did not parse: ${parsed.kind}`);
  return parsed.sbom;
}

const before = sbomOf(loadPackageList('python-3.11.15-slim-bookworm.json'));
const after = sbomOf(loadPackageList('python-3.11.16-slim-bookworm.json'));

describe('sbom/delta', () => {
  it('reads every binary package of a real python slim image, with its source package and distro', () => {
    const login = before.packages.find((pkg) => pkg.name === 'login');

    expect(before.packages).toHaveLength(105);
    expect(before.distro).toEqual({ id: 'debian', versionId: '12' });
    expect(login).toMatchObject({ version: '1:4.13+dfsg1-1+deb12u2', sourceName: 'shadow', sourceVersion: '1:4.13+dfsg1-1+deb12u2' });
    expect(before.packages.find((pkg) => pkg.name === 'bash')).toMatchObject({
      version: '5.2.15-2+b13',
      sourceName: 'bash',
      sourceVersion: '5.2.15-2',
    });
    expect(before.runtimes).toEqual([{ name: 'python', version: '3.11.15', purl: 'pkg:generic/python@3.11.15' }]);
  });

  it('finds the three source packages a Debian point release changed between python 3.11.15 and 3.11.16 slim-bookworm', () => {
    const delta = computePackageDelta(before, after);

    expect(delta.packages.map((change) => [change.kind, change.source, change.before, change.after])).toEqual([
      ['changed', 'ca-certificates', ['20230311+deb12u1'], ['20250419~deb12u1']],
      ['changed', 'pcre2', ['10.42-1'], ['10.42-1+deb12u1']],
      ['changed', 'xz-utils', ['5.4.1-1+deb12u1'], ['5.4.1-1+deb12u2']],
    ]);
    expect(delta.packages[1]?.binaries).toEqual([{ name: 'libpcre2-8-0:amd64', before: '10.42-1', after: '10.42-1+deb12u1' }]);
    expect(delta.unchanged).toBe(70);
    expect(delta.runtimes).toEqual([{ kind: 'changed', name: 'python', before: ['3.11.15'], after: ['3.11.16'] }]);
    expect(delta.partial).toBe(false);
  });

  it('reports source packages that appear and disappear, and a rebuild that only changes a binary version', () => {
    const deb = (name: string, version: string, source?: string, sourceVersion?: string): PackageList['packages'][number] => ({
      type: 'deb',
      namespace: 'debian',
      distro: 'debian-12',
      arch: 'amd64',
      name,
      version,
      ...(source === undefined ? {} : { source }),
      ...(sourceVersion === undefined ? {} : { sourceVersion }),
    });
    const old = sbomOf({
      packages: [deb('libexpat1', '2.5.0-1', 'expat'), deb('bash', '5.2.15-2+b2', 'bash', '5.2.15-2')],
      runtimes: [{ name: 'openjdk', version: '17.0.9+9', purl: 'pkg:generic/oracle/openjdk@17.0.9%2B9' }],
    });
    const next = sbomOf({
      packages: [deb('bash', '5.2.15-2+b7', 'bash', '5.2.15-2'), deb('libgdbm6', '1.23-3', 'gdbm')],
      runtimes: [{ name: 'openjdk', version: '17.0.13+11', purl: 'pkg:generic/oracle/openjdk@17.0.13%2B11' }],
    });

    const delta = computePackageDelta(old, next);

    expect(delta.packages).toEqual([
      {
        kind: 'changed',
        type: 'deb',
        source: 'bash',
        before: ['5.2.15-2'],
        after: ['5.2.15-2'],
        distro: { id: 'debian', versionId: '12' },
        binaries: [{ name: 'bash:amd64', before: '5.2.15-2+b2', after: '5.2.15-2+b7' }],
      },
      {
        kind: 'removed',
        type: 'deb',
        source: 'expat',
        before: ['2.5.0-1'],
        after: [],
        distro: { id: 'debian', versionId: '12' },
        binaries: [{ name: 'libexpat1:amd64', before: '2.5.0-1' }],
      },
      {
        kind: 'added',
        type: 'deb',
        source: 'gdbm',
        before: [],
        after: ['1.23-3'],
        distro: { id: 'debian', versionId: '12' },
        binaries: [{ name: 'libgdbm6:amd64', after: '1.23-3' }],
      },
    ]);
    expect(delta.runtimes).toEqual([{ kind: 'changed', name: 'openjdk', before: ['17.0.9+9'], after: ['17.0.13+11'] }]);
  });

  it('marks the delta partial when an SBOM was cut at the package cap', () => {
    const cut = sbomOf(loadPackageList('python-3.11.15-slim-bookworm.json'), 10);

    expect(cut.packages).toHaveLength(10);
    expect(cut.truncated).toBe(true);
    expect(computePackageDelta(cut, after).partial).toBe(true);
  });
});
