/**
 * findNewerTags on real tag lists (fixtures/tags/, Docker Hub on 2025-03-31), with their
 * digests and build times as evidence. Every expected tag below was read off the tag list
 * by hand (grep), not computed.
 */
import { describe, expect, it } from 'vitest';

import { findNewerTags } from '../../../src/versioning/update-type.js';
import type { NewerTag, UpdateType } from '../../../src/versioning/update-type.js';
import { loadOfficialTags } from './load-official-tags.js';

function findNewerOfficial(image: string, current: string): NewerTag[] {
  return findNewerTags({ current, ...loadOfficialTags(image) });
}

function newestOf(newer: readonly NewerTag[], updateType: UpdateType): string | null {
  return newer.find((candidate) => candidate.updateType === updateType)?.tag ?? null;
}

interface NewestRow {
  image: string;
  current: string;
  patch: string | null;
  minor: string | null;
  major: string | null;
}

describe('versioning/find-newer-tags on official images', () => {
  it.each<NewestRow>([
    { image: 'python', current: '3.9.18-slim', patch: '3.9.21-slim', minor: '3.13.2-slim', major: null },
    // 3.14-rc-slim is a pre-release
    { image: 'python', current: '3.11-slim', patch: null, minor: '3.13-slim', major: null },
    {
      image: 'python',
      current: '3.12.4-slim-bookworm',
      patch: '3.12.9-slim-bookworm',
      minor: '3.13.2-slim-bookworm',
      major: null,
    },
    // 3.14.0a2-alpine3.19 is a pre-release; alpine3.20 and alpine3.21 are other families
    { image: 'python', current: '3.11.8-alpine3.19', patch: '3.11.11-alpine3.19', minor: '3.13.1-alpine3.19', major: null },
    { image: 'python', current: '3.13.0rc2', patch: '3.13.2', minor: null, major: null },
    { image: 'python', current: '3.14.0a6-slim', patch: null, minor: null, major: null },
    { image: 'golang', current: '1.22.5-alpine3.20', patch: '1.22.12-alpine3.20', minor: '1.24.1-alpine3.20', major: null },
    { image: 'golang', current: '1.22', patch: null, minor: '1.24', major: null },
    { image: 'golang', current: '1.24rc3', patch: '1.24', minor: null, major: null },
    {
      image: 'node',
      current: '20.11.0-bookworm-slim',
      patch: '20.11.1-bookworm-slim',
      minor: '20.19.0-bookworm-slim',
      major: '23.10.0-bookworm-slim',
    },
    { image: 'node', current: '20-alpine', patch: null, minor: null, major: '23-alpine' },
    // jammy images stop at 22; 23 and later are built on noble
    {
      image: 'eclipse-temurin',
      current: '17.0.9_9-jre-jammy',
      patch: '17.0.14_7-jre-jammy',
      minor: null,
      major: '22.0.2_9-jre-jammy',
    },
    { image: 'eclipse-temurin', current: '21-jdk', patch: null, minor: null, major: '24-jdk' },
    {
      image: 'spark',
      current: '3.5.1-scala2.12-java17-python3-ubuntu',
      patch: '3.5.5-scala2.12-java17-python3-ubuntu',
      minor: null,
      major: null,
    },
    // 25.04 is `devel`: a pre-release by alias; 24.10 is `rolling`, the newest released version
    { image: 'ubuntu', current: '22.04', patch: null, minor: '22.10', major: '24.10' },
    { image: 'ubuntu', current: 'jammy-20240111', patch: 'jammy-20250126', minor: null, major: null },
    { image: 'ubuntu', current: 'jammy', patch: null, minor: null, major: null },
    { image: 'ubuntu', current: '24.10', patch: null, minor: null, major: null },
    { image: 'debian', current: 'bookworm-20240110-slim', patch: 'bookworm-20250317-slim', minor: null, major: null },
    { image: 'debian', current: 'bookworm-slim', patch: null, minor: null, major: null },
    { image: 'debian', current: '12.5', patch: null, minor: '12.10', major: null },
    { image: 'alpine', current: '3.19', patch: null, minor: '3.21', major: null },
    { image: 'alpine', current: '3.19.1', patch: '3.19.7', minor: '3.21.3', major: null },
    // dated tags are edge snapshots: 20250108 is `edge`, so the line is a pre-release line
    { image: 'alpine', current: '20240329', patch: '20250108', minor: null, major: null },
    // 24-ea-29-jdk itself is not in the list; 24-jdk is 24-rc-jdk; 25-jdk is 25-ea-16-jdk
    { image: 'openjdk', current: '24-ea-29-jdk', patch: '24-jdk', minor: null, major: null },
    { image: 'maven', current: '3.9.6-eclipse-temurin-17', patch: '3.9.9-eclipse-temurin-17', minor: null, major: null },
    { image: 'nginx', current: '1.25.3-alpine', patch: '1.25.5-alpine', minor: '1.27.4-alpine', major: null },
    { image: 'redis', current: '7.2.4-bookworm', patch: '7.2.7-bookworm', minor: '7.4.2-bookworm', major: null },
    // 8.0-M04-bookworm is a milestone (pre-release)
    { image: 'redis', current: '7.2-bookworm', patch: null, minor: '7.4-bookworm', major: null },
    { image: 'postgres', current: '16.2-bookworm', patch: null, minor: '16.8-bookworm', major: '17.4-bookworm' },
    { image: 'postgres', current: '16-alpine3.19', patch: null, minor: null, major: '17-alpine3.19' },
    { image: 'rust', current: '1.76-slim-bookworm', patch: null, minor: '1.85-slim-bookworm', major: null },
    { image: 'amazoncorretto', current: '17.0.10-al2023', patch: '17.0.14-al2023', minor: null, major: '24.0.0-al2023' },
    // 1.37.0-musl is `unstable-musl`, which upstream marks as not yet stable (`stable-musl` is 1.36.1-musl)
    { image: 'busybox', current: '1.36.1-musl', patch: null, minor: null, major: null },
  ])('$image:$current → newest patch $patch, minor $minor, major $major', ({ image, current, ...expected }) => {
    const newer = findNewerOfficial(image, current);

    expect({
      patch: newestOf(newer, 'patch'),
      minor: newestOf(newer, 'minor'),
      major: newestOf(newer, 'major'),
    }).toEqual(expected);
  });

  it.each<[string, string, string[]]>([
    ['python', '3.11-slim', ['3.13-slim:minor', '3.12-slim:minor']],
    ['python', '3.13.0rc2', ['3.13.2:patch', '3.13.1:patch', '3.13.0:patch', '3.13.0rc3:patch']],
    ['golang', '1.24rc3', ['1.24:patch']],
    ['node', '20-alpine', ['23-alpine:major', '22-alpine:major', '21-alpine:major']],
    ['eclipse-temurin', '21-jdk', ['24-jdk:major', '23-jdk:major', '22-jdk:major']],
    ['ubuntu', '22.04', ['24.10:major', '24.04:major', '23.10:major', '23.04:major', '22.10:minor']],
    ['ubuntu', 'oracular-20241009', ['oracular-20241120:patch']],
    ['alpine', '3.19', ['3.21:minor', '3.20:minor']],
    ['alpine', '20240329', ['20250108:patch', '20240923:patch', '20240807:patch', '20240606:patch']],
    [
      'openjdk',
      '24-ea-29-jdk',
      [
        '24-jdk:patch',
        '24-rc-jdk:patch',
        '24-ea-35-jdk:patch',
        '24-ea-34-jdk:patch',
        '24-ea-33-jdk:patch',
        '24-ea-32-jdk:patch',
        '24-ea-31-jdk:patch',
        '24-ea-30-jdk:patch',
      ],
    ],
    [
      'maven',
      '3.9.6-eclipse-temurin-17',
      ['3.9.9-eclipse-temurin-17:patch', '3.9.8-eclipse-temurin-17:patch', '3.9.7-eclipse-temurin-17:patch'],
    ],
    ['postgres', '17beta1-bookworm', ['17-bookworm:patch', '17rc1-bookworm:patch', '17beta3-bookworm:patch', '17beta2-bookworm:patch']],
    ['busybox', '1.36.1-musl', []],
  ])('%s:%s → exactly %j', (image, current, expected) => {
    const newer = findNewerOfficial(image, current);

    expect(newer.map(({ tag, updateType }) => `${tag}:${updateType}`)).toEqual(expected);
  });
});
