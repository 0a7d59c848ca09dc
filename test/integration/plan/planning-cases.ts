/**
 * What a maintainer would accept for each reference in `fixtures/dockerfiles/planning/`,
 * read off the 2025-03-31 tag lists by hand (zcat | jq on fixtures/official-images/, built dates in UTC,
 * scan time 2025-04-01T00:00Z, minimum release age 3 days, release lines as taken on 2026-08-22:
 * fixtures/lifecycle/), never copied from freshbase.
 * Digests are named by the tag whose pushed image they belong to, as the test pushes them.
 */
import type { JsonEndOfLife } from '../../../src/local/render-scan.js';
import type { SkipReason } from '../../../src/plan/index.js';

/** A digest of what the test pushed: the index `tag` points at, or one platform's image in it. */
export interface DigestOf {
  tag: string;
  /** `os/architecture` of one image of the index. */
  platform?: string;
}

/** One expected entry of the scan's `updates`. */
export interface ExpectedUpdate {
  newTag: string;
  updateType: 'patch' | 'minor' | 'major' | 'digest' | 'os';
  /** The tag whose image `newDigest` is, in the kind the reference pins. @default newTag */
  digestTag?: string;
}

/** One reference of the fixture tree and what the scan should say about it. */
export interface PlanningCase {
  /** Why a maintainer accepts exactly this, in one line. */
  why: string;
  file: string;
  /** `line` of the reference (the ARG line for a tag from an ARG default). */
  line: number;
  /** References at this line (two stages sharing one ARG). @default 1 */
  occurrences?: number;
  image: string | null;
  tag: string | null;
  /** The digest written in the file, if any. */
  pinned?: DigestOf;
  status: 'update' | 'up-to-date' | 'skipped';
  /** The stable code of a skipped reference (the JSON's `skipReason`). @default null */
  skipReason?: SkipReason;
  /** The end-of-life mark of the reference (the JSON's `eol`). @default null */
  eol?: JsonEndOfLife;
  /** Null for updates; a digest's 12-hex short form is filled in by `reason(short)`. */
  reason: string | null | ((short: (digest: DigestOf) => string) => string | RegExp);
  updates: ExpectedUpdate[];
}

const noNewer = (tag: string): string => `no newer compatible tag than ${tag}`;

