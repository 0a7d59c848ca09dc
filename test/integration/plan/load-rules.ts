/**
 * Which tags of the 2025-03-31 snapshot the planning test loads into its registry. Every
 * tag of nine images is about 100,000 platform images, minutes of pushing; so each image
 * keeps the release lines and variants its cases use, every release of those lines from a
 * day well before the oldest tag in fixtures/dockerfiles/planning/ (older tags of a line
 * are never candidates), their pre-releases, and floating tags (all of them, or those still
 * listed upstream and the development channels). That is 40 to 270 real tags per image,
 * 615 images and about 2,900 platform images: the planner still chooses among real lists.
 */
import type { OfficialTag } from '../../support/official-registry.js';

/** Tags of one image to load. */
interface LoadRule {
  /** Versioned tags (and codename-dated ones) to keep. */
  lines: RegExp;
  /** Versioned tags last moved before this day are left out. */
  since: string;
  /** Floating tags: every one, or those still listed upstream (and development channels). */
  floating: 'all' | 'current';
  /** Only floating tags matching this, when set. */
  floatingOnly?: RegExp;
}

export const LOADED_IMAGES = ['python', 'golang', 'node', 'eclipse-temurin', 'spark', 'ubuntu', 'debian', 'alpine', 'openjdk'] as const;

const RULES: Record<(typeof LOADED_IMAGES)[number], LoadRule> = {
  // 3.9.x-slim for the 3.9.18-slim case; 3.11 to 3.13 releases in the variants the cases use
  // (-slim and its -slim-bookworm alias, alpine3.19 to alpine3.21); 3.14's alphas and -rc tags.
  python: {
    lines:
      /^3\.(9\.\d+-slim|(11|12|13)(\.\d+)?(-rc)?(-slim|-slim-bookworm|-alpine3\.(19|20|21))|14[.0-9a-z]*(-rc)?(-slim|-slim-bookworm))$/,
    since: '2024-01-01',
    floating: 'current',
  },
  // Two-part 1.22 to 1.24 and their rc tags, every alpine3.20 release, the dated tip build
  // the pinned case names.
  golang: {
    lines: /^(1\.2[2-4](rc\d+)?|1\.2[2-4][.0-9a-z]*-alpine3\.20|tip-20250322)$/,
    since: '2024-01-01',
    floating: 'current',
    floatingOnly: /^(latest|tip|alpine|alpine3\.20|bookworm|rc|rc-alpine|rc-bookworm)$/,
  },
  // Every line from 20 to 23, -bookworm-slim.
  node: {
    lines: /^(20|21|22|23)[.0-9]*-bookworm-slim$/,
    since: '2024-01-01',
    floating: 'current',
    floatingOnly: /bookworm-slim$|^(lts|current|latest)$/,
  },
  // Every JRE on jammy and noble from 17 to 24.
  'eclipse-temurin': { lines: /^(1[7-9]|2[0-4])[.0-9_]*-jre-(jammy|noble)$/, since: '2000-01-01', floating: 'all' },
  spark: { lines: /./, since: '2000-01-01', floating: 'all' },
  // Every numbered release, jammy and later date stamps.
  ubuntu: { lines: /^(\d\d\.\d\d|(jammy|noble|oracular|plucky)-\d{8}(\.\d+)?)$/, since: '2023-06-01', floating: 'current' },
  // bookworm's dated and numbered slim tags.
  debian: {
    lines: /^(bookworm-\d{8}-slim|12(\.\d+)?-slim)$/,
    since: '2024-01-01',
    floating: 'current',
    floatingOnly: /slim$|^(latest|experimental|rc-buggy)$/,
  },
  // 3.18 and later, and the dated edge snapshots.
  alpine: { lines: /^(3\.(1[89]|2\d)(\.\d+)?|20\d{6})$/, since: '2023-06-01', floating: 'all' },
  // 24 and 25 JDKs (early access, rc, release) on Debian, and every floating tag: the frozen
  // `sid` ones decide which pre-release tags the planner looks at.
  openjdk: { lines: /^2[45](-ea-\d+|-rc)?-jdk(-slim)?(-bookworm)?$/, since: '2000-01-01', floating: 'all' },
};

/** Development channels: floating tags that track unreleased builds. */
const CHANNEL = /(^|-)(rc|edge|devel|rolling|tip|sid|experimental|rc-buggy|nightly)(-|$)/;

/** A floating tag: it starts with a letter and has no date stamp (`latest`, `bookworm-slim`, `rc-alpine`). */
function isFloating(tag: string): boolean {
  return /^[a-z]/.test(tag) && !/-(19|20)\d{6}/.test(tag);
}

/** Whether the planning test loads `image:tag`. */
export function keepLoadedTag(image: string, tag: string, info: OfficialTag): boolean {
  const rule = (RULES as Record<string, LoadRule | undefined>)[image];
  if (rule === undefined) return false;
  if (isFloating(tag)) {
    return (rule.floatingOnly?.test(tag) ?? true) && (rule.floating === 'all' || info.current || CHANNEL.test(tag));
  }
  return rule.lines.test(tag) && info.lastChanged.getTime() >= Date.parse(rule.since);
}
