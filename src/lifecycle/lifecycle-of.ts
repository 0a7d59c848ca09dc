/**
 * `lifecycleOf`: the release lines a tag names, each with its support window and its state
 * at `now` (supported, end of life soon, end of life), and the line a move would go to.
 */
import type { ImageName } from '../oci/reference.js';
import type { LifecycleCatalog } from './catalog.js';
import { isPhaseOver, timeLeft } from './dates.js';
import { governedLines, shortCodename, type GovernedLine, type TagPart } from './governed-lines.js';
import { DEFAULT_MIN_SUPPORT_MS, DEFAULT_WARN_BEFORE_MS, offeredLines, upgradeRule, type UpgradeRule } from './line-rules.js';
import type { PhaseEnd } from './release-data.js';

/** A line's state at a given time. */
export type LineState = 'supported' | 'soon' | 'eol';

/** One release line a tag names, at a given time. */
export interface LineLifecycle {
  /** `python`, `debian`, `java`. */
  readonly product: string;
  /** `Python`, `Debian`, `Eclipse Temurin`. */
  readonly label: string;
  /** `3.9`, `11`, `22.04`. */
  readonly cycle: string;
  /** Debian and Ubuntu: the codename tags use (`bullseye`, `jammy`). */
  readonly codename?: string;
  readonly part: TagPart;
  /** The tag names fewer numbers than the line (`redis:7` follows 7.4). */
  readonly floating: boolean;
  readonly lts: boolean;
  readonly ltsFrom: string | null;
  readonly releaseDate: string | null;
  readonly supportEnd: PhaseEnd | null;
  /** The end of life that counts for images: its last day, or true (over, date unknown) / false (no date yet). */
  readonly eol: PhaseEnd;
  /** `eol` once the end of life has passed, `soon` within `warnBefore` of it, else `supported`. */
  readonly state: LineState;
  /** The upgrade rule for a user on this line: LTS lines move to LTS lines. */
  readonly rule: UpgradeRule;
  /** The newest line a user on this one would be offered (newer, released, not ending within `minSupport`); absent when none. */
  readonly newest?: string;
}

/** What the lifecycle queries read. */
export interface LifecycleQuery {
  catalog: LifecycleCatalog;
  /** The image (its registry and repository; a tag on it is ignored). */
  image: Pick<ImageName, 'registry' | 'repository'>;
  /** The tag to judge. */
  tag: string;
  now: Date;
  /** @default DEFAULT_WARN_BEFORE_MS (90 days) */
  warnBefore?: number;
  /** @default DEFAULT_MIN_SUPPORT_MS (90 days) */
  minSupport?: number;
}

/**
 * The release lines `tag` names (version part, OS part, runtime words), with their state at `now`.
 * @returns undefined when no data covers the tag: planning then keeps today's behaviour.
 * @example lifecycleOf({ catalog, image: python, tag: '3.12-slim-bookworm', now }) // python 3.12 (version), debian 12 (os)
 */
export function lifecycleOf(query: LifecycleQuery): LineLifecycle[] | undefined {
  const lines = governedLines(query).map((governed) => describeLine(governed, query));
  return lines.length > 0 ? lines : undefined;
}

/** The state of a line that ends at `eol`, at `now`. */
export function lineState(eol: PhaseEnd, now: Date, warnBefore: number = DEFAULT_WARN_BEFORE_MS): LineState {
  if (isPhaseOver(eol, now)) return 'eol';
  return timeLeft(eol, now) <= warnBefore ? 'soon' : 'supported';
}

/** The line to warn about: an end-of-life one before a `soon` one, the earliest end first; undefined when all are supported. */
export function mostUrgent(lines: readonly LineLifecycle[]): LineLifecycle | undefined {
  const rank = (line: LineLifecycle): number => (line.state === 'eol' ? 0 : 1);
  const end = (line: LineLifecycle): string => (typeof line.eol === 'string' ? line.eol : '');
  return lines
    .filter((line) => line.state !== 'supported')
    .sort((a, b) => rank(a) - rank(b) || end(a).localeCompare(end(b)))
    .at(0);
}

function describeLine({ product, line, part, floating }: GovernedLine, query: LifecycleQuery): LineLifecycle {
  const rule = upgradeRule(line);
  const context = { current: line, rule, now: query.now, minSupport: query.minSupport ?? DEFAULT_MIN_SUPPORT_MS };
  const newest = offeredLines(product, context)[0]?.cycle;
  const codename = shortCodename(product.id, line.cycle);
  return {
    product: product.id,
    label: product.label,
    cycle: line.cycle,
    ...(codename === undefined ? {} : { codename }),
    part,
    floating,
    lts: line.lts,
    ltsFrom: line.ltsFrom,
    releaseDate: line.releaseDate,
    supportEnd: line.supportEnd,
    eol: line.eol,
    state: lineState(line.eol, query.now, query.warnBefore),
    rule,
    ...(newest === undefined ? {} : { newest }),
  };
}
