import { describe, expect, it } from 'vitest';

import { compareTags, familyKey, isSameFamily, parseTag } from '../../../src/versioning/docker-tag.js';
import type { TagVersion } from '../../../src/versioning/docker-tag.js';

/** Expected parse result: the fields that differ from a plain numeric tag without words. */
type Expected = Partial<Omit<TagVersion, 'raw'>>;

function expectedVersion(raw: string, fields: Expected): TagVersion {
  return { raw, scheme: 'numeric', prefix: '', release: [], suffix: '', variants: [], ...fields };
}

function parsed(tag: string): TagVersion {
  const version = parseTag(tag);
  if (version === null) {
    throw new Error(`test tag ${tag} does not parse`);
  }
  return version;
}

describe('versioning/docker-tag', () => {
  describe('parseTag', () => {
    it.each<[string, Expected]>([
      // plain releases and the `v` prefix
      ['3.11.9', { release: [3, 11, 9] }],
      ['3.11', { release: [3, 11] }],
      ['20', { release: [20] }],
      ['22.04', { release: [22, 4] }],
      ['v1.2.3', { prefix: 'v', release: [1, 2, 3] }],
      ['chakracore-10.13.0', { prefix: 'chakracore-', release: [10, 13, 0], variants: ['chakracore'] }],
      // suffix words: OS and variants
      ['3.12.4-slim-bookworm', { release: [3, 12, 4], suffix: '-slim-bookworm', os: 'bookworm', variants: ['slim'] }],
      ['20.11.0-bookworm-slim', { release: [20, 11, 0], suffix: '-bookworm-slim', os: 'bookworm', variants: ['slim'] }],
      ['3.11.8-alpine3.19', { release: [3, 11, 8], suffix: '-alpine3.19', os: 'alpine3.19' }],
      ['1.25.3-alpine', { release: [1, 25, 3], suffix: '-alpine', os: 'alpine' }],
      ['1.25.3-alpine-perl', { release: [1, 25, 3], suffix: '-alpine-perl', os: 'alpine', variants: ['perl'] }],
      ['7.2.4-bookworm', { release: [7, 2, 4], suffix: '-bookworm', os: 'bookworm' }],
      ['21-jdk', { release: [21], suffix: '-jdk', variants: ['jdk'] }],
      ['17.0.10-al2023', { release: [17, 0, 10], suffix: '-al2023', os: 'al2023' }],
      ['1.36.1-musl', { release: [1, 36, 1], suffix: '-musl', variants: ['musl'] }],
      ['2.6.17-32bit', { release: [2, 6, 17], suffix: '-32bit', variants: ['32bit'] }],
      ['3.12-nanoserver-1809', { release: [3, 12], suffix: '-nanoserver-1809', os: 'nanoserver-1809' }],
      [
        '3.12.9-windowsservercore-ltsc2022',
        { release: [3, 12, 9], suffix: '-windowsservercore-ltsc2022', os: 'windowsservercore-ltsc2022' },
      ],
      [
        '3.5.1-scala2.12-java17-python3-ubuntu',
        {
          release: [3, 5, 1],
          suffix: '-scala2.12-java17-python3-ubuntu',
          os: 'ubuntu',
          variants: ['scala2.12', 'java17', 'python3'],
        },
      ],
      ['3.9.6-eclipse-temurin-17', { release: [3, 9, 6], suffix: '-eclipse-temurin-17', variants: ['eclipse-temurin-17'] }],
      [
        '3.9.6-amazoncorretto-17-debian-bookworm',
        {
          release: [3, 9, 6],
          suffix: '-amazoncorretto-17-debian-bookworm',
          os: 'debian-bookworm',
          variants: ['amazoncorretto-17'],
        },
      ],
      // build and revision parts
      [
        '17.0.9_9-jre-jammy',
        { release: [17, 0, 9], build: [9], buildKind: 'underscore', suffix: '-jre-jammy', os: 'jammy', variants: ['jre'] },
      ],
      [
        '21.0.2_13-jdk-ubi9-minimal',
        {
          release: [21, 0, 2],
          build: [13],
          buildKind: 'underscore',
          suffix: '-jdk-ubi9-minimal',
          os: 'ubi9',
          variants: ['jdk', 'minimal'],
        },
      ],
      ['8u402-al2', { release: [8], build: [402], buildKind: 'update', suffix: '-al2', os: 'al2' }],
      [
        '8u402-b06-jre-jammy',
        { release: [8], build: [402, 6], buildKind: 'update-build', suffix: '-jre-jammy', os: 'jammy', variants: ['jre'] },
      ],
      ['9-b181', { release: [9], build: [181], buildKind: 'build-number' }],
      ['3.5.1-debian-12-r7', { release: [3, 5, 1], build: [7], buildKind: 'revision', suffix: '-debian-12', os: 'debian-12' }],
      ['3.5.1-r-ubuntu', { release: [3, 5, 1], suffix: '-r-ubuntu', os: 'ubuntu', variants: ['r'] }],
      // pre-releases, attached or as their own token
      ['3.14.0a6-slim', { release: [3, 14, 0], prerelease: 'a6', suffix: '-slim', variants: ['slim'] }],
      ['3.13.0rc2', { release: [3, 13, 0], prerelease: 'rc2' }],
      ['3.9.0b4', { release: [3, 9, 0], prerelease: 'b4' }],
      ['1.24rc3', { release: [1, 24], prerelease: 'rc3' }],
      ['1.21beta1', { release: [1, 21], prerelease: 'beta1' }],
      ['17beta1-bookworm', { release: [17], prerelease: 'beta1', suffix: '-bookworm', os: 'bookworm' }],
      ['3.20.0_rc1', { release: [3, 20, 0], prerelease: 'rc1' }],
      ['3.15.0-rc.4', { release: [3, 15, 0], prerelease: 'rc.4' }],
      ['3.13-rc-slim', { release: [3, 13], prerelease: 'rc', suffix: '-slim', variants: ['slim'] }],
      ['7.2-rc1', { release: [7, 2], prerelease: 'rc1' }],
      ['9.5-alpha1', { release: [9, 5], prerelease: 'alpha1' }],
      ['24-ea-29-jdk', { release: [24], prerelease: 'ea-29', suffix: '-jdk', variants: ['jdk'] }],
      ['25-ea-jdk', { release: [25], prerelease: 'ea', suffix: '-jdk', variants: ['jdk'] }],
      ['8.0-M02-bookworm', { release: [8, 0], prerelease: 'M02', suffix: '-bookworm', os: 'bookworm' }],
      ['4.0.0-preview1-python3', { release: [4, 0, 0], prerelease: 'preview1', suffix: '-python3', variants: ['python3'] }],
      // date stamps: codename and date schemes
      ['jammy-20240111', { scheme: 'codename', prefix: 'jammy-', build: [20240111], buildKind: 'date', os: 'jammy' }],
      ['jammy-20231211.1', { scheme: 'codename', prefix: 'jammy-', build: [20231211, 1], buildKind: 'date', os: 'jammy' }],
      [
        'bookworm-20240110-slim',
        {
          scheme: 'codename',
          prefix: 'bookworm-',
          build: [20240110],
          buildKind: 'date',
          suffix: '-slim',
          os: 'bookworm',
          variants: ['slim'],
        },
      ],
      [
        'tip-20250321-alpine3.21',
        {
          scheme: 'codename',
          prefix: 'tip-',
          build: [20250321],
          buildKind: 'date',
          suffix: '-alpine3.21',
          os: 'alpine3.21',
          variants: ['tip'],
        },
      ],
      ['20240111', { scheme: 'date', build: [20240111], buildKind: 'date' }],
      // named (floating) tags: the whole tag is the suffix
      ['latest', { scheme: 'named', suffix: 'latest', variants: ['latest'] }],
      ['bookworm-slim', { scheme: 'named', suffix: 'bookworm-slim', os: 'bookworm', variants: ['slim'] }],
      ['alpine3.19', { scheme: 'named', suffix: 'alpine3.19', os: 'alpine3.19' }],
      ['windowsservercore-ltsc2022', { scheme: 'named', suffix: 'windowsservercore-ltsc2022', os: 'windowsservercore-ltsc2022' }],
      ['ubuntu-14.04', { scheme: 'named', suffix: 'ubuntu-14.04', os: 'ubuntu-14.04' }],
      ['rc-32bit-buster', { scheme: 'named', suffix: 'rc-32bit-buster', os: 'buster', variants: ['rc', '32bit'] }],
    ])('parses %s', (tag, fields) => {
      const version = parseTag(tag);

      expect(version).toEqual(expectedVersion(tag, fields));
    });

    it.each(['', 'has space', '-leading-dash', '.leading-dot', 'tag@sha256', `a${'1'.repeat(128)}`])(
      'returns null for %j, which is not a Docker tag',
      (tag) => {
        const version = parseTag(tag);

        expect(version).toBeNull();
      },
    );
  });

  describe('familyKey / isSameFamily', () => {
    it.each([
      ['3.11.9-slim', '3.12.1-slim'],
      ['3.11.9', '3.12.1'],
      ['20-alpine', '22-alpine'],
      ['17.0.9_9-jre-jammy', '17.0.13_11-jre-jammy'],
      ['3.5.1-debian-12-r7', '3.5.2-debian-12-r0'],
      ['8u402-b06-jdk', '8u412-b08-jdk'],
      ['jammy-20240111', 'jammy-20240227'],
      ['jammy-20240111', 'jammy-20240911.1'],
      ['bookworm-20240110-slim', 'bookworm-20250317-slim'],
      ['20240329', '20250108'],
      ['3.13.0rc2', '3.13.0'],
      ['3.13-rc-slim', '3.13-slim'],
      ['24-ea-29-jdk', '24-jdk'],
    ])('puts %s and %s in one family', (a, b) => {
      const same = isSameFamily(parsed(a), parsed(b));

      expect(same).toBe(true);
      expect(familyKey(parsed(a))).toBe(familyKey(parsed(b)));
    });

    it.each([
      ['3.11', '3.11.9', 'precision: 2 vs 3 release parts'],
      ['3.11.9', '3.12', 'precision: 3 vs 2 release parts'],
      ['3.11.9-slim', '3.11.9-slim-bookworm', 'suffix'],
      ['3.11.9-slim-bookworm', '3.11.9-bookworm-slim', 'suffix word order'],
      ['3.11.9', '3.11.9-slim', 'suffix: none vs -slim'],
      ['3.11.8-alpine3.19', '3.11.9-alpine3.21', 'OS version'],
      ['3.11.8-alpine3.19', '3.11.9-alpine', 'OS version vs floating OS'],
      ['3.12-slim', '3.12-windowsservercore-ltsc2022', 'Linux vs Windows'],
      ['3.5.1-scala2.12-java17-python3-ubuntu', '3.5.2-scala2.12-java17-r-ubuntu', 'variant'],
      ['17.0.9_9-jre-jammy', '17.0.10-jre-jammy', 'build presence'],
      ['8u402-b06-jdk', '8u412-jdk', 'build kind'],
      ['v1.2.3', '1.2.4', 'prefix'],
      ['22.04', 'jammy-20240227', 'scheme: numeric vs codename'],
      ['jammy-20240111', 'noble-20240110', 'codename'],
      ['20240111', 'jammy-20240111', 'scheme: date vs codename'],
      ['latest', 'stable', 'named tags'],
    ])('keeps %s and %s apart (%s)', (a, b) => {
      const same = isSameFamily(parsed(a), parsed(b));

      expect(same).toBe(false);
    });
  });

  describe('compareTags', () => {
    it.each([
      ['3.11.9', '3.11.10'],
      ['3.9.21', '3.10.0'],
      ['17.0.9_9', '17.0.9_10'],
      ['17.0.9_11', '17.0.13_7'],
      ['8u402-b06', '8u412-b08'],
      ['8u342-b07', '8u342-b07.1'],
      ['3.5.1-debian-12-r7', '3.5.1-debian-12-r12'],
      ['3.5.1-debian-12-r12', '3.5.2-debian-12-r0'],
      ['jammy-20240111', 'jammy-20240227'],
      ['jammy-20240627', 'jammy-20240627.1'],
      ['3.13.0rc2', '3.13.0'],
      ['3.13.0rc2', '3.13.0rc3'],
      ['3.14.0dev1', '3.14.0a1'],
      ['3.14.0a6', '3.14.0b1'],
      ['3.14.0b4', '3.14.0rc1'],
      ['1.24rc3', '1.24'],
      ['24-ea-9-jdk', '24-ea-10-jdk'],
      ['24-ea-jdk', '24-ea-1-jdk'],
      ['24-ea-35-jdk', '24-rc-jdk'],
      ['24-rc-jdk', '24-jdk'],
      ['8.0-M02', '8.0-M03'],
      ['8.0-M04', '8.0-rc1'],
    ])('orders %s before %s', (older, newer) => {
      const forward = compareTags(parsed(older), parsed(newer));
      const backward = compareTags(parsed(newer), parsed(older));

      expect(forward).toBeLessThan(0);
      expect(backward).toBeGreaterThan(0);
    });

    it.each(['3.13.0', '24-ea-29-jdk', 'jammy-20240111', '17.0.9_9-jre-jammy'])('finds %s equal to itself', (tag) => {
      const order = compareTags(parsed(tag), parsed(tag));

      expect(order).toBe(0);
    });
  });
});
