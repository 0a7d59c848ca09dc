/**
 * Folders no extractor searches, whatever the file kind.
 *
 * May import: nothing. Must not: do I/O.
 */

/** Folders never searched. */
export const SKIPPED_DIRECTORIES: readonly string[] = ['.git', 'node_modules'];

/** Whether a path (with `/` separators) lies under a skipped folder. */
export function isSkippedPath(path: string): boolean {
  return path.split('/').some((part) => SKIPPED_DIRECTORIES.includes(part));
}
