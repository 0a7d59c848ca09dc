/**
 * The rules a line upgrade follows: a user on an LTS line moves to the newest LTS line that
 * is LTS already; a user on another line moves to the newest line; never to a line not yet
 * released, past its end of life, or with less than `minSupport` left.
 */
import { compareLinesNewestFirst, type CatalogLine, type CatalogProduct } from './catalog.js';
import { DAY_MS, hasDayCome, isPhaseOver, timeLeft } from './dates.js';

/** How far from end of life a line must be to be offered. @default 90 days */
export const DEFAULT_MIN_SUPPORT_MS = 90 * DAY_MS;
/** How close to end of life a line is marked `soon`. @default 90 days */
export const DEFAULT_WARN_BEFORE_MS = 90 * DAY_MS;

/** `lts`: the current line is an LTS line, so only LTS lines are offered; `newest`: any newer line. */
export type UpgradeRule = 'lts' | 'newest';

/** Why a line is not offered. */
export type LineRejection =
  /** Not newer than the current line. */
  | 'older'
  /** Not released yet (or no release date known). */
  | 'unreleased'
  /** The current line is LTS and this one never is. */
  | 'not-lts'
  /** The current line is LTS and this one becomes LTS only later (node's even majors). */
  | 'lts-not-yet'
  /** Past its end of life. */
  | 'end-of-life'
  /** Reaches end of life within `minSupport`. */
  | 'short-support';

/** The rule for a user on `current`. */
export function upgradeRule(current: CatalogLine): UpgradeRule {
  return current.lts ? 'lts' : 'newest';
}

/** What judging a target line needs. */
export interface RuleContext {
  current: CatalogLine;
  rule: UpgradeRule;
  now: Date;
  minSupport: number;
}

/** Why `target` is not offered to a user on `context.current`, or undefined when it is. The first reason that applies wins. */
export function rejectionOf(target: CatalogLine, context: RuleContext): LineRejection | undefined {
  if (compareLinesNewestFirst(target, context.current) >= 0) return 'older';
  if (target.releaseDate === null || !hasDayCome(target.releaseDate, context.now)) return 'unreleased';
  if (context.rule === 'lts' && !target.lts) return 'not-lts';
  if (context.rule === 'lts' && target.ltsFrom !== null && !hasDayCome(target.ltsFrom, context.now)) return 'lts-not-yet';
  if (isPhaseOver(target.eol, context.now)) return 'end-of-life';
  if (timeLeft(target.eol, context.now) < context.minSupport) return 'short-support';
  return undefined;
}

/** The lines a user on `context.current` may be offered, newest first. */
export function offeredLines(product: CatalogProduct, context: RuleContext): CatalogLine[] {
  return product.lines.filter((line) => rejectionOf(line, context) === undefined);
}
