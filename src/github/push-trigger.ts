/**
 * Which pushes to the default branch are worth a rescan. A push names only the changed paths,
 * while a repository's own globs (`dockerfiles.include`, `files.include`) live in its config,
 * so the check runs in two steps, the cheap one first:
 *
 * 1. The default names, with every file kind on, need no request: Dockerfiles, manifests (any
 *    YAML file can be a Kubernetes manifest), `Chart.yaml`, workflows, and the config itself
 *    (a push that changes the globs changes the config, so it always rescans).
 * 2. Only when no path matched, the config of the pushed head (the default branch now) is read
 *    (its size from the `.github` listing, then the file: two requests) and its include globs are matched. A config that is invalid does not
 *    rescan (the dashboard shows its error already, and this push did not touch it); one that
 *    cannot be read for another reason rescans, since nothing else can tell.
 *
 * Turned-off kinds and exclude globs are not applied: a needless rescan costs a scan that
 * writes nothing, a missed one leaves the repository behind.
 */
import type { RepoConfig } from '../config/schema.js';
import { createDockerfileMatcher } from '../dockerfile/index.js';
import { isManifestTriggerPath } from '../manifests/index.js';
import { ConfigError } from '../util/errors.js';
import { compileGlobs, createMatchBudget, GlobBudgetError } from '../util/glob.js';
import { CONFIG_PATH } from './repo-source.js';

/** A push webhook lists at most this many commits (GitHub's push payload description); a push with more may have changed anything. */
export const PUSH_COMMITS_LISTED = 2048;

/** Whether a change to `path` matters with the default names and every kind on (no config needed). */
export function isDefaultTriggerPath(path: string, isDockerfile: (path: string) => boolean = createDockerfileMatcher()): boolean {
  return path === CONFIG_PATH || path.startsWith('.github/workflows/') || isDockerfile(path) || isManifestTriggerPath(path);
}

/** Whether one of `paths` matches the config's `dockerfiles.include` or `files.include` globs. */
export function matchesIncludeGlobs(paths: readonly string[], config: RepoConfig): boolean {
  const globs = [...config.dockerfiles.include, ...Object.values(config.files.include).flat()];
  if (globs.length === 0) return false;
  try {
    const matches = compileGlobs(globs, createMatchBudget('include'));
    return paths.some((path) => matches(path));
  } catch (error: unknown) {
    // Too costly to tell: rescan, and let the scan report the globs.
    if (error instanceof GlobBudgetError) return true;
    throw error;
  }
}

/**
 * Whether a push that touched `paths` (from `commits` commits) is worth a rescan. `readConfig`
 * is called only when the default names decide nothing.
 */
export async function isRelevantPush(input: {
  paths: readonly string[];
  commits: number;
  readConfig: () => Promise<RepoConfig>;
}): Promise<boolean> {
  if (input.commits >= PUSH_COMMITS_LISTED) return true;
  const isDockerfile = createDockerfileMatcher();
  if (input.paths.some((path) => isDefaultTriggerPath(path, isDockerfile))) return true;
  if (input.paths.length === 0) return false;
  let config: RepoConfig;
  try {
    config = await input.readConfig();
  } catch (error: unknown) {
    if (error instanceof ConfigError) return false;
    return true;
  }
  return matchesIncludeGlobs(input.paths, config);
}
