import { describe, expect, it } from 'vitest';

import { findNewerTags } from '../../../src/versioning/update-type.js';
import type { FindNewerTagsOptions, UpdateType } from '../../../src/versioning/update-type.js';

/** `tag:type` pairs, newest first: the shape of the tables below. */
function findNewer(options: FindNewerTagsOptions): string[] {
  return findNewerTags(options).map(({ tag, updateType }) => `${tag}:${updateType}`);
}

const day = (isoDate: string): Date => new Date(`${isoDate}T00:00:00Z`);

/** A small python-like image: slim, slim-bookworm, alpine and windows families, several precisions. */
const PYTHON_TAGS = [
  '3.11',
  '3.11.8',
  '3.11.9',
  '3.11.10',
  '3.12',
  '3.12.1',
  '3.11-slim',
  '3.12-slim',
  '3.11.9-slim',
  '3.11.10-slim',
  '3.12.0-slim',
  '3.12.1-slim',
  '3.11.9-slim-bookworm',
  '3.12.1-slim-bookworm',
  '3.12.1-bookworm-slim',
  '3.12.1-slim-trixie',
  '3.11.8-alpine3.19',
  '3.11.9-alpine3.19',
  '3.11.9-alpine3.21',
  '3.12.1-alpine3.21',
  '3.12.1-alpine',
  '3.12.1-windowsservercore-ltsc2022',
  '3.12-nanoserver-1809',
  '3.13.0a6-slim',
  '3.13.0rc2-slim',
  '3.13-rc-slim',
  '3.13.0rc2',
  '3.13.0rc3',
  '3.14.0a1',
  'latest',
  'slim',
  'bookworm',
  'alpine',
];

/** Bitnami tags: revision `-rN` after the OS; not among the official images. */
const BITNAMI_TAGS = [
  '3.5.1-debian-12-r7',
  '3.5.1-debian-12-r8',
  '3.5.1-debian-12-r12',
  '3.5.2-debian-12-r0',
  '3.5.2-debian-12-r3',
  '3.6.0-debian-12-r1',
  '3.5.1-debian-11-r30',
  '3.5.1',
  '3.5',
  '3.5.2-debian-12',
];

