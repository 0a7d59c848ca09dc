/**
 * The one-line summary of a security report ("closes 14 vulnerabilities (2 critical, 5 high)
 * in 9 OS packages; opens 0"), shared by the pull request body, the workflow `reason` input
 * and logs. Plain text made only of numbers and fixed words: nothing untrusted.
 *
 * Owns: `renderSecuritySummary`, `formatSeverityBreakdown`, `plural`.
 * May import: security/{classify,types}. Must not: do I/O.
 */
import { countBySeverity } from './classify.js';
import type { SecurityReport, SeverityCounts, VulnerabilityCheck } from './types.js';

/** `1 vulnerability`, `3 vulnerabilities`, `1 OS package`. */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** ` (2 critical, 5 high)`: the critical and high counts that are not zero, or nothing. */
export function formatSeverityBreakdown(counts: SeverityCounts): string {
  const parts = (['critical', 'high'] as const)
    .filter((severity) => counts[severity] > 0)
    .map((severity) => `${counts[severity]} ${severity}`);
  return parts.length === 0 ? '' : ` (${parts.join(', ')})`;
}

function checkedSummary(check: Extract<VulnerabilityCheck, { status: 'checked' }>): string {
  const fixedPackages = check.packages.filter((pkg) => pkg.closed.length > 0).length;
  const closed = `closes ${plural(check.closed.length, 'vulnerability', 'vulnerabilities')}${formatSeverityBreakdown(countBySeverity(check.closed))}`;
  const where = check.closed.length === 0 ? '' : ` in ${plural(fixedPackages, 'OS package', 'OS packages')}`;
  const opened = `opens ${check.opened.length}${formatSeverityBreakdown(countBySeverity(check.opened))}`;
  const partial = check.unsupported > 0 || check.skipped.queries > 0 ? ' (some packages not checked)' : '';
  return `${closed}${where}; ${opened}${partial}`;
}

/** The summary line of a report; one that says nothing about vulnerabilities starts `not assessed: ` and gives the reason. */
export function renderSecuritySummary(report: SecurityReport): string {
  switch (report.status) {
    case 'no-sbom':
      return `not assessed: ${report.missing.length === 2 ? 'no SBOM published' : `no SBOM published for the ${report.missing[0] ?? 'proposed'} image`}`;
    case 'sbom-unreadable':
      return 'not assessed: SBOM could not be read';
    case 'compared':
      return report.vulnerabilities.status === 'checked'
        ? checkedSummary(report.vulnerabilities)
        : 'not assessed: vulnerability data unavailable (OSV unreachable)';
  }
}
