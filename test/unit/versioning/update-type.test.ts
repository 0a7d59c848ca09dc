import { describe, expect, it } from 'vitest';

import { parseTag } from '../../../src/versioning/docker-tag.js';
import type { TagVersion } from '../../../src/versioning/docker-tag.js';
import {
  classifyUpdate,
  indexPrereleaseEvidence,
  isFloatingTag,
  isPrerelease,
  isPrereleaseByAlias,
} from '../../../src/versioning/update-type.js';
import type { UpdateType } from '../../../src/versioning/update-type.js';

function parsed(tag: string): TagVersion {
  const version = parseTag(tag);
  if (version === null) {
    throw new Error(`test tag ${tag} does not parse`);
  }
  return version;
}

const day = (isoDate: string): Date => new Date(`${isoDate}T00:00:00Z`);

describe('versioning/update-type', () => {
  describe('classifyUpdate', () => {
    it.each<[string, string, UpdateType]>([
      ['3.11.9', '3.11.10', 'patch'],
      ['3.11.9', '3.12.1', 'minor'],
      ['3.11.9-slim', '3.12.0-slim', 'minor'],
      ['3.11.9', '4.0.0', 'major'],
      ['20', '22', 'major'],
      ['20-alpine', '21-alpine', 'major'],
      ['20.11', '20.19', 'minor'],
      ['22.04', '24.04', 'major'],
      ['12.5', '12.10', 'minor'],
      ['11.0.9.1', '11.0.9.2', 'patch'],
      ['17.0.9_9-jre-jammy', '17.0.13_11-jre-jammy', 'patch'],
      ['17.0.9_9-jre-jammy', '17.0.9_11-jre-jammy', 'patch'],
      ['17.0.9_9-jre-jammy', '21.0.6_7-jre-jammy', 'major'],
      ['8u402-b06-jdk', '8u412-b08-jdk', 'patch'],
      ['3.5.1-debian-12-r7', '3.5.1-debian-12-r12', 'patch'],
      ['3.5.1-debian-12-r7', '3.5.2-debian-12-r0', 'patch'],
      ['3.5.1-debian-12-r7', '3.6.0-debian-12-r0', 'minor'],
      ['jammy-20240111', 'jammy-20240227', 'patch'],
      ['jammy-20240627', 'jammy-20240627.1', 'patch'],
      ['bookworm-20240110-slim', 'bookworm-20250317-slim', 'patch'],
      ['20240329', '20250108', 'patch'],
      ['3.13.0rc2', '3.13.0', 'patch'],
      ['3.13.0rc2', '3.13.0rc3', 'patch'],
      ['1.24rc3', '1.24', 'patch'],
      ['24-ea-29-jdk', '24-ea-35-jdk', 'patch'],
      ['3.11.8-alpine3.19', '3.11.9-alpine3.21', 'patch'],
    ])('classifies %s → %s as %s', (from, to, expected) => {
      const updateType = classifyUpdate(parsed(from), parsed(to));

      expect(updateType).toBe(expected);
    });

    it.each([
      ['3.11.10', '3.11.9', 'a downgrade'],
      ['3.11.9', '3.11.9', 'the same version'],
      ['3.13.0', '3.13.0rc3', 'a release to its pre-release'],
      ['17.0.9_11-jre-jammy', '17.0.9_9-jre-jammy', 'an older build'],
      ['22.04', 'jammy-20240227', 'another scheme'],
      ['jammy-20240111', '20240227', 'another scheme'],
      ['jammy-20240111', 'noble-20240110', 'another codename'],
      ['v1.2.3', '1.2.4', 'another prefix'],
      ['latest', 'stable', 'named tags'],
    ])('returns null for %s → %s (%s)', (from, to) => {
      const updateType = classifyUpdate(parsed(from), parsed(to));

      expect(updateType).toBeNull();
    });
  });

  describe('isFloatingTag', () => {
    it.each([
      ['latest', true],
      ['stable', true],
      ['lts', true],
      ['bookworm', true],
      ['bookworm-slim', true],
      ['alpine', true],
      ['slim', true],
      ['edge', true],
      ['rolling', true],
      ['devel', true],
      ['mainline-alpine', true],
      ['alpine3.19', true],
      ['windowsservercore-ltsc2022', true],
      ['3.12', false],
      ['3.12-slim', false],
      ['22.04', false],
      ['jammy-20240111', false],
      ['20240111', false],
      ['', false],
    ])('says %j floats: %s', (tag, expected) => {
      const floating = isFloatingTag(tag);

      expect(floating).toBe(expected);
    });
  });

  describe('isPrerelease', () => {
    it.each([
      ['3.14.0a6-slim', true],
      ['3.13.0rc2', true],
      ['3.9.0b4', true],
      ['1.24rc3', true],
      ['3.13-rc-slim', true],
      ['9.5-alpha1', true],
      ['17beta1-bookworm', true],
      ['24-ea-29-jdk', true],
      ['25-ea-jdk', true],
      ['8.0-M02-bookworm', true],
      ['4.0.0-preview1', true],
      ['11-al2-native-RC-headless', true],
      ['edge', true],
      ['devel', true],
      ['rolling', false],
      ['unstable', true],
      ['testing', true],
      ['beta', true],
      ['nightly', true],
      ['rc', true],
      ['rc-alpine3.19', true],
      ['tip-20250321', true],
      ['sid-20240110-slim', true],
      ['3.13.0', false],
      ['24-jdk', false],
      ['17.0.9_9-jre-jammy', false],
      ['3.5.1-scala2.12-java17-r-ubuntu', false],
      ['jammy-20240111', false],
      ['latest', false],
      ['stable', false],
      ['bookworm', false],
      ['unstable-musl', true],
      ['stable-musl', false],
    ])('says %s is a pre-release by its name: %s', (tag, expected) => {
      const prerelease = isPrerelease(parsed(tag));

      expect(prerelease).toBe(expected);
    });
  });

  describe('isPrereleaseByAlias', () => {
    const digests = new Map([
      ['25-jdk', 'sha256:25'],
      ['25-ea-16-jdk', 'sha256:25'],
      ['23-jdk', 'sha256:23'],
      ['rolling', 'sha256:oracular'],
      ['24.10', 'sha256:oracular'],
      ['devel', 'sha256:plucky'],
      ['25.04', 'sha256:plucky'],
      ['1.37.0', 'sha256:busybox-137'],
      ['unstable', 'sha256:busybox-137'],
      ['1.36.1', 'sha256:busybox-136'],
      ['unstable-glibc', 'sha256:busybox-136'],
      ['stable', 'sha256:busybox-136'],
      ['24.04', 'sha256:noble'],
      ['latest', 'sha256:noble'],
      ['edge', 'sha256:edge'],
      ['20250108', 'sha256:edge'],
      ['20240923', 'sha256:older-edge'],
      ['3.13.0rc3', 'sha256:rc3'],
    ]);
    const created = new Map([
      ['26-jdk', day('2025-01-01')],
      ['26-ea-29-jdk', day('2025-02-01')],
      ['22-jdk', day('2025-03-01')],
      ['22-ea-30-jdk', day('2025-02-01')],
    ]);

    it.each([
      ['25-jdk', true, 'shares its digest with 25-ea-16-jdk'],
      ['24.10', false, 'rolling is a released channel (the newest released version)'],
      ['25.04', true, 'shares its digest with devel'],
      ['1.37.0', true, 'shares its digest with unstable, and the image has a stable channel (latest does not count then)'],
      ['1.36.1', false, 'it shares its digest with stable as well as a development channel'],
      ['20250108', true, 'shares its digest with edge'],
      ['26-jdk', true, '26-ea-29-jdk was built after it'],
      ['23-jdk', false, 'its digest is its own'],
      ['24.04', false, 'it shares its digest with latest only'],
      ['20240923', false, 'edge has moved on'],
      ['22-jdk', false, 'it was built after the last pre-release of 22'],
      ['3.13.0rc3', false, 'only evidence counts, not its own name'],
      ['not-listed', false, 'there is no evidence about it'],
    ])('says %s: %s, because %s', (tag, expected) => {
      const byAlias = isPrereleaseByAlias(tag, { digests, created });
      const byIndex = isPrereleaseByAlias(tag, indexPrereleaseEvidence({ digests, created }));

      expect(byAlias).toBe(expected);
      expect(byIndex).toBe(expected);
    });

    it('finds nothing without digests or build times', () => {
      const byAlias = isPrereleaseByAlias('25-jdk', { tags: ['25-jdk', '25-ea-16-jdk'] });

      expect(byAlias).toBe(false);
    });
  });
});
