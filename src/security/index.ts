/**
 * The security module: what a base-image bump fixes. It joins the SBOM module (package
 * deltas of the current and proposed images) and the OSV client (which versions are
 * affected) into reports, and renders them for pull request bodies, the dashboard, rebuild
 * reasons and the CLI's JSON.
 *
 * Owns: closed/opened classification, vulnerability counting by CVE, the assessments on
 * ports, and every rendering of a report (escaping untrusted identifiers, size budgets).
 * May import: sbom, osv, util. Must not: call fetch, read process.env, throw from an assessment.
 * Import the module through this file only.
 */
export { assessBump, assessImage } from './assess.js';
export {
  buildBumpQueries,
  buildImageQueries,
  classifyVulnerabilities,
  countBySeverity,
  countOpenVulnerabilities,
  emptyCounts,
  vulnKeys,
} from './classify.js';
export { codeIdentifier, safeIdentifier } from './escape.js';
export { DEFAULT_SECTION_BUDGET, renderSecuritySection } from './render-section.js';
export { formatSeverityBreakdown, renderSecuritySummary } from './render-summary.js';
export { notAssessedJson, renderOpenVulnerabilities, renderRebuildReason, toSecurityJson, type SecurityJson } from './render-text.js';
export type {
  ImageLocation,
  OpenVulnerabilities,
  PackageSecurity,
  SecurityPorts,
  SecurityReport,
  SeverityCounts,
  VulnerabilityCheck,
  VulnGroup,
} from './types.js';