describe('versioning/find-newer-tags', () => {
  it.each<[string, string[]]>([
    ['3.11', ['3.12:minor']],
    ['3.11.9', ['3.12.1:minor', '3.11.10:patch']],
    ['3.11.8', ['3.12.1:minor', '3.11.10:patch', '3.11.9:patch']],
    ['3.12', []],
  ])('keeps the precision of %s', (current, expected) => {
    const newer = findNewer({ current, tags: PYTHON_TAGS });

    expect(newer).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['3.11-slim', ['3.12-slim:minor']],
    ['3.11.9-slim', ['3.12.1-slim:minor', '3.12.0-slim:minor', '3.11.10-slim:patch']],
    ['3.11.9-slim-bookworm', ['3.12.1-slim-bookworm:minor']],
    ['3.11.8-alpine3.19', ['3.11.9-alpine3.19:patch']],
    ['3.11.9-alpine3.21', ['3.12.1-alpine3.21:minor']],
    ['3.12.0-slim', ['3.12.1-slim:patch']],
  ])('stays in the suffix family and OS of %s', (current, expected) => {
    const newer = findNewer({ current, tags: PYTHON_TAGS });

    expect(newer).toEqual(expected);
  });

  it.each<[string, string[]]>([
    [
      '3.5.1-debian-12-r7',
      [
        '3.6.0-debian-12-r1:minor',
        '3.5.2-debian-12-r3:patch',
        '3.5.2-debian-12-r0:patch',
        '3.5.1-debian-12-r12:patch',
        '3.5.1-debian-12-r8:patch',
      ],
    ],
    ['3.5.2-debian-12-r0', ['3.6.0-debian-12-r1:minor', '3.5.2-debian-12-r3:patch']],
    ['3.5.1-debian-11-r30', []],
    ['3.5.2-debian-12', []],
  ])('moves the bitnami revision of %s', (current, expected) => {
    const newer = findNewer({ current, tags: BITNAMI_TAGS });

    expect(newer).toEqual(expected);
  });

  it.each<[string, string[], string[]]>([
    [
      '17.0.9_9-jre-jammy',
      ['17.0.9_9-jre-jammy', '17.0.13_11-jre-jammy', '17.0.13-jre-jammy', '17-jre-jammy'],
      ['17.0.13_11-jre-jammy:patch'],
    ],
    ['8u402-b06-jdk', ['8u402-b06-jdk', '8u412-b08-jdk', '8u412-jdk'], ['8u412-b08-jdk:patch']],
    [
      'jammy-20240111',
      ['jammy-20240111', 'jammy-20240227', 'jammy-20240627.1', 'jammy', '22.04', 'noble-20250101'],
      ['jammy-20240627.1:patch', 'jammy-20240227:patch'],
    ],
    [
      'bookworm-20240110-slim',
      ['bookworm-20250317-slim', 'bookworm-20250317', 'bookworm-slim', '12.10-slim'],
      ['bookworm-20250317-slim:patch'],
    ],
    ['20240329', ['20240329', '20240923', 'edge', '3.21'], ['20240923:patch']],
  ])('moves the build or date stamp of %s', (current, tags, expected) => {
    const newer = findNewer({ current, tags });

    expect(newer).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['22.04', ['23.04:major']],
    ['jammy-20240111', []],
    ['jammy', []],
    ['latest', []],
    ['bookworm-slim', []],
    ['stable', []],
    ['lts', []],
    ['edge', []],
    ['not a tag', []],
  ])('never switches scheme from %s', (current, expected) => {
    const tags = ['22.04', '23.04', 'jammy', 'jammy-20240111', 'latest', 'stable', 'lts', 'edge', 'bookworm-slim', 'bookworm'];

    const newer = findNewer({ current, tags });

    expect(newer).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['3.12.0-slim', ['3.12.1-slim:patch']],
    ['3.12-slim', []],
    ['3.13.0a6-slim', ['3.13.0rc2-slim:patch']],
    ['3.13.0rc2', ['3.13.0rc3:patch']],
    ['3.13-rc-slim', []],
  ])('proposes pre-releases only to the pre-release line of %s', (current, expected) => {
    const newer = findNewer({ current, tags: PYTHON_TAGS });

    expect(newer).toEqual(expected);
  });

  it('proposes the release of a pre-release line, then the later releases', () => {
    const tags = ['1.24rc2', '1.24rc3', '1.24', '1.25rc1', '1.23'];

    const newer = findNewer({ current: '1.24rc2', tags });

    expect(newer).toEqual(['1.24:patch', '1.24rc3:patch']);
  });

  it('leaves out a stable-looking tag that shares its digest with a development channel, not with rolling', () => {
    const tags = ['22.04', '24.04', '24.10', '25.04', 'rolling', 'devel'];
    const digests = new Map([
      ['24.10', 'sha256:o'],
      ['rolling', 'sha256:o'],
      ['25.04', 'sha256:p'],
      ['devel', 'sha256:p'],
    ]);

    const newer = findNewer({ current: '22.04', tags, digests });

    expect(newer).toEqual(['24.10:major', '24.04:major']);
  });

  it('leaves out a version whose pre-releases were built after its plain tag', () => {
    const tags = ['23-jdk', '24-jdk', '25-jdk', '26-jdk', '26-ea-29-jdk'];
    const created = new Map([
      ['26-jdk', day('2025-01-01')],
      ['26-ea-29-jdk', day('2025-02-01')],
    ]);

    const newer = findNewer({ current: '23-jdk', tags, created });

    expect(newer).toEqual(['25-jdk:major', '24-jdk:major']);
  });

  it('treats a line that evidence marks as pre-release as the current pre-release line', () => {
    const tags = ['plucky-20250101', 'plucky-20250304', 'devel'];
    const digests = new Map([
      ['plucky-20250304', 'sha256:p'],
      ['devel', 'sha256:p'],
    ]);

    const newer = findNewer({ current: 'plucky-20250101', tags, digests });

    expect(newer).toEqual(['plucky-20250304:patch']);
  });

  it('ignores duplicate tags and works when the current tag is not listed', () => {
    const tags = ['3.11.10', '3.11.10', '3.12.1'];

    const newer = findNewer({ current: '3.11.9', tags });

    expect(newer).toEqual(['3.12.1:minor', '3.11.10:patch']);
  });

  it('returns each candidate with its parsed version, newest first', () => {
    const expectedTypes: UpdateType[] = ['minor', 'patch'];

    const newer = findNewerTags({ current: '3.11.9-slim', tags: ['3.11.10-slim', '3.12.0-slim'] });

    expect(newer.map(({ updateType }) => updateType)).toEqual(expectedTypes);
    expect(newer[0]?.version).toMatchObject({ raw: '3.12.0-slim', release: [3, 12, 0], suffix: '-slim' });
  });
});
