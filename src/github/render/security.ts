/**
 * What a bump fixes, in GitHub bodies: the security part of a pull request body (the summary
 * line, then the collapsible table per package, one per distinct image pair of the group,
 * within the budget the rest of the body leaves), the fingerprint kept in the pull request's
 * marker, and the dashboard's known vulnerabilities of the images in use.
 *
 * Owns: `groupSecurity`, `renderSecurityLines`, `securityRows`, `GroupSecurity`.
 * May import: security (renderers), plan (types, `targetTag`), render/markdown. Must not: do
 * I/O; print a package name, version or vulnerability id other than through security/'s
 * escaping, or an image name or tag other than through markdown's `code`/`text`.
 */
import { formatRepository, type ImageName } from '../../oci/reference.js';
import { targetTag, type Proposal, type Update, type UpdateGroup } from '../../plan/index.js';
import type { ImageRef } from '../../refs/index.js';
import {
  renderOpenVulnerabilities,
  renderSecuritySection,
  renderSecuritySummary,
  type OpenVulnerabilities,
  type SecurityReport,
} from '../../security/index.js';
import { code, text } from './markdown.js';

/** Longest fingerprint kept in a pull request's marker. */
export const SECURITY_FINGERPRINT_MAX = 2000;

/** The security reports of one update group, each with the tags it goes from and to. */
export interface GroupSecurity {
  sections: { from: string; to: string; report: SecurityReport }[];
  /** The summary lines: what the pull request's marker records, to tell whether the counts changed. */
  fingerprint: string;
  /** True when every report is final (compared with OSV's answer, or no SBOM published): worth a body update when it changed. */
  conclusive: boolean;
}

function isConclusive(report: SecurityReport): boolean {
  if (report.status === 'no-sbom') return true;
  return report.status === 'compared' && report.vulnerabilities.status === 'checked';
}

/** The distinct reports of a group's updates, in item order; undefined when none was assessed. */
export function groupSecurity(group: UpdateGroup, bumps: ReadonlyMap<Update, SecurityReport> | undefined): GroupSecurity | undefined {
  if (bumps === undefined) return undefined;
  const sections: GroupSecurity['sections'] = [];
  for (const { proposal, update } of group.items) {
    const report = bumps.get(update);
    if (report === undefined || sections.some((section) => section.report === report)) continue;
    sections.push({ from: proposal.ref.name?.tag ?? '', to: targetTag(proposal.ref, update) ?? '', report });
  }
  if (sections.length === 0) return undefined;
  const lines = sections.map((s) => `${sections.length > 1 ? `${s.from} → ${s.to}: ` : ''}${renderSecuritySummary(s.report)}`);
  return {
    sections,
    fingerprint: lines.join('\n').slice(0, SECURITY_FINGERPRINT_MAX),
    conclusive: sections.every((section) => isConclusive(section.report)),
  };
}

/**
 * The security part of a pull request body in at most `budget` characters (lines joined by
 * line breaks): one section, or for several image pairs one per pair under its tags, sharing
 * the budget. Empty when not even a summary line fits.
 */
export function renderSecurityLines(security: GroupSecurity, budget: number): string[] {
  const { sections } = security;
  if (sections.length === 1 && sections[0] !== undefined) {
    const only = renderSecuritySection(sections[0].report, Math.max(0, budget));
    return only === '' ? [] : only.split('\n');
  }
  const share = Math.floor(budget / sections.length);
  const lines: string[] = [];
  for (const section of sections) {
    const label = `${code(section.from, 128)} → ${code(section.to, 128)}`;
    const body = renderSecuritySection(section.report, Math.max(0, share - label.length - 2));
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
