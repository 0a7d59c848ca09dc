/**
 * The python 3.11.8-slim → 3.11.11-slim bump the security tests share: two Debian 12 package
 * lists, SBOM images of them in a test registry, and the OSV records that make the bump close
 * vulnerabilities.
 *
 * The package lists are short hand-written excerpts of a bookworm slim image (source packages
 * and versions in Debian's format; Python is built from source, so Syft reports it as a
 * `pkg:generic` runtime). The records are written for these tests in OSV's Debian format (a
 * `DEBIAN-CVE-*` record per CVE, `ECOSYSTEM` ranges, a CVSS v3.1 vector on one), with CVE ids
 * of the reserved-looking 2099 range so no one mistakes them for real advisories.
 *
 * Owns: `PYTHON_3_11_8`, `PYTHON_3_11_11`, `BUMP_RECORDS`, `pushPythonSbomImages`.
 * May import: test/support (sbom-images), bench/support (pusher). Must not: import src/.
 */
import type { Pusher } from '../../bench/support/registry-push.js';
import { pushSbomImage, type ListedPackage, type PackageList, type PushedSbomImage } from './sbom-images.js';

function deb(source: string, version: string, binaries: readonly string[]): ListedPackage[] {
  return binaries.map((name) => ({ type: 'deb', namespace: 'debian', distro: 'debian-12', arch: 'amd64', name, version, source }));
}

function list(versions: { glibc: string; openssl: string; zlib: string; python: string }): PackageList {
  return {
    packages: [
      ...deb('base-files', '12.4+deb12u5', ['base-files']),
      ...deb('glibc', versions.glibc, ['libc-bin', 'libc6']),
      ...deb('openssl', versions.openssl, ['libssl3', 'openssl']),
      ...deb('zlib', versions.zlib, ['zlib1g']),
      ...deb('tar', '1.34+dfsg-1.2+deb12u1', ['tar']),
    ],
    runtimes: [{ name: 'python', version: versions.python, purl: `pkg:generic/python@${versions.python}` }],
  };
}

/** python:3.11.8-slim (bookworm), an excerpt. */
export const PYTHON_3_11_8 = list({ glibc: '2.36-9+deb12u4', openssl: '3.0.11-1~deb12u2', zlib: '1:1.2.13.dfsg-1', python: '3.11.8' });
/** python:3.11.11-slim (bookworm), an excerpt: glibc and openssl moved, zlib did not. */
export const PYTHON_3_11_11 = list({ glibc: '2.36-9+deb12u9', openssl: '3.0.15-1~deb12u1', zlib: '1:1.2.13.dfsg-1', python: '3.11.11' });

function record(id: string, pkg: string, fixed: string, severity?: string): string {
  return JSON.stringify({
    schema_version: '1.6.0',
    id,
    modified: '2099-01-02T00:00:00Z',
    published: '2099-01-01T00:00:00Z',
    upstream: [id.replace(/^DEBIAN-/, '')],
    summary: `${pkg} issue written for the freshbase tests`,
    details: 'A record in OSV Debian format, written for the tests.',
    ...(severity === undefined ? {} : { severity: [{ type: 'CVSS_V3', score: severity }] }),
    affected: [
      {
        package: { name: pkg, ecosystem: 'Debian:12', purl: `pkg:deb/debian/${pkg}?arch=source` },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }],
        ecosystem_specific: { urgency: 'not yet assigned' },
      },
    ],
  });
}

/**
 * What OSV says about the two images: three vulnerabilities the bump fixes (openssl, high by
 * its CVSS vector; openssl and glibc without severity) and one zlib issue neither image fixes.
 */
export const BUMP_RECORDS: readonly string[] = [
  record('DEBIAN-CVE-2099-0001', 'openssl', '3.0.13-1~deb12u1', 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'),
  record('DEBIAN-CVE-2099-0002', 'openssl', '3.0.14-1~deb12u1'),
  record('DEBIAN-CVE-2099-0003', 'glibc', '2.36-9+deb12u7'),
  record('DEBIAN-CVE-2099-0004', 'zlib', '1:1.3.dfsg-1'),
];

/** Pushes `library/python:3.11.8-slim` and `:3.11.11-slim` (linux/amd64 and linux/arm64, an SBOM attestation for amd64). */
export async function pushPythonSbomImages(pusher: Pusher): Promise<{ old: PushedSbomImage; new: PushedSbomImage }> {
  const push = (tag: string, packages: PackageList): Promise<PushedSbomImage> =>
    pushSbomImage(pusher, {
      repository: 'library/python',
      tag,
      platforms: [
        { os: 'linux', architecture: 'amd64', list: packages },
        { os: 'linux', architecture: 'arm64' },
      ],
    });
  return { old: await push('3.11.8-slim', PYTHON_3_11_8), new: await push('3.11.11-slim', PYTHON_3_11_11) };
}
