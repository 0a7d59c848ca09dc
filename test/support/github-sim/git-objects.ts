/**
 * Owns the git object model: blob, tree and commit values and their real git SHA-1 ids
 * (`sha1("<type> <len>\0<body>")`). Imports only `node:crypto`. Pure: no storage.
 */
import { createHash } from 'node:crypto';

/** Tree entry modes as GitHub's API spells them. */
export type TreeEntryMode = '100644' | '100755' | '040000' | '120000' | '160000';

/** The object type an entry points at (`commit` = submodule). */
export type TreeEntryType = 'blob' | 'tree' | 'commit';

/** One entry of a tree object. */
export interface TreeEntry {
  readonly name: string;
  readonly mode: TreeEntryMode;
  readonly type: TreeEntryType;
  readonly sha: string;
}

/** A commit's author or committer. */
export interface GitPerson {
  readonly name: string;
  readonly email: string;
  readonly date: Date;
}

/** GitHub's `verification` block of a commit. */
export interface CommitVerification {
  readonly verified: boolean;
  readonly reason: string;
  readonly signature: string | null;
  readonly payload: string | null;
  readonly verified_at: string | null;
}

/** A commit's content plus GitHub's verification verdict (not part of the hash). */
export interface CommitData {
  readonly tree: string;
  readonly parents: readonly string[];
  readonly author: GitPerson;
  readonly committer: GitPerson;
  readonly message: string;
  readonly signature?: string;
  readonly verification: CommitVerification;
}

/** A stored git object with its id. */
export type GitObject =
  | { readonly type: 'blob'; readonly sha: string; readonly content: Buffer }
  | { readonly type: 'tree'; readonly sha: string; readonly entries: readonly TreeEntry[] }
  | { readonly type: 'commit'; readonly sha: string; readonly commit: CommitData };

/** The id of an empty tree, the same in every git repository. */
export const EMPTY_TREE_SHA = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Hashes an object the way `git hash-object -t <type>` does. */
export function hashGitObject(type: 'blob' | 'tree' | 'commit', body: Buffer): string {
  const header = Buffer.from(`${type} ${body.length}\0`, 'utf8');
  return createHash('sha1').update(header).update(body).digest('hex');
}

/** Sorts entries in git's order: byte order, with tree names compared as `name/`. */
export function sortTreeEntries(entries: readonly TreeEntry[]): TreeEntry[] {
  const sortKey = (entry: TreeEntry): string => (entry.type === 'tree' ? `${entry.name}/` : entry.name);
  return [...entries].sort((a, b) => Buffer.compare(Buffer.from(sortKey(a)), Buffer.from(sortKey(b))));
}

/** Encodes a tree body (`<mode> <name>\0<20-byte id>` per entry, git-sorted). */
export function encodeTree(entries: readonly TreeEntry[]): Buffer {
  const parts = sortTreeEntries(entries).map((entry) => {
    const mode = entry.mode === '040000' ? '40000' : entry.mode;
    return Buffer.concat([Buffer.from(`${mode} ${entry.name}\0`, 'utf8'), Buffer.from(entry.sha, 'hex')]);
  });
  return Buffer.concat(parts);
}

/** Encodes a commit body as `git cat-file commit` prints it. */
export function encodeCommit(commit: CommitData): Buffer {
  const lines = [`tree ${commit.tree}`, ...commit.parents.map((parent) => `parent ${parent}`)];
  lines.push(`author ${formatPersonLine(commit.author)}`, `committer ${formatPersonLine(commit.committer)}`);
  if (commit.signature !== undefined) {
    lines.push(`gpgsig ${commit.signature.trimEnd().split('\n').join('\n ')}`);
  }
  return Buffer.from(`${lines.join('\n')}\n\n${commit.message}`, 'utf8');
}

function formatPersonLine(person: GitPerson): string {
  return `${person.name} <${person.email}> ${Math.floor(person.date.getTime() / 1000)} +0000`;
}

/** Formats a date as GitHub does in JSON: ISO 8601 without milliseconds. */
export function formatGitHubDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The verification block of an unsigned commit. */
export const UNSIGNED: CommitVerification = {
  verified: false,
  reason: 'unsigned',
  signature: null,
  payload: null,
  verified_at: null,
};
