/**
 * Owns one repository's object database and refs: storing blobs, trees and commits under
 * their real ids, resolving refs, walking trees and history. Imports `git-objects` and
 * `api-error`. Must not know about HTTP, issues or pulls.
 */
import {
  encodeCommit,
  encodeTree,
  hashGitObject,
  sortTreeEntries,
  type CommitData,
  type GitObject,
  type TreeEntry,
  type TreeEntryMode,
  type TreeEntryType,
} from './git-objects.js';

/** A tree entry with its full path from the root tree, plus the blob size. */
export interface PathEntry {
  readonly path: string;
  readonly mode: TreeEntryMode;
  readonly type: TreeEntryType;
  readonly sha: string;
  readonly size?: number;
}

const FULL_SHA = /^[0-9a-f]{40}$/;

/** One repository's git objects and refs (`refs/heads/main` → commit id). */
export class GitStore {
  /** Every object by id. */
  readonly objects = new Map<string, GitObject>();
  /** Full ref name (`refs/heads/main`) → commit id. */
  readonly refs = new Map<string, string>();

  /** Stores a blob; returns its id. */
  putBlob(content: Buffer | string): string {
    const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const sha = hashGitObject('blob', buffer);
    this.objects.set(sha, { type: 'blob', sha, content: buffer });
    return sha;
  }

  /** Stores a tree (entries are git-sorted); returns its id. */
  putTree(entries: readonly TreeEntry[]): string {
    const sorted = sortTreeEntries(entries);
    const sha = hashGitObject('tree', encodeTree(sorted));
    this.objects.set(sha, { type: 'tree', sha, entries: sorted });
    return sha;
  }

  /** Stores a commit; returns its id. */
  putCommit(commit: CommitData): string {
    const sha = hashGitObject('commit', encodeCommit(commit));
    this.objects.set(sha, { type: 'commit', sha, commit });
    return sha;
  }

  /** The blob's bytes, or undefined when `sha` is not a blob. */
  getBlob(sha: string): Buffer | undefined {
    const object = this.objects.get(sha);
    return object?.type === 'blob' ? object.content : undefined;
  }

  /** The tree's entries, or undefined when `sha` is not a tree. */
  getTree(sha: string): readonly TreeEntry[] | undefined {
    const object = this.objects.get(sha);
    return object?.type === 'tree' ? object.entries : undefined;
  }

  /** The commit, or undefined when `sha` is not a commit. */
  getCommit(sha: string): CommitData | undefined {
    const object = this.objects.get(sha);
    return object?.type === 'commit' ? object.commit : undefined;
  }

  /** The tip of `refs/heads/<branch>`. */
  branchTip(branch: string): string | undefined {
    return this.refs.get(`refs/heads/${branch}`);
  }

  /**
   * Resolves what GitHub accepts as a commit-ish: a full or short (≥ 7) commit id, a full
   * ref (`refs/heads/x`), `heads/x`, `tags/x`, or a bare branch or tag name.
   */
  resolveCommitish(value: string): string | undefined {
    if (FULL_SHA.test(value)) return this.getCommit(value) === undefined ? undefined : value;
    const candidates = [value, `refs/${value}`, `refs/heads/${value}`, `refs/tags/${value}`];
    for (const candidate of candidates) {
      const sha = this.refs.get(candidate);
      if (sha !== undefined) return sha;
    }
    if (/^[0-9a-f]{7,39}$/.test(value)) {
      const matches = [...this.objects.values()].filter((o) => o.type === 'commit' && o.sha.startsWith(value));
      return matches.length === 1 ? matches[0]?.sha : undefined;
    }
    return undefined;
  }

  /** Lists a tree's entries with full paths; `recursive` walks subtrees depth-first. */
  walkTree(treeSha: string, recursive: boolean, prefix = ''): PathEntry[] {
    const entries = this.getTree(treeSha) ?? [];
    const result: PathEntry[] = [];
    for (const entry of entries) {
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      const size = entry.type === 'blob' ? this.getBlob(entry.sha)?.length : undefined;
      result.push({ path, mode: entry.mode, type: entry.type, sha: entry.sha, ...(size === undefined ? {} : { size }) });
      if (recursive && entry.type === 'tree') result.push(...this.walkTree(entry.sha, true, path));
    }
    return result;
  }

  /** Every non-tree entry (files, symlinks, submodules) of a tree, by full path. */
  flattenTree(treeSha: string): Map<string, PathEntry> {
    const files = new Map<string, PathEntry>();
    for (const entry of this.walkTree(treeSha, true)) {
      if (entry.type !== 'tree') files.set(entry.path, entry);
    }
    return files;
  }

  /** The entry at `path` in a tree (`''` = the tree itself), or undefined. */
  lookupPath(treeSha: string, path: string): PathEntry | undefined {
    const parts = path.split('/').filter((part) => part !== '');
    let current: PathEntry = { path: '', mode: '040000', type: 'tree', sha: treeSha };
    for (const part of parts) {
      if (current.type !== 'tree') return undefined;
      const entry = this.getTree(current.sha)?.find((candidate) => candidate.name === part);
      if (entry === undefined) return undefined;
      const size = entry.type === 'blob' ? this.getBlob(entry.sha)?.length : undefined;
      const full = current.path === '' ? part : `${current.path}/${part}`;
      current = { path: full, mode: entry.mode, type: entry.type, sha: entry.sha, ...(size === undefined ? {} : { size }) };
    }
    return current;
  }

  /** The commit and all its ancestors. */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>();
    const queue = [sha];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(this.getCommit(next)?.parents ?? []));
    }
    return seen;
  }

  /** Whether `ancestor` is `descendant` or reachable from it. */
  isAncestor(ancestor: string, descendant: string): boolean {
    return this.ancestors(descendant).has(ancestor);
  }

  /** The nearest common ancestor of two commits (by history order from `b`). */
  mergeBase(a: string, b: string): string | undefined {
    const fromA = this.ancestors(a);
    return this.log(b).find((sha) => fromA.has(sha));
  }

  /** Commits reachable from `start`, newest committer date first, children before parents. */
  log(start: string): string[] {
    const postOrder: string[] = [];
    const seen = new Set<string>();
    const stack: { sha: string; expanded: boolean }[] = [{ sha: start, expanded: false }];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      if (top.expanded) {
        postOrder.push(top.sha);
        continue;
      }
      if (seen.has(top.sha)) continue;
      seen.add(top.sha);
      stack.push({ sha: top.sha, expanded: true });
      for (const parent of this.getCommit(top.sha)?.parents ?? []) stack.push({ sha: parent, expanded: false });
    }
    const time = (sha: string): number => this.getCommit(sha)?.committer.date.getTime() ?? 0;
    return postOrder.reverse().sort((a, b) => time(b) - time(a));
  }
}
