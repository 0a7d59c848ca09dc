/**
 * How many manifests a scan reads: with Kubernetes on, every YAML file of a repository is a
 * candidate (on GitHub, one blob request each), so sources read at most `MANIFEST_READ_LIMITS`
 * and report the rest as skipped files with the reason.
 *
 * Owns: the read limits and which candidates fit in them. May import: manifests/ (types).
 * Must not: do I/O (sources list paths and sizes, then read what this selects).
 */
import type { ManifestCandidate } from '../manifests/index.js';
import type { SkippedFile } from './types.js';

/** Bounds on the manifests read per repository. */
export interface ManifestReadLimits {
  /** Most files read (manifests and the `Chart.yaml` of Helm values files). @default 500 */
  maxFiles: number;
  /** Most bytes read in all. @default 16 MiB */
  maxBytes: number;
  /** Largest file read. @default 1 MiB */
  maxFileBytes: number;
}

/** The limits sources apply. */
export const MANIFEST_READ_LIMITS: ManifestReadLimits = { maxFiles: 500, maxBytes: 16 * 1024 * 1024, maxFileBytes: 1024 * 1024 };

/** What to read: the candidates, the charts they need, and the candidates left out. */
export interface ManifestSelection {
  read: ManifestCandidate[];
  /** `Chart.yaml` paths to read for the Helm values files in `read`. */
  charts: string[];
  skipped: SkippedFile[];
}

/**
 * Picks the candidates to read: files named for their kind (workflows, dev containers, Compose
 * files, Helm values) first, then Kubernetes candidates (any other YAML file), each in path
 * order, while the count and byte limits hold. `sizeOf` gives a path's size in bytes (undefined:
 * unknown, read as 0). A chart's `Chart.yaml` counts once, with its first values file; one
 * larger than `maxFileBytes` is not read (its values files then have no `appVersion`).
 */
export function selectManifestReads(
  candidates: readonly ManifestCandidate[],
  sizeOf: (path: string) => number | undefined,
  limits: ManifestReadLimits = MANIFEST_READ_LIMITS,
): ManifestSelection {
  const ordered = [...candidates.filter((c) => c.kind !== 'kubernetes'), ...candidates.filter((c) => c.kind === 'kubernetes')];
  const selection: ManifestSelection = { read: [], charts: [], skipped: [] };
  const charts = new Set<string>();
  let files = 0;
  let bytes = 0;
  for (const candidate of ordered) {
    const size = sizeOf(candidate.path) ?? 0;
    if (size > limits.maxFileBytes) {
      selection.skipped.push({ path: candidate.path, reason: `file is ${size} bytes, larger than ${limits.maxFileBytes}` });
      continue;
    }
    const chart = chartToRead(candidate, charts, sizeOf, limits);
    const chartSize = chart === undefined ? 0 : (sizeOf(chart) ?? 0);
    const more = chart === undefined ? 1 : 2;
    if (files + more > limits.maxFiles) {
      selection.skipped.push({ path: candidate.path, reason: `more than ${limits.maxFiles} manifest files in the repository; not read` });
      continue;
    }
    if (bytes + size + chartSize > limits.maxBytes) {
      selection.skipped.push({ path: candidate.path, reason: `manifest files over ${limits.maxBytes} bytes in all; not read` });
      continue;
    }
    files += more;
    bytes += size + chartSize;
    selection.read.push(candidate);
    if (chart !== undefined) charts.add(chart);
  }
  selection.read.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  selection.charts = [...charts].sort();
  return selection;
}

/** The chart a candidate needs read, unless it is read already or too large. */
function chartToRead(
  candidate: ManifestCandidate,
  charts: ReadonlySet<string>,
  sizeOf: (path: string) => number | undefined,
  limits: ManifestReadLimits,
): string | undefined {
  const chart = candidate.chart;
  if (chart === undefined || charts.has(chart) || (sizeOf(chart) ?? 0) > limits.maxFileBytes) return undefined;
  return chart;
}
