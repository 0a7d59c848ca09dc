/**
 * Which paths are Dockerfiles: `Dockerfile`, `Containerfile`, `*.Dockerfile`, `*.dockerfile`,
 * `Dockerfile.*`, plus configured globs. Pure: callers list paths, this only matches them.
 */
import { isSkippedPath } from '../refs/index.js';
import { compileGlobs, createMatchBudget } from '../util/glob.js';

/** Options for `createDockerfileMatcher`. */
export interface DockerfileMatchOptions {
  /** Extra globs (relative to the repository root) that name Dockerfiles. @default [] */
  include?: readonly string[];
  /** Globs of paths to leave out. @default [] */
  exclude?: readonly string[];
}

const NAME_PATTERN = /^(?:Dockerfile|Containerfile|.+\.Dockerfile|.+\.dockerfile|Dockerfile\..+|Containerfile\..+)$/;

/**
 * Builds a predicate that tells whether a repository-relative path is a Dockerfile to scan.
 * The globs are compiled once; the predicate throws `GlobBudgetError` when matching them
 * over one repository's paths exceeds the glob budget (make one matcher per repository).
 */
export function createDockerfileMatcher(options: DockerfileMatchOptions = {}): (path: string) => boolean {
  const budget = createMatchBudget('dockerfiles');
  const include = options.include !== undefined && options.include.length > 0 ? compileGlobs(options.include, budget) : null;
  const exclude = options.exclude !== undefined && options.exclude.length > 0 ? compileGlobs(options.exclude, budget) : null;
  return (path: string): boolean => {
    if (isSkippedPath(path) || exclude?.(path) === true) return false;
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (base.endsWith('.dockerignore')) return false;
    return NAME_PATTERN.test(base) || include?.(path) === true;
  };
}
