/**
 * Severity of OSV records: a CVSS vector (v4, v3.x, v2) scored with ae-cvss-calculator where
 * the record gives one, else the distribution's own word (Ubuntu priority, in `severity` or
 * `ecosystem_specific.ubuntu_priority`; Debian urgency; `database_specific.severity`), else `unknown`.
 *
 * Owns: `rateRecord` (record → `VulnDetail`), `rateScore`, `severityOfWord`.
 * May import: ae-cvss-calculator, osv/{schema,types}. Must not: do I/O.
 */
import cvss from 'ae-cvss-calculator';
import type { VulnRecord } from './schema.js';
import type { Rating, Severity, VulnDetail } from './types.js';

const { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } = cvss;
const NONE: Rating = { severity: 'unknown', source: 'none' };
const MAX_PACKAGE_RATINGS = 500;

/** CVSS qualitative rating of a base score (FIRST's table; 0.0 "None" has no severity here). */
export function rateScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'unknown';
}

/** A distribution's severity word → severity (`important` is Red Hat's and Ubuntu's "high"). */
export function severityOfWord(word: unknown): Severity {
  if (typeof word !== 'string') return 'unknown';
  switch (word.trim().toLowerCase()) {
    case 'critical':
      return 'critical';
    case 'high':
    case 'important':
      return 'high';
    case 'medium':
    case 'moderate':
      return 'medium';
    case 'low':
    case 'negligible':
    case 'unimportant':
      return 'low';
    default:
      return 'unknown';
  }
}

function scoreVector(type: string, vector: string): { score: number; source: Rating['source'] } | undefined {
  try {
    if (type === 'CVSS_V4') return { score: new Cvss4P0(vector).calculateScores().base ?? Number.NaN, source: 'cvss-v4' };
    if (type === 'CVSS_V3') {
      const scorer = vector.startsWith('CVSS:3.0/') ? new Cvss3P0(vector) : new Cvss3P1(vector);
      return { score: scorer.calculateScores().base ?? Number.NaN, source: 'cvss-v3' };
    }
    if (type === 'CVSS_V2') return { score: new Cvss2(vector).calculateScores().base ?? Number.NaN, source: 'cvss-v2' };
  } catch {
    return undefined; // a malformed vector rates like no vector
  }
  return undefined;
}

const CVSS_ORDER = ['CVSS_V4', 'CVSS_V3', 'CVSS_V2'];

/** The best rating a `severity` array gives: the newest CVSS version, else an Ubuntu priority. */
function rateSeverities(entries: readonly { type: string; score: string }[] | undefined): Rating | undefined {
  if (entries === undefined) return undefined;
  for (const type of CVSS_ORDER) {
    for (const entry of entries.filter((candidate) => candidate.type === type)) {
      const scored = scoreVector(type, entry.score.trim());
      if (scored !== undefined && Number.isFinite(scored.score) && scored.score > 0) {
        return { severity: rateScore(scored.score), source: scored.source, score: scored.score };
      }
    }
  }
  const ubuntu = entries.find((entry) => entry.type.toLowerCase() === 'ubuntu');
  const severity = severityOfWord(ubuntu?.score);
  return severity === 'unknown' ? undefined : { severity, source: 'ubuntu-priority' };
}

function rateSpecific(specific: Record<string, unknown> | undefined, key: string, source: Rating['source']): Rating | undefined {
  const severity = severityOfWord(specific?.[key]);
  return severity === 'unknown' ? undefined : { severity, source };
}

type Affected = NonNullable<VulnRecord['affected']>[number];

function rateAffected(affected: Affected): Rating | undefined {
  return (
    rateSeverities(affected.severity) ??
    rateSpecific(affected.ecosystem_specific, 'severity', 'database-specific') ??
    rateSpecific(affected.database_specific, 'severity', 'database-specific') ??
    rateSpecific(affected.ecosystem_specific, 'ubuntu_priority', 'ubuntu-priority') ??
    rateSpecific(affected.ecosystem_specific, 'urgency', 'debian-urgency')
  );
}

/** What freshbase keeps of an OSV record, with its ratings. */
export function rateRecord(record: VulnRecord): VulnDetail {
  const packageRatings: Record<string, Rating> = {};
  for (const affected of (record.affected ?? []).slice(0, MAX_PACKAGE_RATINGS)) {
    if (affected.package === undefined) continue;
    const rating = rateAffected(affected);
    if (rating !== undefined) packageRatings[`${affected.package.ecosystem}|${affected.package.name}`] = rating;
  }
  const rating = rateSeverities(record.severity) ?? rateSpecific(record.database_specific, 'severity', 'database-specific') ?? NONE;
  const detail: VulnDetail = {
    id: record.id,
    related: [...new Set([...(record.aliases ?? []), ...(record.upstream ?? [])])].slice(0, 100),
    rating,
    packageRatings,
  };
  if (record.summary !== undefined) detail.summary = record.summary.slice(0, 300);
  return detail;
}

/** The rating of a record for one package: the package's own when the record gives one. */
export function ratingFor(detail: VulnDetail | undefined, ecosystem: string, name: string): Rating {
  if (detail === undefined) return NONE;
  return detail.packageRatings[`${ecosystem}|${name}`] ?? detail.rating;
}
