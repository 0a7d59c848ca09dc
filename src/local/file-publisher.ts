/**
 * Writes proposals into a local checkout (`freshbase apply`): one rewrite per file,
 * written to a temporary file and renamed over the original, so a file is either
 * fully updated or untouched.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rewriteDockerfile } from '../dockerfile/index.js';
import { editsByFile, groupKindOf, type Proposal, type Update } from '../plan/index.js';
import { describeError } from '../util/errors.js';

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
  for (const [file, edits] of byFile) {
    try {
      const path = join(root, file);
      const bytes = await readFile(path);
      const before = bytes.toString('utf8');
      if (!Buffer.from(before, 'utf8').equals(bytes)) throw new Error(`${file} is not valid UTF-8; it is left as it is`);
      const after = rewriteDockerfile(file, before, edits);
      if (after !== before) await writeAtomically(path, after);
      report.written.push({ file, edits: edits.length });
    } catch (error: unknown) {
      report.failed.push({ file, reason: describeError(error) });
    }
  }
  return report;
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.freshbase-${randomBytes(6).toString('hex')}`;
  const { mode } = await stat(path);
  try {
    await writeFile(temporary, text, { mode });
    await rename(temporary, path);
  } catch (error: unknown) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
