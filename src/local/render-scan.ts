/**
 * The CLI's output: the stable JSON contract and the readable table. Every value from a file
 * or a registry goes through `sanitizeForTerminal` before it is printed in the table.
 */
import { formatRepository } from '../oci/reference.js';
import type { RefKind } from '../refs/index.js';
import { editLine, targetTag, type Proposal, type SkipReason, type Update } from '../plan/index.js';
import type { ScanResult, ScanSecurity } from '../scan/types.js';
import { notAssessedJson, toSecurityJson, type SecurityJson } from '../security/index.js';
import { sanitizeForTerminal as clean } from './terminal-text.js';

/** One entry of `updates` in the JSON contract. */
export interface JsonUpdate {
  file: string;
  /** The kind of file: `dockerfile`, `kubernetes`, `helm`, `compose`, `workflow` or `devcontainer`. */
  kind: RefKind;
  line: number;
  image: string;
  registry: string;
  repository: string;
  currentTag: string | null;
  currentDigest: string | null;
  newTag: string | null;
  newDigest: string | null;
  updateType: Update['updateType'];
  /**
   * What the update fixes, only with `--security` (optional: absent otherwise): OS package changes
   * between the current and the proposed image and the vulnerabilities that closes or opens.
   */
  security?: SecurityJson;
}

/** One entry of `references` in the JSON contract. */
export interface JsonReference {
  file: string;
  /** As in `JsonUpdate.kind`. */
  kind: RefKind;
  line: number;
  image: string | null;
  tag: string | null;
  digest: string | null;
  status: Proposal['status'];
  /** Why the reference is skipped or up to date, in one sentence; null for updates. */
  reason: string | null;
  /** The stable code of a skipped reference (`registry-error`, `too-new`, ...); null otherwise. */
  skipReason: SkipReason | null;
  /** The reference's release line (version or OS part) past or near its end of life; null when none is (or no data covers it). */
  eol: JsonEndOfLife | null;
}

/** `eol` of a reference: the line (`python 3.9`, `debian 11 (bullseye)`), its last day of support, and whether it is past (`eol`) or near (`soon`). */
export interface JsonEndOfLife {
  line: string;
  date: string | null;
  state: 'eol' | 'soon';
}

/** The JSON contract of `freshbase scan --format json`. */
export interface ScanJson {
  updates: JsonUpdate[];
  references: JsonReference[];
}

/** Builds the JSON contract from a scan. */
export function renderScanJson(result: ScanResult): ScanJson {
  const updates: JsonUpdate[] = [];
  const references: JsonReference[] = [];
  for (const proposal of result.proposals) {
    const { ref } = proposal;
    const name = ref.name;
    references.push({
      file: ref.file,
      kind: ref.kind,
      line: ref.line,
      image: name === null ? null : formatRepository(name),
      tag: name?.tag ?? null,
      digest: name?.digest ?? null,
      status: proposal.status,
      reason: proposal.reason,
      skipReason: proposal.status === 'skipped' ? proposal.skip : null,
      eol: proposal.eol === undefined ? null : { line: proposal.eol.line, date: proposal.eol.date, state: proposal.eol.state },
    });
    if (name === null) continue;
    for (const update of proposal.updates) {
      updates.push({
        file: ref.file,
        kind: ref.kind,
        line: editLine(ref, update),
        image: formatRepository(name),
        registry: name.registry,
        repository: name.repository,
        currentTag: name.tag ?? null,
        currentDigest: name.digest ?? null,
        newTag: targetTag(ref, update),
        newDigest: update.newDigest,
        updateType: update.updateType,
        ...securityOf(result.security, update),
      });
    }
  }
  return { updates, references };
}

