/**
 * Writes proposals into a local checkout (`freshbase apply`): one rewrite per file.
 *
 * Owns: where and how the new text is written. A file is reached only through real
 * directories of the checkout: if a directory on its path became a symbolic link after the
 * scan (or the file did), the file is refused, so nothing outside the checkout is written.
 * The new text goes to a temporary file with the original's mode and owner, flushed, then
 * renamed over the original: the file is either fully updated or untouched. Where a rename
 * would lose something, the file is rewritten in place instead: when it has other hard links
 * (a rename would leave them with the old text) or when its owner cannot be given to a new
 * file (freshbase not running as root). In place, the one write and truncate keep the inode,
 * links, owner and mode; only a crash during that write could leave it partly written.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, chown, open, realpath, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { applyEdits } from '../refs/index.js';
import { editsByFile, groupKindOf, type Proposal, type Update } from '../plan/index.js';
import { describeError, FreshbaseError } from '../util/errors.js';

/** What `applyProposals` did. */
export interface ApplyReport {
  /** Files rewritten, with the number of edits in each. */
  written: { file: string; edits: number }[];
  /** Files left alone because an edit did not fit, with the reason. */
  failed: { file: string; reason: string }[];
}

/** Options for `applyProposals`. */
export interface ApplyOptions {
  /** Apply the line upgrade (minor or major) where a reference has one, instead of the in-line update. @default false */
  includeLineUpgrades?: boolean;
}

/** The update `apply` takes for a proposal: the in-line one first, unless line upgrades are asked for. */
export function chooseUpdate(proposal: Proposal, includeLineUpgrades: boolean): Update | undefined {
  const inLine = proposal.updates.find((u) => groupKindOf(u) === 'in-line');
  if (includeLineUpgrades) return proposal.updates.find((u) => u.kind === 'line-upgrade') ?? inLine;
  return inLine;
}

/** Rewrites the files of `root` that proposals change. */
export async function applyProposals(root: string, proposals: readonly Proposal[], options: ApplyOptions = {}): Promise<ApplyReport> {
  const chosen = proposals.flatMap((proposal) => {
    const update = chooseUpdate(proposal, options.includeLineUpgrades ?? false);
    return update === undefined ? [] : [{ proposal, update }];
  });
  const byFile = editsByFile(chosen);
  const report: ApplyReport = { written: [], failed: [] };
  const realRoot = await realpath(root);
  for (const [file, edits] of byFile) {
    try {
      const path = await resolveInside(realRoot, file);
      await updateFile(path, file, (before) => applyEdits(file, before, edits));
      report.written.push({ file, edits: edits.length });
    } catch (error: unknown) {
      report.failed.push({ file, reason: describeError(error) });
    }
  }
  return report;
}

function refused(file: string, why: string): FreshbaseError {
  return new FreshbaseError('apply-refused', `${file}: ${why}; left as it is`);
}

/**
 * The path of `file` (relative, `/`-separated) under `realRoot`, after checking that its
 * directory resolves to itself: no directory on the way is a symbolic link.
 */
async function resolveInside(realRoot: string, file: string): Promise<string> {
  const parts = file.split('/');
  if (parts.some((part) => part === '' || part === '.' || part === '..')) throw refused(file, 'the path is not a plain relative path');
  const path = join(realRoot, ...parts);
  const directory = dirname(path);
  const resolved = await realpath(directory).catch((error: unknown) => {
    throw refused(file, `its directory cannot be resolved (${describeError(error)})`);
  });
  if (resolved !== directory || !(resolved === realRoot || resolved.startsWith(realRoot + sep))) {
    throw refused(file, 'a directory on its path is a symbolic link now (it was not when scanned)');
  }
  return path;
}

/** Reads `path` (never through a symbolic link), rewrites it with `change`, writes it back. */
async function updateFile(path: string, file: string, change: (text: string) => string): Promise<void> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    throw code === 'ELOOP' ? refused(file, 'the file is a symbolic link now (it was not when scanned)') : error;
  });
  let before: string;
  let info;
  try {
    info = await handle.stat();
    if (!info.isFile()) throw refused(file, 'it is not a regular file');
    const bytes = await handle.readFile();
    before = bytes.toString('utf8');
    if (!Buffer.from(before, 'utf8').equals(bytes)) throw refused(file, 'it is not valid UTF-8');
  } finally {
    await handle.close();
  }
  const after = change(before);
  if (after === before) return;
  const owner = { uid: info.uid, gid: info.gid, mode: info.mode & 0o7777 };
  if (info.nlink > 1 || !(await writeReplacement(path, after, owner))) await writeInPlace(path, after);
}

/**
 * Writes `text` to a new file beside `path` with the original's mode and owner, then renames it
 * over `path`. False (nothing changed) when the owner cannot be given to the new file.
 */
async function writeReplacement(path: string, text: string, owner: { uid: number; gid: number; mode: number }): Promise<boolean> {
  const temporary = `${path}.freshbase-${randomBytes(6).toString('hex')}`;
  const handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
    await handle.close();
    await chmod(temporary, owner.mode);
    const kept = await chown(temporary, owner.uid, owner.gid).then(
      () => true,
      (error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'EPERM') return false;
        throw error;
      },
    );
    if (!kept) {
      await unlink(temporary);
      return false;
    }
    await rename(temporary, path);
    return true;
  } catch (error: unknown) {
    await closeQuietly(handle);
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** Rewrites the same inode: links, owner and mode stay as they are. */
async function writeInPlace(path: string, text: string): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_NOFOLLOW);
  try {
    const bytes = Buffer.from(text, 'utf8');
    await handle.writeFile(bytes);
    await handle.truncate(bytes.length);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function closeQuietly(handle: FileHandle): Promise<void> {
  // close() after a successful close rejects with EBADF; the first outcome is the one reported.
  await handle.close().catch(() => undefined);
}
