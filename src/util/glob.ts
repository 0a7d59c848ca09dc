/**
 * Glob patterns from repository config (`ignore`, `dockerfiles`, `rebuild.targets`): the
 * syntax freshbase accepts, its limits, compiling each set once, and matching in bounded time.
 *
 * Owns: the only use of minimatch. minimatch 11 matches each path part with a Thompson NFA
 * (no regular expressions, no backtracking), so one match costs at most pattern × text steps;
 * the limits below bound the pattern, and a `MatchBudget` bounds the steps of one repository.
 * May import: minimatch, util/errors. Must not: do I/O.
 */
import { braceExpand, Minimatch, type MinimatchOptions } from 'minimatch';
import { FreshbaseError } from './errors.js';

/** Longest glob accepted in config. */
export const MAX_GLOB_LENGTH = 200;
/** Most wildcard characters (`*`, `?`, `[`) in one glob. */
export const MAX_GLOB_WILDCARDS = 16;
/** Most patterns one glob may expand to through `{a,b}` and `{1..3}` braces. */
export const MAX_GLOB_EXPANSIONS = 32;
/** Most globs in one repository config, all keys together. */
export const MAX_GLOBS_PER_CONFIG = 1000;
/**
 * Matching steps one repository may spend per glob set (ignore rules, Dockerfile globs, rebuild
 * targets): a match costs (text length + 1) × (expanded pattern length). About a second of work.
 */
export const GLOB_MATCH_BUDGET = 200_000_000;

/**
 * minimatch settings: dotfiles match like any name, extglobs (`+(a|b)`, whose negated form
 * costs more than pattern × text) and `#` comments are off, `/` is the only separator.
 */
const OPTIONS: MinimatchOptions = {
  dot: true,
  noext: true,
  nocomment: true,
  platform: 'linux',
  braceExpandMax: MAX_GLOB_EXPANSIONS + 1,
};

/** Matching work left to one repository's glob set. */
export interface MatchBudget {
  /** What the globs are, for the error: `ignore`, `dockerfiles`, `rebuild.targets[].dockerfiles`. */
  readonly what: string;
  readonly limit: number;
  remaining: number;
}

/** A compiled set of globs: true when any of them matches `text`. */
export type GlobMatcher = (text: string) => boolean;

/** The matching budget of one repository's glob set ran out. */
export class GlobBudgetError extends FreshbaseError {
  override name = 'GlobBudgetError';
  readonly what: string;
  readonly limit: number;

  constructor(fields: { what: string; limit: number }) {
    super(
      'glob-budget',
      `matching the ${fields.what} globs of the repository's config took more than ${fields.limit} steps; use fewer or simpler globs`,
    );
    this.what = fields.what;
    this.limit = fields.limit;
  }
}

/** A fresh budget for one repository's glob set. @default limit GLOB_MATCH_BUDGET */
export function createMatchBudget(what: string, limit = GLOB_MATCH_BUDGET): MatchBudget {
  return { what, limit, remaining: limit };
}

function countWildcards(pattern: string): number {
  let count = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '\\') i++;
    else if (c === '*' || c === '?' || c === '[') count++;
  }
  return count;
}

/** Why a glob is refused (too long, too many wildcards, expands too far), or null when it is fine. */
export function checkGlob(pattern: string): string | null {
  if (pattern.length === 0) return 'a glob cannot be empty';
  if (pattern.length > MAX_GLOB_LENGTH) return `glob is ${pattern.length} characters long (at most ${MAX_GLOB_LENGTH})`;
  const wildcards = countWildcards(pattern);
  if (wildcards > MAX_GLOB_WILDCARDS) return `glob has ${wildcards} wildcards (* ? [); at most ${MAX_GLOB_WILDCARDS}`;
  if (braceExpand(pattern, OPTIONS).length > MAX_GLOB_EXPANSIONS) {
    return `glob expands to more than ${MAX_GLOB_EXPANSIONS} patterns through its {…} braces`;
  }
  return null;
}

/**
 * Compiles `patterns` once into a matcher that is true when any pattern matches (a leading `!`
 * negates one pattern). Each match is charged to `budget`; `GlobBudgetError` when it runs out.
 * Throws `FreshbaseError` (`glob-invalid`) for a pattern `checkGlob` refuses.
 */
export function compileGlobs(patterns: readonly string[], budget: MatchBudget): GlobMatcher {
  const compiled = patterns.map((pattern) => {
    const problem = checkGlob(pattern);
    if (problem !== null) throw new FreshbaseError('glob-invalid', `${JSON.stringify(pattern.slice(0, 80))}: ${problem}`);
    const weight = braceExpand(pattern, OPTIONS).reduce((sum, expanded) => sum + expanded.length + 1, 0);
    return { matcher: new Minimatch(pattern, OPTIONS), weight };
  });
  return (text: string): boolean =>
    compiled.some(({ matcher, weight }) => {
      budget.remaining -= (text.length + 1) * weight;
      if (budget.remaining < 0) throw new GlobBudgetError({ what: budget.what, limit: budget.limit });
      return matcher.match(text);
    });
}
