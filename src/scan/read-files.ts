/**
 * The files of a scan and their references: Dockerfiles and manifests (Kubernetes, Helm values,
 * Compose, workflows, dev containers), read from the source as the config's `dockerfiles` and
 * `files` keys say, then each one's image references from its own extractor.
 *
 * Owns: turning the config into read options, and which extractor reads which file.
 * May import: config/ (types), dockerfile/, manifests/, rebuild/ (built images), refs/. Must not: know where files come
 * from (the source reads them) or look anything up.
 */
import type { RepoConfig } from '../config/schema.js';
import { extractImageRefs } from '../dockerfile/index.js';
import { extractManifestRefs, MANIFEST_KINDS, type ManifestKind } from '../manifests/index.js';
import { listBuiltRepositories } from '../rebuild/index.js';
import type { ImageRef } from '../refs/index.js';
import type { ManifestReadOptions, RepoSource, SourceFile } from './ports.js';
import type { ScannedFile, SkippedFile } from './types.js';

/** One file read, with what its extractor needs besides the text. */
export interface ReadFile<F extends SourceFile = SourceFile> {
  file: ScannedFile<F>;
  /** For Helm values: the chart's `Chart.yaml`. */
  chart?: SourceFile;
}

/** The files a scan read, sorted by path, and the ones it left out. */
export interface RepoFiles<F extends SourceFile = SourceFile> {
  read: ReadFile<F>[];
  skipped: SkippedFile[];
}

/** The config's `files` key as the sources' manifest options. */
function manifestOptions(config: RepoConfig, except: ReadonlySet<string>): ManifestReadOptions {
  const { kinds, include, exclude } = config.files;
  return { kinds, include, exclude, except };
}

/**
 * Reads the Dockerfiles (unless `files.kinds.dockerfile` is off; `files.exclude` applies to them
 * too), then the manifests where the source can list them, never a path twice.
 */
export async function readRepoFiles<F extends SourceFile>(source: RepoSource<F>, config: RepoConfig): Promise<RepoFiles<F>> {
  const match = { include: config.dockerfiles.include, exclude: [...config.dockerfiles.exclude, ...config.files.exclude] };
  const dockerfiles = config.files.kinds.dockerfile ? await source.listDockerfiles(match) : { files: [], skipped: [] };
  const read: ReadFile<F>[] = dockerfiles.files.map((file) => ({ file: { ...file, kind: 'dockerfile' } }));
  const except = new Set([...dockerfiles.files.map((file) => file.path), ...dockerfiles.skipped.map((file) => file.path)]);
  const anyManifests = MANIFEST_KINDS.some((kind) => config.files.kinds[kind]);
  const listed = anyManifests ? await source.listManifests?.(manifestOptions(config, except)) : undefined;
  const manifests = listed ?? { files: [], skipped: [] };
  for (const manifest of manifests.files) {
    const file: ScannedFile<F> = { ...manifest.file, kind: manifest.kind };
    read.push(manifest.chart === undefined ? { file } : { file, chart: manifest.chart });
  }
  read.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
  return { read, skipped: [...dockerfiles.skipped, ...manifests.skipped] };
}

/** The image references of one file read, in line order. Never throws. */
export function extractFileRefs(read: ReadFile): ImageRef[] {
  const { file, chart } = read;
  if (file.kind === 'dockerfile') return extractImageRefs(file.path, file.content);
  const kind: ManifestKind = file.kind;
  return extractManifestRefs({
    path: file.path,
    kind,
    text: file.content,
    ...(chart === undefined ? {} : { chart: { path: chart.path, text: chart.content } }),
  });
}

/**
 * The repositories the repository's own workflows build (`docker.io/acme/app`): from the
 * workflows the source lists, and the workflow files read as manifests.
 */
export function listBuiltImages(files: readonly ScannedFile[], workflows: readonly SourceFile[]): ReadonlySet<string> {
  const byPath = new Map<string, SourceFile>(workflows.map((file) => [file.path, file]));
  for (const file of files) if (file.kind === 'workflow' && !byPath.has(file.path)) byPath.set(file.path, file);
  return new Set(listBuiltRepositories([...byPath.values()]));
}
