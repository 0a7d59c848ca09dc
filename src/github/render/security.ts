/**
 * What a bump fixes, in GitHub bodies: the security part of a pull request body (the summary
 * line, then the collapsible table per package, one per distinct image pair of the group,
 * within the budget the rest of the body leaves), the fingerprint kept in the pull request's
 * marker, and the dashboard's known vulnerabilities of the images in use.
 *
 * Owns: `groupSecurity`, `renderSecurityLines`, `securityRows`, `renderSecurityRow`, `GroupSecurity`.
 * May import: security (renderers), plan (types, `targetTag`), scan (types), render/markdown. Must not: do
 * I/O; print a package name, version or vulnerability id other than through security/'s
 * escaping, or an image name or tag other than through markdown's `code`/`text`.
 */
import { formatRepository, type ImageName } from '../../oci/reference.js';
import { targetTag, type Proposal, type UpdateGroup } from '../../plan/index.js';
import type { ImageRef } from '../../refs/index.js';
import {
  renderOpenVulnerabilities,
  renderSecuritySection,
  renderSecuritySummary,
  type OpenVulnerabilities,
  type SecurityReport,
} from '../../security/index.js';
import type { ScanSecurity } from '../../scan/types.js';
import { code, text } from './markdown.js';

/** Longest fingerprint kept in a pull request's marker. */
export const SECURITY_FINGERPRINT_MAX = 2000;

/** One image pair of a group: its report, or why it was not compared. */
export type GroupSection = { from: string; to: string } & ({ report: SecurityReport } | { notAssessed: string });

/** The security reports of one update group, each with the tags it goes from and to. */
export interface GroupSecurity {
  sections: GroupSection[];
  /** The summary lines: what the pull request's marker records, to tell whether the counts changed. */
  fingerprint: string;
  /** True when every report is final (compared with OSV's answer, or no SBOM published): worth a body update when it changed. */
  conclusive: boolean;
}

function isConclusive(section: GroupSection): boolean {
  if (!('report' in section)) return false;
  const { report } = section;
  if (report.status === 'no-sbom') return true;
  return report.status === 'compared' && report.vulnerabilities.status === 'checked';
}

function summaryOf(section: GroupSection): string {
  return 'report' in section ? renderSecuritySummary(section.report) : `not assessed: ${section.notAssessed}`;
}

/** The distinct reports of a group's updates, in item order; undefined when the scan assessed none of them. */
export function groupSecurity(
  group: UpdateGroup,
  security: Pick<ScanSecurity, 'bumps' | 'unassessed'> | undefined,
): GroupSecurity | undefined {
  if (security === undefined) return undefined;
  const sections: GroupSection[] = [];
  for (const { proposal, update } of group.items) {
    const report = security.bumps.get(update);
    const notAssessed = security.unassessed.get(update);
    const tags = { from: proposal.ref.name?.tag ?? '', to: targetTag(proposal.ref, update) ?? '' };
    if (report !== undefined && !sections.some((section) => 'report' in section && section.report === report))
      sections.push({ ...tags, report });
    const seen = sections.some((section) => 'notAssessed' in section && section.from === tags.from && section.to === tags.to);
    if (report === undefined && notAssessed !== undefined && !seen) sections.push({ ...tags, notAssessed });
  }
  if (sections.length === 0) return undefined;
  const lines = sections.map((s) => `${sections.length > 1 ? `${s.from} → ${s.to}: ` : ''}${summaryOf(s)}`);
  return {
    sections,
    fingerprint: lines.join('\n').slice(0, SECURITY_FINGERPRINT_MAX),
    conclusive: sections.every(isConclusive),
  };
}

function renderSection(section: GroupSection, budget: number): string {
  if ('report' in section) return renderSecuritySection(section.report, Math.max(0, budget));
  return `**Security:** not assessed: ${section.notAssessed}`.slice(0, Math.max(0, budget));
}

/**
 * The security part of a pull request body in at most `budget` characters (lines joined by
 * line breaks): one section, or for several image pairs one per pair under its tags, sharing
 * the budget. Empty when not even a summary line fits.
 */
export function renderSecurityLines(security: GroupSecurity, budget: number): string[] {
  const { sections } = security;
  if (sections.length === 1 && sections[0] !== undefined) {
    const only = renderSection(sections[0], budget);
    return only === '' ? [] : only.split('\n');
  }
  const share = Math.floor(budget / sections.length);
  const lines: string[] = [];
  for (const section of sections) {
    const label = `${code(section.from, 128)} → ${code(section.to, 128)}`;
    const body = renderSection(section, share - label.length - 2);
    if (body === '') continue;
    lines.push(label, ...body.split('\n'), '');
  }
  return lines.at(-1) === '' ? lines.slice(0, -1) : lines;
}

/** One dashboard row: an image in use, where, and its known vulnerabilities. */
export interface SecurityRow {
  image: string;
  where: string[];
  open: OpenVulnerabilities;
}

/** `python:3.11.8-slim`, with a pinned digest shortened: `python:3.11.8-slim@sha256:0123456789ab…`. */
function describeImage(name: ImageName): string {
  const tag = name.tag === undefined ? '' : `:${name.tag}`;
  const digest = name.digest === undefined ? '' : `@${name.digest.slice(0, 19)}…`;
  return `${formatRepository(name)}${tag}${digest}`;
}

/** The dashboard's rows: one per image assessed (references running the same image share it), those with the most known vulnerabilities first. */
export function securityRows(
  proposals: readonly Proposal[],
  current: ReadonlyMap<ImageRef, OpenVulnerabilities> | undefined,
): SecurityRow[] {
  if (current === undefined) return [];
  const rows = new Map<OpenVulnerabilities, SecurityRow>();
  for (const { ref } of proposals) {
    const open = current.get(ref);
    if (open === undefined || ref.name === null) continue;
    const row = rows.get(open) ?? { image: describeImage(ref.name), where: [], open };
    row.where.push(`${ref.file}:${ref.line}`);
    rows.set(open, row);
  }
  const total = (row: SecurityRow): number => (row.open.status === 'checked' ? row.open.total : -1);
  return [...rows.values()].sort((a, b) => total(b) - total(a) || a.image.localeCompare(b.image));
}

/** A dashboard table line for a row; every value from a file or a registry escaped. */
export function renderSecurityRow(row: SecurityRow): string {
  const shown = row.where.slice(0, 3).map((where) => code(where, 200));
  const more = row.where.length > 3 ? `, +${row.where.length - 3} more` : '';
  return `| ${code(row.image) || text(row.image)} | ${shown.join(', ')}${more} | ${renderOpenVulnerabilities(row.open)} |`;
}
