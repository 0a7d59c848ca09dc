/**
 * Owns derived tree operations: applying path edits to a tree (POST git/trees, commits by
 * tests), diffing two trees and three-way merging them. Imports `git-store`,
 * `git-objects`, `api-error`. Must not move refs.
 */
import { unprocessable } from './api-error.js';
import { EMPTY_TREE_SHA, type TreeEntry, type TreeEntryMode, type TreeEntryType } from './git-objects.js';
import type { GitStore, PathEntry } from './git-store.js';

/** Sets (`entry`) or deletes (`null`) the entry at `path`; a tree entry replaces the folder. */
export interface TreeChange {
  readonly path: string;
  readonly entry: { readonly mode: TreeEntryMode; readonly type: TreeEntryType; readonly sha: string } | null;
}

/** Paths added, modified and removed between two trees. */
export interface TreeDiff {
  readonly added: string[];
  readonly modified: string[];
  readonly removed: string[];
}

/** Checks a tree entry path as GitHub does (no empty, `.` or `..` components). */
export function assertValidPath(path: string): void {
  const parts = path.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..' || part === '.git')) {
    throw unprocessable(`tree.path contains a malformed path component`);
  }
}

/** Applies changes on top of `baseTree` (none = empty) and stores the resulting trees. */
export function applyTreeChanges(store: GitStore, baseTree: string | undefined, changes: readonly TreeChange[]): string {
  const files = baseTree === undefined ? new Map<string, PathEntry>() : store.flattenTree(baseTree);
  for (const { path, entry } of changes) {
    assertValidPath(path);
    for (const existing of [...files.keys()]) {
      if (existing === path || existing.startsWith(`${path}/`)) files.delete(existing);
    }
    if (entry === null) continue;
    if (entry.type === 'tree') {
      for (const [inner, file] of store.flattenTree(entry.sha)) {
        files.set(`${path}/${inner}`, { ...file, path: `${path}/${inner}` });
      }
    } else {
      assertNoFileAncestor(files, path);
      files.set(path, { path, mode: entry.mode, type: entry.type, sha: entry.sha });
    }
  }
  return buildTree(store, files);
}

function assertNoFileAncestor(files: ReadonlyMap<string, PathEntry>, path: string): void {
  const parts = path.split('/');
  for (let length = 1; length < parts.length; length += 1) {
    if (files.has(parts.slice(0, length).join('/'))) {
      throw unprocessable(`tree.path ${path} conflicts with a file at ${parts.slice(0, length).join('/')}`);
    }
  }
}

/** Builds (and stores) the nested trees holding exactly `files`; returns the root id. */
export function buildTree(store: GitStore, files: ReadonlyMap<string, PathEntry>): string {
  if (files.size === 0) return store.putTree([]);
  const direct: TreeEntry[] = [];
  const folders = new Map<string, Map<string, PathEntry>>();
  for (const [path, file] of files) {
    const slash = path.indexOf('/');
    if (slash === -1) {
      direct.push({ name: path, mode: file.mode, type: file.type, sha: file.sha });
      continue;
    }
    const folder = path.slice(0, slash);
    const inner = folders.get(folder) ?? new Map<string, PathEntry>();
    inner.set(path.slice(slash + 1), file);
    folders.set(folder, inner);
  }
  for (const [name, inner] of folders) {
    direct.push({ name, mode: '040000', type: 'tree', sha: buildTree(store, inner) });
  }
  return store.putTree(direct);
}

/** Compares two trees file by file (`before` undefined = nothing). */
export function diffTrees(store: GitStore, before: string | undefined, after: string): TreeDiff {
  const old = store.flattenTree(before ?? EMPTY_TREE_SHA);
  const next = store.flattenTree(after);
  const diff: TreeDiff = { added: [], modified: [], removed: [] };
  for (const [path, entry] of next) {
    const previous = old.get(path);
    if (previous === undefined) diff.added.push(path);
    else if (previous.sha !== entry.sha || previous.mode !== entry.mode) diff.modified.push(path);
  }
  for (const path of old.keys()) if (!next.has(path)) diff.removed.push(path);
  return diff;
}

/**
 * Three-way merges trees file by file: a side's change wins over an unchanged file; the
 * same change on both sides is fine; different changes to one path are conflicts.
 */
export function mergeTrees(
  store: GitStore,
  trees: { readonly base: string; readonly ours: string; readonly theirs: string },
): { tree: string; conflicts: [] } | { tree: undefined; conflicts: string[] } {
  const base = store.flattenTree(trees.base);
  const ours = store.flattenTree(trees.ours);
  const theirs = store.flattenTree(trees.theirs);
  const merged = new Map<string, PathEntry>();
  const conflicts: string[] = [];
  for (const path of new Set([...base.keys(), ...ours.keys(), ...theirs.keys()])) {
    const [b, o, t] = [base.get(path), ours.get(path), theirs.get(path)];
    const result = same(o, t) ? o : same(b, o) ? t : same(b, t) ? o : 'conflict';
    if (result === 'conflict') conflicts.push(path);
    else if (result !== undefined) merged.set(path, result);
  }
  return conflicts.length > 0 ? { tree: undefined, conflicts } : { tree: buildTree(store, merged), conflicts: [] };
}

function same(a: PathEntry | undefined, b: PathEntry | undefined): boolean {
  return a?.sha === b?.sha && a?.mode === b?.mode;
}

/** Lines added and removed between two blob versions (multiset line comparison). */
export function countLineChanges(before: Buffer | undefined, after: Buffer | undefined): { additions: number; deletions: number } {
  const split = (content: Buffer | undefined): string[] =>
    content === undefined || content.length === 0 ? [] : content.toString('utf8').replace(/\n$/, '').split('\n');
  const remaining = new Map<string, number>();
  for (const line of split(before)) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  let additions = 0;
  for (const line of split(after)) {
    const count = remaining.get(line) ?? 0;
    if (count > 0) remaining.set(line, count - 1);
    else additions += 1;
  }
  const deletions = [...remaining.values()].reduce((sum, count) => sum + count, 0);
  return { additions, deletions };
}
