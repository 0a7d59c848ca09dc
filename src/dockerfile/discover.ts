/**
 * Which paths are Dockerfiles: `Dockerfile`, `Containerfile`, `*.Dockerfile`, `*.dockerfile`,
 * `Dockerfile.*`, plus configured globs. Pure: callers list paths, this only matches them.
 */
import picomatch from 'picomatch';
import { isSkippedPath } from '../refs/index.js';

/** Options for `createDockerfileMatcher`. */
export interface DockerfileMatchOptions {
  /** Extra globs (relative to the repository root) that name Dockerfiles. @default [] */
  include?: readonly string[];
  /** Globs of paths to leave out. @default [] */
  exclude?: readonly string[];
}

const NAME_PATTERN = /^(?:Dockerfile|Containerfile|.+\.Dockerfile|.+\.dockerfile|Dockerfile\..+|Containerfile\..+)$/;

/** Builds a predicate that tells whether a repository-relative path is a Dockerfile to scan. */
export function createDockerfileMatcher(options: DockerfileMatchOptions = {}): (path: string) => boolean {
  const include = options.include !== undefined && options.include.length > 0 ? picomatch([...options.include], { dot: true }) : null;
  const exclude = options.exclude !== undefined && options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : null;
  return (path: string): boolean => {
    if (isSkippedPath(path) || exclude?.(path) === true) return false;
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (base.endsWith('.dockerignore')) return false;
    return NAME_PATTERN.test(base) || include?.(path) === true;
  };
}
