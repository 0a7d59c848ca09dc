/**
 * Short forms of security reports: the plain-text `reason` input of a rebuild dispatch, the
 * dashboard's per-image count of open vulnerabilities, and the CLI's JSON `security` object.
 *
 * Owns: `renderRebuildReason`, `renderOpenVulnerabilities`, `toSecurityJson`, `notAssessedJson`, `SecurityJson`.
 * May import: security/*, osv (types). Must not: do I/O.
 */
import { countBySeverity, emptyCounts } from './classify.js';
import { safeIdentifier } from './escape.js';
import { formatSeverityBreakdown, renderSecuritySummary } from './render-summary.js';
import type { OpenVulnerabilities, SecurityReport, SeverityCounts } from './types.js';

const REASON_MAX = 1000;

/**
 * The `reason` input of a rebuild workflow dispatched because the upstream image changed:
 * `base image python:3.11-slim rebuilt upstream: closes 2 vulnerabilities (1 high) in 2 OS packages; opens 0`.
 * One line of plain text, at most 1000 characters; the image label is reduced like any identifier.
 */
export function renderRebuildReason(report: SecurityReport, image: string): string {
  const label = image.split(/[/:@]/).map(safeIdentifier).join(':').replace(/:+/g, ':');
  const text = `base image ${label} rebuilt upstream: ${renderSecuritySummary(report)}`;
  return text.length <= REASON_MAX ? text : `${text.slice(0, REASON_MAX - 1)}…`;
}

/** The dashboard's cell for an image's open vulnerabilities: `38 known (2 critical, 5 high)`. */
export function renderOpenVulnerabilities(open: OpenVulnerabilities): string {
  switch (open.status) {
    case 'no-sbom':
      return 'no SBOM published';
    case 'unavailable':
      return 'unavailable';
    case 'checked': {
      if (open.total === 0) return open.skipped.queries > 0 ? 'none known (not all packages checked)' : 'none known';
      return `${open.total} known${formatSeverityBreakdown(open.counts)}`;
    }
  }
}

/** The CLI's `security` object of one update (`freshbase scan --security --json`). */
export interface SecurityJson {
  /**
   * `checked`: the counts are complete; otherwise they are zero and `summary` says why
   * (`not-assessed`: the update was not compared, e.g. past the per-scan limit or a digest pin of the same image).
   */
  status: 'checked' | 'no-sbom' | 'sbom-unreadable' | 'vulnerabilities-unavailable' | 'not-assessed';
  closed: SeverityCounts;
  opened: SeverityCounts;
  /** Vulnerability keys (CVE ids where the records name one), most severe first. */
  ids: { closed: string[]; opened: string[] };
  /** Changed OS source packages. */
  packages: { changed: number; added: number; removed: number };
  runtimes: { name: string; from: string | null; to: string | null }[];
  /** The summary line, for humans. */
  summary: string;
}

/** The CLI's JSON `security` object of an update that was not compared, with the reason in `summary`. */
export function notAssessedJson(reason: string): SecurityJson {
  return {
    status: 'not-assessed',
    closed: emptyCounts(),
    opened: emptyCounts(),
    ids: { closed: [], opened: [] },
    packages: { changed: 0, added: 0, removed: 0 },
    runtimes: [],
    summary: `not assessed: ${reason}`,
  };
}

/** Converts a report to the CLI's JSON `security` object. */
export function toSecurityJson(report: SecurityReport): SecurityJson {
  const json: SecurityJson = {
    status: 'no-sbom',
    closed: emptyCounts(),
    opened: emptyCounts(),
    ids: { closed: [], opened: [] },
    packages: { changed: 0, added: 0, removed: 0 },
    runtimes: [],
    summary: renderSecuritySummary(report),
  };
  if (report.status === 'no-sbom') return json;
  if (report.status === 'sbom-unreadable') return { ...json, status: 'sbom-unreadable' };
  const of = (kind: 'changed' | 'added' | 'removed'): number => report.delta.packages.filter((change) => change.kind === kind).length;
  json.packages = { changed: of('changed'), added: of('added'), removed: of('removed') };
  json.runtimes = report.delta.runtimes.map((runtime) => ({
    name: runtime.name,
    from: runtime.before.join(', ') || null,
    to: runtime.after.join(', ') || null,
  }));
  const check = report.vulnerabilities;
  if (check.status === 'unavailable') return { ...json, status: 'vulnerabilities-unavailable' };
  return {
    ...json,
    status: 'checked',
    closed: countBySeverity(check.closed),
    opened: countBySeverity(check.opened),
    ids: { closed: check.closed.map((group) => group.key), opened: check.opened.map((group) => group.key) },
  };
}