/** The `security` field of an update: its report, why it was not compared, or nothing when the scan was not asked. */
function securityOf(security: ScanSecurity | undefined, update: Update): { security?: SecurityJson } {
  if (security === undefined) return {};
  const report = security.bumps.get(update);
  if (report !== undefined) return { security: toSecurityJson(report) };
  return { security: notAssessedJson(security.unassessed.get(update) ?? 'the update keeps the same image') };
}

function pad(cells: string[][]): string[] {
  const widths = cells[0]?.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length))) ?? [];
  return cells.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** The readable table: updates, then references that are skipped, then a summary line. */
export function renderScanTable(result: ScanResult): string {
  const json = renderScanJson(result);
  const lines: string[] = [];
  if (json.updates.length > 0) {
    const rows = json.updates.map((u) =>
      [
        `${u.file}:${u.line}`,
        u.image,
        describeVersion(u.currentTag, u.currentDigest),
        describeVersion(u.newTag, u.updateType === 'digest' || u.updateType === 'pin' ? u.newDigest : null),
        u.updateType,
      ].map(clean),
    );
    lines.push(...pad([['FILE:LINE', 'IMAGE', 'CURRENT', 'NEW', 'TYPE'], ...rows]), '');
  }
  const skipped = result.proposals.filter((p) => p.status === 'skipped');
  if (skipped.length > 0) {
    lines.push('Skipped:');
    for (const proposal of skipped)
      lines.push(clean(`  ${proposal.ref.file}:${proposal.ref.line}  ${proposal.ref.raw}  ${proposal.skip}: ${proposal.reason}`));
    lines.push('');
  }
  if (result.skippedFiles.length > 0) {
    lines.push('Skipped files:', ...result.skippedFiles.map((file) => clean(`  ${file.path}  ${file.reason}`)), '');
  }
  const security = json.updates.flatMap((u) =>
    u.security === undefined ? [] : [clean(`  ${u.file}:${u.line}  ${u.image} ${describeVersion(u.newTag, null)}  ${u.security.summary}`)],
  );
  if (security.length > 0) lines.push('Security:', ...security, '');
  const endOfLife = result.proposals.flatMap((p) =>
    p.eol === undefined ? [] : [clean(`  ${p.ref.file}:${p.ref.line}  ${p.eol.message}`)],
  );
  if (endOfLife.length > 0) lines.push('End of life:', ...[...new Set(endOfLife)], '');
  const notes = result.proposals.flatMap((p) => p.notes.map((note) => clean(`  ${p.ref.file}:${p.ref.line}  ${note}`)));
  if (notes.length > 0) lines.push('Notes:', ...[...new Set(notes)], '');
  const upToDate = result.proposals.filter((p) => p.status === 'up-to-date').length;
  const withUpdates = result.proposals.filter((p) => p.status === 'update').length;
  const unread = result.skippedFiles.length;
  const skippedFiles = unread === 0 ? '' : `; ${unread} file${unread === 1 ? '' : 's'} skipped, not read`;
  lines.push(
    `${describeFiles(result)}, ${result.proposals.length} image references: ${withUpdates} to update (${json.updates.length} proposal${json.updates.length === 1 ? '' : 's'}), ${upToDate} up to date, ${skipped.length} skipped${skippedFiles}`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * `2 Dockerfiles`, or `2 Dockerfiles, 3 manifests` when manifests name images (a YAML file read
 * as a possible Kubernetes manifest that holds none is not counted).
 */
function describeFiles(result: ScanResult): string {
  const dockerfiles = result.files.filter((file) => file.kind === 'dockerfile').length;
  const manifests = new Set(result.references.filter((ref) => ref.kind !== 'dockerfile').map((ref) => ref.file)).size;
  return `${dockerfiles} Dockerfiles${manifests === 0 ? '' : `, ${manifests} manifest${manifests === 1 ? '' : 's'}`}`;
}

function describeVersion(tag: string | null, digest: string | null): string {
  const short = digest === null ? '' : `@${digest.slice(0, 19)}`;
  return `${tag ?? ''}${short}`;
}