export const PLANNING_CASES: PlanningCase[] = [
  // alpine: 3.21.3 is latest; edge and the dated tags are edge snapshots (pre-releases).
  {
    why: '3.19 floats within 3.19, so only the line upgrade: 3.21 is the newest two-part release',
    file: 'alpine/Dockerfile',
    line: 1,
    image: 'alpine',
    tag: '3.19',
    status: 'update',
    reason: null,
    updates: [{ newTag: '3.21', updateType: 'minor' }],
  },
  {
    why: '3.19.7 is the last 3.19 patch; 3.21.3 the newest three-part release',
    file: 'alpine/Dockerfile',
    line: 4,
    image: 'alpine',
    tag: '3.19.1',
    status: 'update',
    reason: null,
    updates: [
      { newTag: '3.19.7', updateType: 'patch' },
      { newTag: '3.21.3', updateType: 'minor' },
    ],
  },
  {
    why: 'a digest alone that latest (= 3 = 3.21 = 3.21.3) points at is current',
    file: 'alpine/digest.Dockerfile',
    line: 3,
    image: 'alpine',
    tag: null,
    pinned: { tag: '3.21.3' },
    status: 'up-to-date',
    reason: (short) => new RegExp(`^${short({ tag: '3.21.3' })} is what alpine:(latest|3|3\\.21|3\\.21\\.3) points at now$`),
    updates: [],
  },
  {
    why: 'no tag points at the 3.19.1 build any more, so there is no tag to follow',
    file: 'alpine/digest.Dockerfile',
    line: 6,
    image: 'alpine',
    tag: null,
    pinned: { tag: '3.19.1' },
    status: 'skipped',
    skipReason: 'no-tag',
    reason: (short) =>
      `no tag of alpine points at ${short({ tag: '3.19.1' })} now; write it as image:tag@digest so freshbase can follow the tag`,
    updates: [],
  },
  // debian: codename-dated tags move by date stamp within bookworm; trixie is another family.
  {
    why: 'bookworm-20250317-slim (built 2025-03-17) is the newest dated bookworm slim',
    file: 'debian/Dockerfile',
    line: 1,
    image: 'debian',
    tag: 'bookworm-20240110-slim',
    status: 'update',
    reason: null,
    updates: [{ newTag: 'bookworm-20250317-slim', updateType: 'patch' }],
  },
  {
    why: 'bookworm-slim floats: no tag bump, and no digest is pinned',
    file: 'debian/Dockerfile',
    line: 4,
    image: 'debian',
    tag: 'bookworm-slim',
    status: 'up-to-date',
    reason: noNewer('bookworm-slim'),
    updates: [],
  },
  // eclipse-temurin: jammy JREs stop at 22, whose last build (22.0.2_9, 2024-08-23) is frozen and
  // older than 17.0.14_7 (2025-01-31); 21.0.6_7 (2025-01-31) is the newest line still built.
  {
    why: 'build part _N moves with the patch; the upgrade goes to the newest line still rebuilt (21), not to frozen 22',
    file: 'eclipse-temurin/Dockerfile',
    line: 1,
    image: 'eclipse-temurin',
    tag: '17.0.9_9-jre-jammy',
    status: 'update',
    reason: null,
    updates: [
      { newTag: '17.0.14_7-jre-jammy', updateType: 'patch' },
      { newTag: '21.0.6_7-jre-jammy', updateType: 'major' },
    ],
  },
  {
    why: 'linux/arm/v7 is built up to 19 only (20 and later: amd64, arm64, ppc64le, s390x), and 18/19 are long dead: patch only',
    file: 'eclipse-temurin/armv7.Dockerfile',
    line: 2,
    image: 'eclipse-temurin',
    tag: '17.0.9_9-jre-jammy',
    status: 'update',
    reason: null,
    updates: [{ newTag: '17.0.14_7-jre-jammy', updateType: 'patch' }],
  },
  // golang: 1.24 and 1.24.1 were built 2025-03-04, after the last 1.24rc3 build (2025-02-06).
  // Go 1.22 reached end of life on 2025-02-11 (when 1.24 was released).
  {
    why: '1.22 floats within 1.22; 1.24 is the newest two-part release ($BUILDPLATFORM: default platforms); go 1.22 is past its end of life',
    file: 'golang/Dockerfile',
    line: 2,
    image: 'golang',
    tag: '1.22',
    status: 'update',
    eol: { line: 'go 1.22', date: '2025-02-11', state: 'eol' },
    reason: null,
    updates: [{ newTag: '1.24', updateType: 'minor' }],
  },
  {
    why: '1.22.12 is the last 1.22 patch on alpine3.20; 1.24.1-alpine3.20 the newest release there',
    file: 'golang/alpine.Dockerfile',
    line: 1,
    image: 'golang',
    tag: '1.22.5-alpine3.20',
    status: 'update',
    eol: { line: 'go 1.22', date: '2025-02-11', state: 'eol' },
    reason: null,
    updates: [
      { newTag: '1.22.12-alpine3.20', updateType: 'patch' },
      { newTag: '1.24.1-alpine3.20', updateType: 'minor' },
    ],
  },
  {
    why: 'tip was rebuilt 2025-03-31T17:29Z, 6.5 hours before the scan: held back by the 3-day minimum age',
    file: 'golang/tip.Dockerfile',
    line: 3,
    image: 'golang',
    tag: 'tip',
    pinned: { tag: 'tip-20250322' },
    status: 'skipped',
    skipReason: 'too-new',
    reason: 'tip was built 6h ago, less than the minimum release age of 72h',
    updates: [],
  },
  // node: 22 is LTS (lts-bookworm-slim = 22.14.0-bookworm-slim); 23 is `current`, an odd release that
  // never becomes LTS and ends 2025-06-01, so a maintainer on 20 takes 22.
  {
    why: 'the ARG line is edited for both stages: 20.11.1 within 20.11, and the LTS major 22.14.0, not odd 23',
    file: 'node/Dockerfile',
    line: 1,
    occurrences: 2,
    image: 'node',
    tag: '20.11.0-bookworm-slim',
    status: 'update',
    reason: null,
    updates: [
      { newTag: '20.11.1-bookworm-slim', updateType: 'patch' },
      { newTag: '22.14.0-bookworm-slim', updateType: 'major' },
    ],
  },
  // openjdk: 24-jdk = 24-rc-jdk (2025-02-10) ends the 24 early-access line; 25-jdk = 25-ea-16-jdk.
  {
    why: 'from an early-access build, newer builds of 24 are fine and 24-jdk is the newest; 25 is still early access',
    file: 'openjdk/Dockerfile',
    line: 2,
    image: 'openjdk',
    tag: '24-ea-28-jdk',
    status: 'update',
    reason: null,
    updates: [{ newTag: '24-jdk', updateType: 'patch' }],
  },
  {
    why: '24-ea-29-jdk was never published',
    file: 'openjdk/Dockerfile',
    line: 7,
    image: 'openjdk',
    tag: '24-ea-29-jdk',
    status: 'skipped',
    skipReason: 'tag-not-found',
    reason: 'tag 24-ea-29-jdk does not exist in openjdk',
    updates: [],
  },
  // python: 3.14 has only alphas and -rc tags (pre-releases).
  {
    why: 'same -slim suffix and precision: 3.9.21-slim in-line, 3.13.2-slim the newest minor; 3.14.0a6-slim is an alpha',
    file: 'python/Dockerfile',
    line: 2,
    image: 'python',
    tag: '3.9.18-slim',
    status: 'update',
    reason: null,
    updates: [
      { newTag: '3.9.21-slim', updateType: 'patch' },
      { newTag: '3.13.2-slim', updateType: 'minor' },
    ],
  },
  {
    why: 'two-part 3.11-slim floats within 3.11; 3.13-slim is the newest two-part line (3.14-rc-slim is a pre-release)',
    file: 'python/Dockerfile',
    line: 7,
    image: 'python',
    tag: '3.11-slim',
    status: 'update',
    reason: null,
    updates: [{ newTag: '3.13-slim', updateType: 'minor' }],
  },
  {
    why: 'alpine3.19 builds stopped 2024-12-04 at 3.11.11 and 3.13.1 (3.11.11-alpine3.21 built 2024-12-09): the version bumps keep the variant, the OS move is its own proposal',
    file: 'python/alpine.Dockerfile',
    line: 1,
    image: 'python',
    tag: '3.11.8-alpine3.19',
    status: 'update',
    reason: null,
    updates: [
      { newTag: '3.11.11-alpine3.19', updateType: 'patch' },
      { newTag: '3.13.1-alpine3.19', updateType: 'minor' },
      { newTag: '3.11.11-alpine3.21', updateType: 'os' },
    ],
  },
  {
    why: '3.12.8 is the last 3.12 build on alpine3.19; 3.13.1 the last minor there; 3.12.9-alpine3.21 (2025-02-06) the OS move',
    file: 'python/alpine.Dockerfile',
    line: 6,
    image: 'python',
    tag: '3.12.4-alpine3.19',
    status: 'update',
    reason: null,
    updates: [
      { newTag: '3.12.8-alpine3.19', updateType: 'patch' },
      { newTag: '3.13.1-alpine3.19', updateType: 'minor' },
      { newTag: '3.12.9-alpine3.21', updateType: 'os' },
    ],
  },
  {
    why: 'the -slim-bookworm family: 3.12.9 in-line, 3.13.2 the newest minor',
    file: 'python/bookworm.Dockerfile',
    line: 1,
    image: 'python',
    tag: '3.12.4-slim-bookworm',
    status: 'update',
    reason: null,
    updates: [
      { newTag: '3.12.9-slim-bookworm', updateType: 'patch' },
      { newTag: '3.13.2-slim-bookworm', updateType: 'minor' },
    ],
  },
  {
    why: 'an ARG without a default is only known at build time',
    file: 'python/build-arg.Dockerfile',
    line: 3,
    image: null,
    tag: null,
    status: 'skipped',
    skipReason: 'unresolvable',
    reason: 'ARG PYTHON_TAG (line 2) has no default value; it is only known at build time (--build-arg)',
    updates: [],
  },
  {
    why: 'pinned to the 3.12.8 index: refresh to the 3.12.9 index (same tag), and 3.13-slim pinned as an index too',
    file: 'python/pinned.Dockerfile',
    line: 4,
    image: 'python',
    tag: '3.12-slim',
    pinned: { tag: '3.12.8-slim' },
    status: 'update',
    reason: null,
    updates: [
      { newTag: '3.12-slim', updateType: 'digest' },
      { newTag: '3.13-slim', updateType: 'minor' },
    ],
  },
  {
    why: 'pinned to the 3.12.8 linux/amd64 image: the refresh and the upgrade keep linux/amd64 image digests',
    file: 'python/pinned.Dockerfile',
    line: 7,
    image: 'python',
    tag: '3.12-slim',
    pinned: { tag: '3.12.8-slim', platform: 'linux/amd64' },
    status: 'update',
    reason: null,
    updates: [
      { newTag: '3.12-slim', updateType: 'digest' },
      { newTag: '3.13-slim', updateType: 'minor' },
    ],
  },
  {
    why: 'riscv64 alpine3.20 images stop at 3.12.3 (3.12.4 and later, 3.13 too, lack it): nothing to propose',
    file: 'python/riscv64.Dockerfile',
    line: 2,
    image: 'python',
    tag: '3.12.3-alpine3.20',
    status: 'skipped',
    skipReason: 'platforms',
    reason: '3.12.9-alpine3.20 is not built for linux/riscv64, which this repository builds for',
    updates: [],
  },
  // spark: 4.0.0-preview2 is a pre-release (and scala2.13); 3.5.5 is the newest 3.5.
  {
    why: 'the long variant suffix is kept; 3.5.5 is the newest patch, no stable 4.x',
    file: 'spark/Dockerfile',
    line: 1,
    image: 'spark',
    tag: '3.5.1-scala2.12-java17-python3-ubuntu',
    status: 'update',
    reason: null,
    updates: [{ newTag: '3.5.5-scala2.12-java17-python3-ubuntu', updateType: 'patch' }],
  },
  // ubuntu: 25.04 is `devel` (plucky, released 2025-04-17); 24.10 is `rolling`, the newest released version.
  {
    why: '22.04 → 24.04 LTS; 24.10 (= rolling) is released but no LTS, 25.04 (= devel) is not released',
    file: 'ubuntu/Dockerfile',
    line: 1,
    image: 'ubuntu',
    tag: '22.04',
    status: 'update',
    reason: null,
    updates: [{ newTag: '24.04', updateType: 'major' }],
  },
  {
    why: 'date stamps of jammy: jammy-20250126 is the newest',
    file: 'ubuntu/Dockerfile',
    line: 4,
    image: 'ubuntu',
    tag: 'jammy-20240111',
    status: 'update',
    reason: null,
    updates: [{ newTag: 'jammy-20250126', updateType: 'patch' }],
  },
  {
    why: 'jammy floats: no tag bump, and no digest is pinned',
    file: 'ubuntu/Dockerfile',
    line: 7,
    image: 'ubuntu',
    tag: 'jammy',
    status: 'up-to-date',
    reason: noNewer('jammy'),
    updates: [],
  },
  {
    why: '24.10 is itself rolling; 25.04 is still devel, so nothing newer is released',
    file: 'ubuntu/Dockerfile',
    line: 10,
    image: 'ubuntu',
    tag: '24.10',
    status: 'up-to-date',
    reason: 'no newer compatible tag than 24.10 on a released, supported line',
    updates: [],
  },
];
