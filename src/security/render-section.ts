/**
 * The security section of a pull request body: the summary line, the runtimes that moved,
 * and a collapsible table with one row per changed source package (old → new version,
 * vulnerabilities closed and opened), kept within a character budget: rows that do not fit
 * are left out and the section says how many.
 *
 * Owns: `renderSecuritySection`, `DEFAULT_SECTION_BUDGET`.
 * May import: security/*, sbom, osv (types). Must not: do I/O; print an untrusted string
 * other than through `codeIdentifier`.
 */
import type { PackageChange, RuntimeChange } from '../sbom/index.js';
import { codeIdentifier } from './escape.js';
import { plural, renderSecuritySummary } from './render-summary.js';
import type { PackageSecurity, SecurityReport, VulnerabilityCheck, VulnGroup } from './types.js';

/** The default budget: a sixth of GitHub's 65,536-character body limit, which the rest of the body shares. */
export const DEFAULT_SECTION_BUDGET = 10_000;
const IDS_PER_CELL = 6;
const NOTE_RESERVE = 160;
const RANK = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0 } as const;

type Checked = Extract<VulnerabilityCheck, { status: 'checked' }>;

function versions(list: readonly string[]): string {
  return list.length === 0 ? '—' : list.map(codeIdentifier).join(', ');
}

function versionCell(change: PackageChange): string {
  const from = versions(change.before);
  const to = versions(change.after);
  if (from !== to) return `${from} → ${to}`;
  const binary = change.binaries[0];
  const rebuilt =
    binary === undefined
      ? ''
      : ` (${codeIdentifier(binary.name)} ${versions(binary.before === undefined ? [] : [binary.before])} → ${versions(binary.after === undefined ? [] : [binary.after])})`;
  return `${from}${rebuilt}`;
}

function vulnCell(keys: readonly string[], groups: ReadonlyMap<string, VulnGroup>): string {
  if (keys.length === 0) return '';
  const shown = [...keys]
    .sort((a, b) => RANK[groups.get(b)?.severity ?? 'unknown'] - RANK[groups.get(a)?.severity ?? 'unknown'] || a.localeCompare(b))
    .slice(0, IDS_PER_CELL)
    .map((key) => `${codeIdentifier(key)} (${groups.get(key)?.severity ?? 'unknown'})`);
  const more = keys.length > IDS_PER_CELL ? `, +${keys.length - IDS_PER_CELL} more` : '';
  return `${shown.join(', ')}${more}`;
}

function rowOf(pkg: PackageSecurity, groups: ReadonlyMap<string, VulnGroup> | undefined): string {
  const name = codeIdentifier(pkg.change.source);
  const version = versionCell(pkg.change);
  if (groups === undefined) return `| ${name} | ${version} |`;
  const note = pkg.ecosystem === undefined ? 'not checked' : '';
  return `| ${name} | ${version} | ${vulnCell(pkg.closed, groups) || note} | ${vulnCell(pkg.opened, groups)} |`;
}

function weight(pkg: PackageSecurity, groups: ReadonlyMap<string, VulnGroup>): number {
  const keys = [...pkg.closed, ...pkg.opened];
  return keys.reduce((best, key) => Math.max(best, RANK[groups.get(key)?.severity ?? 'unknown'] + 1), 0) * 10_000 + keys.length;
}

function runtimeLine(runtimes: readonly RuntimeChange[]): string | undefined {
  if (runtimes.length === 0) return undefined;
  const parts = runtimes.map((runtime) => `${runtime.name} ${versions(runtime.before)} → ${versions(runtime.after)}`);
  return `Runtimes: ${parts.join(', ')}`;
}

function counts(changes: readonly PackageChange[], unchanged: number): string {
  const of = (kind: PackageChange['kind']): number => changes.filter((change) => change.kind === kind).length;
  return `OS packages: ${of('changed')} changed, ${of('added')} added, ${of('removed')} removed (${unchanged} unchanged)`;
}

interface Parts {
  head: string[];
  header: string[];
  rows: string[];
}

function partsOf(report: Extract<SecurityReport, { status: 'compared' }>, summary: string): Parts {
  const check: Checked | undefined = report.vulnerabilities.status === 'checked' ? report.vulnerabilities : undefined;
  const groups = check === undefined ? undefined : new Map([...check.closed, ...check.opened].map((group) => [group.key, group]));
  const packages: PackageSecurity[] = check?.packages ?? report.delta.packages.map((change) => ({ change, closed: [], opened: [] }));
  const ordered = groups === undefined ? packages : [...packages].sort((a, b) => weight(b, groups) - weight(a, groups));
  const head = [`**Security:** ${summary}`, ''];
  const runtimes = runtimeLine(report.delta.runtimes);
  if (runtimes !== undefined) head.push(runtimes, '');
  if (report.delta.partial) head.push('The SBOM lists more packages than freshbase reads; some changes may be missing.', '');
  const header =
    groups === undefined
      ? ['| Package | Version |', '| --- | --- |']
      : ['| Package | Version | Closes | Opens |', '| --- | --- | --- | --- |'];
  return { head, header, rows: ordered.map((pkg) => rowOf(pkg, groups)) };
}

/** Fits as many rows as the budget allows; says how many were left out. */
function assemble(parts: Parts, summaryLine: string, detailsTitle: string, budget: number): string {
  const open = [...parts.head, '<details>', `<summary>${detailsTitle}</summary>`, '', ...parts.header];
  const close = ['', '</details>'];
  const fixed = [...open, ...close].join('\n').length;
  if (fixed + NOTE_RESERVE > budget) return summaryLine.slice(0, Math.max(0, budget));
  const rows: string[] = [];
  let used = fixed;
  for (const row of parts.rows) {
    if (used + row.length + 1 + NOTE_RESERVE > budget) break;
    rows.push(row);
    used += row.length + 1;
  }
  const left = parts.rows.length - rows.length;
  const note =
    left === 0
      ? []
      : ['', `${plural(left, 'more package is', 'more packages are')} left out to keep the pull request within GitHub's size limit.`];
  return [...open, ...rows, ...note, ...close].join('\n');
}

/**
 * The Markdown section for a pull request body, at most `budget` characters.
 * @param budget @default DEFAULT_SECTION_BUDGET
 */
export function renderSecuritySection(report: SecurityReport, budget = DEFAULT_SECTION_BUDGET): string {
  const summary = renderSecuritySummary(report);
  const summaryLine = `**Security:** ${summary}`;
  if (report.status !== 'compared') return summaryLine.slice(0, Math.max(0, budget));
  if (report.delta.packages.length === 0) {
    const runtimes = runtimeLine(report.delta.runtimes);
    const text = [summaryLine, ...(runtimes === undefined ? [] : ['', runtimes]), '', 'No OS package changed.'].join('\n');
    return text.length <= budget ? text : summaryLine.slice(0, Math.max(0, budget));
  }
  return assemble(partsOf(report, summary), summaryLine, counts(report.delta.packages, report.delta.unchanged), budget);
}
