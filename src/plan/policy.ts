/**
 * What the repository's config allows: ignore rules, update types, and the platforms a
 * bump must keep.
 */
import type { IgnoreRule, RepoConfig } from '../config/schema.js';
import type { LifecycleCatalog } from '../lifecycle/index.js';
import type { ImageRef } from '../refs/index.js';
import { formatRepository, repositoryKey, type ImageName } from '../oci/reference.js';
import { formatPlatform, matchesPlatform, parsePlatform, type Platform } from '../oci/platform.js';
import { compileGlobs, createMatchBudget, type GlobMatcher } from '../util/glob.js';
import type { UpdateType } from './types.js';

/**
 * The parts of `RepoConfig` planning reads (with `lifecycle`: the release-line rules), and the repositories the repository's own
 * workflows build (`docker.io/acme/app`): a digest refresh of those follows a rebuild at once,
 * without waiting `minimumReleaseAge` (the age rule guards against upstream releases).
 */
export type PlanPolicy = Pick<
  RepoConfig,
  'updateTypes' | 'ignore' | 'minimumReleaseAge' | 'pinDigests' | 'followDigests' | 'platforms' | 'lifecycle'
> & {
  /** @default none */
  builtRepositories?: ReadonlySet<string>;
  /** The release lines planning judges by. @default the shipped data with `lifecycle.products` applied */
  catalog?: LifecycleCatalog;
};

/** Platforms freshbase checks when nothing says which the repository builds. */
export const DEFAULT_PLATFORMS: readonly string[] = ['linux/amd64', 'linux/arm64'];

interface CompiledRule {
  rule: IgnoreRule;
  image: GlobMatcher;
  versions: GlobMatcher | null;
  /** Image match results by `registry/repository`: a scan asks about few names, many times. */
  images: Map<string, boolean>;
}

/**
 * Ignore rules compiled once per config (each scan validates a new one), sharing one match
 * budget: planning throws `GlobBudgetError` when a repository's ignore globs take too long.
 */
const compiledRules = new WeakMap<readonly IgnoreRule[], CompiledRule[]>();

function compileRules(rules: readonly IgnoreRule[]): CompiledRule[] {
  const cached = compiledRules.get(rules);
  if (cached !== undefined) return cached;
  const budget = createMatchBudget('ignore');
  const compiled = rules.map((rule) => ({
    rule,
    image: compileGlobs([rule.image], budget),
    versions: rule.versions === undefined ? null : compileGlobs(rule.versions, budget),
    images: new Map<string, boolean>(),
  }));
  compiledRules.set(rules, compiled);
  return compiled;
}

function imageMatches(rule: CompiledRule, name: Pick<ImageName, 'registry' | 'repository'>): boolean {
  const key = repositoryKey(name);
  const known = rule.images.get(key);
  if (known !== undefined) return known;
  const matches = rule.image(formatRepository(name)) || rule.image(key);
  rule.images.set(key, matches);
  return matches;
}

/** Whether an ignore rule leaves the whole image alone (a rule with neither versions nor update types). */
export function isImageIgnored(policy: PlanPolicy, name: Pick<ImageName, 'registry' | 'repository'>): boolean {
  return compileRules(policy.ignore).some(
    (compiled) => compiled.rule.versions === undefined && compiled.rule.updateTypes === undefined && imageMatches(compiled, name),
  );
}

/** Whether config allows proposing `tag` (or a digest of it) as an update of `type`. */
export function isAllowed(policy: PlanPolicy, name: Pick<ImageName, 'registry' | 'repository'>, tag: string, type: UpdateType): boolean {
  if (!policy.updateTypes.includes(type)) return false;
  return !compileRules(policy.ignore).some((compiled) => {
    if (compiled.rule.updateTypes !== undefined && !compiled.rule.updateTypes.includes(type)) return false;
    if (!imageMatches(compiled, name)) return false;
    return compiled.versions === null || compiled.versions(tag);
  });
}

function parsePlatforms(texts: readonly string[]): Platform[] {
  return texts.flatMap((text) => {
    const parsed = parsePlatform(text);
    return parsed.ok ? [parsed.platform] : [];
  });
}

/** The platforms the repository says it builds for: config `platforms`, else a literal `FROM --platform=`; null when neither says. */
export function configuredPlatforms(policy: PlanPolicy, ref: ImageRef): Platform[] | null {
  if (policy.platforms !== undefined) return parsePlatforms(policy.platforms);
  if (ref.platform !== undefined && !ref.platform.includes('$')) return parsePlatforms(ref.platform.split(','));
  return null;
}

/**
 * The platforms a bump must keep: config `platforms`, else a literal `FROM --platform=`,
 * else linux/amd64 and linux/arm64, each only where the current image has it.
 */
export function requiredPlatforms(policy: PlanPolicy, ref: ImageRef, current: readonly Platform[]): Platform[] {
  return (
    configuredPlatforms(policy, ref) ??
    parsePlatforms(DEFAULT_PLATFORMS).filter((wanted) => current.some((have) => matchesPlatform(wanted, have)))
  );
}

/** linux/amd64 and linux/arm64, parsed. */
export function defaultPlatforms(): Platform[] {
  return parsePlatforms(DEFAULT_PLATFORMS);
}

/** The required platforms a candidate lacks, formatted (`linux/arm64`). */
export function missingPlatforms(required: readonly Platform[], candidate: readonly Platform[]): string[] {
  return required.filter((wanted) => !candidate.some((have) => matchesPlatform(wanted, have))).map(formatPlatform);
}
