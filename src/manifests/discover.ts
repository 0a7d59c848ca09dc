/**
 * Which repository paths are manifests, and of which kind: by name for workflows, dev
 * containers, Compose files and Helm values (next to a `Chart.yaml`); every other YAML file
 * is a Kubernetes candidate, confirmed by its content at extraction (`apiVersion` + `kind`).
 * Pure: callers list paths, this only matches them.
 */
import { isSkippedPath } from '../refs/index.js';
import { compileGlobs, createMatchBudget } from '../util/glob.js';
import { MANIFEST_KINDS, type ManifestKind } from './types.js';

/** Options for `discoverManifests`; the config's `files` key maps onto them. */
export interface ManifestDiscoveryOptions {
  /** Kinds to look for; a kind set to false is never returned. @default every kind on */
  kinds?: Partial<Record<ManifestKind, boolean>>;
  /** Extra globs (relative to the repository root) per kind. @default {} */
  include?: Partial<Record<ManifestKind, readonly string[]>>;
  /** Globs of paths to leave out, whatever their kind. @default [] */
  exclude?: readonly string[];
}

/** A path to read, the kind to read it as, and (Helm) its chart's `Chart.yaml`. */
export interface ManifestCandidate {
  path: string;
  kind: ManifestKind;
  chart?: string;
}

const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/;
const DEVCONTAINER = /(?:^|\/)(?:\.devcontainer\/(?:[^/]+\/)?devcontainer\.json|\.devcontainer\.json)$/;
const COMPOSE = /^(?:docker-)?compose(?:[.-][^/]+)?\.ya?ml$/;
const VALUES = /^values[^/]*\.ya?ml$/;
const YAML = /\.ya?ml$/;

function split(path: string): { dir: string; base: string } {
  const slash = path.lastIndexOf('/');
  return { dir: slash < 0 ? '' : path.slice(0, slash), base: path.slice(slash + 1) };
}

function chartFile(dir: string): string {
  return dir === '' ? 'Chart.yaml' : `${dir}/Chart.yaml`;
}

/** The directories holding a `Chart.yaml`. */
function chartDirectories(paths: readonly string[]): Set<string> {
  return new Set(paths.filter((path) => split(path).base === 'Chart.yaml').map((path) => split(path).dir));
}

/** Whether `path` lies inside a chart (its templates, CI values, tests): Helm renders those, they are not manifests. */
function isInChart(dir: string, charts: ReadonlySet<string>): boolean {
  for (let current = dir; ; current = split(current).dir) {
    if (charts.has(current)) return true;
    if (current === '') return false;
  }
}

/** The kind a path has by its name alone, or null. */
function kindByName(path: string, charts: ReadonlySet<string>): ManifestKind | null {
  const { dir, base } = split(path);
  if (WORKFLOW.test(path)) return 'workflow';
  if (DEVCONTAINER.test(path)) return 'devcontainer';
  if (!YAML.test(base)) return null;
  if (COMPOSE.test(base)) return 'compose';
  if (VALUES.test(base) && charts.has(dir)) return 'helm';
  if (path.startsWith('.github/') || isInChart(dir, charts)) return null;
  return 'kubernetes';
}

/**
 * The manifests among `paths` (every path of the repository, `/`-separated), sorted by path.
 * Each path gets at most one kind: an `include` glob first (kinds in `MANIFEST_KINDS` order),
 * else its name.
 */
export function discoverManifests(paths: readonly string[], options: ManifestDiscoveryOptions = {}): ManifestCandidate[] {
  const enabled = (kind: ManifestKind): boolean => options.kinds?.[kind] !== false;
  const budget = createMatchBudget('files');
  const exclude = options.exclude !== undefined && options.exclude.length > 0 ? compileGlobs(options.exclude, budget) : null;
  const includes = MANIFEST_KINDS.filter(enabled).flatMap((kind) => {
    const globs = options.include?.[kind] ?? [];
    return globs.length === 0 ? [] : [{ kind, matches: compileGlobs(globs, budget) }];
  });
  const charts = chartDirectories(paths);
  const out: ManifestCandidate[] = [];
  for (const path of paths) {
    if (isSkippedPath(path) || exclude?.(path) === true) continue;
    const kind = includes.find((include) => include.matches(path))?.kind ?? kindByName(path, charts);
    if (kind === null || !enabled(kind)) continue;
    const { dir } = split(path);
    out.push(kind === 'helm' && charts.has(dir) ? { path, kind, chart: chartFile(dir) } : { path, kind });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Whether a change to `path` can change what manifests hold (for a push trigger, which sees
 * only the changed paths, not whether a chart is around): any candidate by name or include
 * glob, with or without a `Chart.yaml` beside it, and a `Chart.yaml` itself (its `appVersion`
 * is the tag of image maps without one).
 */
export function isManifestTriggerPath(path: string, options: ManifestDiscoveryOptions = {}): boolean {
  if (options.kinds?.helm !== false && split(path).base === 'Chart.yaml' && !isSkippedPath(path)) return true;
  const { dir } = split(path);
  const alone = discoverManifests([path], options);
  const inChart = discoverManifests([path, chartFile(dir)], options);
  return [...alone, ...inChart].some((candidate) => candidate.path === path);
}
