import { describe, expect, it } from 'vitest';
import { parseDistro, parseOsPackagePurl, parseRuntimePurl } from '../../../src/sbom/index.js';

describe('sbom/purl', () => {
  it.each([
    {
      purl: 'pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&upstream=openssl&distro=debian-12',
      expected: {
        name: 'libssl3',
        version: '3.0.15-1~deb12u1',
        sourceName: 'openssl',
        sourceVersion: '3.0.15-1~deb12u1',
        arch: 'amd64',
        distro: { id: 'debian', versionId: '12' },
      },
    },
    {
      purl: 'pkg:deb/debian/login@1%3A4.13%2Bdfsg1-1%2Bb1?arch=amd64&upstream=shadow%401%3A4.13%2Bdfsg1-1&distro=debian-12',
      expected: {
        name: 'login',
        version: '1:4.13+dfsg1-1+b1',
        sourceName: 'shadow',
        sourceVersion: '1:4.13+dfsg1-1',
        arch: 'amd64',
        distro: { id: 'debian', versionId: '12' },
      },
    },
    {
      purl: 'pkg:apk/alpine/busybox@1.36.1-r29?arch=x86_64&distro=alpine-3.20.3',
      expected: {
        name: 'busybox',
        version: '1.36.1-r29',
        sourceName: 'busybox',
        sourceVersion: '1.36.1-r29',
        arch: 'x86_64',
        distro: { id: 'alpine', versionId: '3.20.3' },
      },
    },
    {
      purl: 'pkg:deb/ubuntu/libc6@2.39-0ubuntu8.3?arch=amd64&upstream=glibc&distro=ubuntu-24.04',
      expected: {
        name: 'libc6',
        version: '2.39-0ubuntu8.3',
        sourceName: 'glibc',
        sourceVersion: '2.39-0ubuntu8.3',
        arch: 'amd64',
        distro: { id: 'ubuntu', versionId: '24.04' },
      },
    },
  ])('reads the binary and source package of $purl', ({ purl, expected }) => {
    const pkg = parseOsPackagePurl(purl);

    expect(pkg).toMatchObject(expected);
  });

  it.each(['pkg:pypi/pip@24.0', 'pkg:generic/python@3.11.11', 'not a purl', 'pkg:deb/debian/libssl3'])(
    'reports no OS package for %s',
    (purl) => {
      expect(parseOsPackagePurl(purl)).toBeUndefined();
    },
  );

  it.each([
    ['pkg:generic/python@3.11.11', 'python', '3.11.11'],
    ['pkg:generic/oracle/openjdk@17.0.13%2B11?repository_url=https://github.com/adoptium/temurin-build.git', 'openjdk', '17.0.13+11'],
    ['pkg:generic/oracle/jdk@21.0.4', 'openjdk', '21.0.4'],
    ['pkg:generic/node@20.18.1', 'node', '20.18.1'],
    ['pkg:generic/go@1.23.4', 'go', '1.23.4'],
    ['pkg:golang/stdlib@go1.23.4', 'go', '1.23.4'],
  ])('recognises the runtime in %s', (purl, name, version) => {
    expect(parseRuntimePurl(purl)).toEqual({ name, version, purl });
  });

  it('does not take a language package for a runtime', () => {
    expect(parseRuntimePurl('pkg:npm/node@1.0.0')).toBeUndefined();
  });

  it.each([
    ['debian-12', { id: 'debian', versionId: '12' }],
    ['alpine-3.20.3', { id: 'alpine', versionId: '3.20.3' }],
    ['ubuntu-24.04', { id: 'ubuntu', versionId: '24.04' }],
    ['debian', { id: 'debian', versionId: '' }],
  ])('reads the distro qualifier %s', (value, expected) => {
    expect(parseDistro(value)).toEqual(expected);
  });
});
