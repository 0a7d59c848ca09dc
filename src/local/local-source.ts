/**
 * Reads a local checkout: the Dockerfiles and manifests below a directory, for `freshbase scan`.
 *
 * Owns: walking the directory (no symlinks followed, .git and node_modules skipped,
 * sizes and counts capped). May import: dockerfile/, manifests/ (discovery), scan/ (ports,
 * read limits), util/. Must not: interpret file contents.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseRepoConfig } from '../config/parse-repo-config.js';
import { checkDockerfileLimits, createDockerfileMatcher, isSkippedPath, type DockerfileMatchOptions } from '../dockerfile/index.js';
import { discoverManifests } from '../manifests/index.js';
import { MANIFEST_READ_LIMITS, selectManifestReads, type ManifestReadLimits } from '../scan/manifest-reads.js';
import type { ManifestRead, ManifestReadOptions, RepoSource, SourceFile } from '../scan/ports.js';
import type { SkippedFile } from '../scan/types.js';
import { ConfigError, describeError } from '../util/errors.js';

/** Options for `listLocalDockerfiles`. */
export interface LocalSourceOptions extends DockerfileMatchOptions {
  /** Largest file read. @default 1 MiB */
  maxFileBytes?: number;
  /** Most files read; the rest are reported as skipped. @default 5000 */
  maxFiles?: number;
}

/** Walks `root` and reads every Dockerfile below it. */
export async function listLocalDockerfiles(
  root: string,
  options: LocalSourceOptions = {},
): Promise<{ files: SourceFile[]; skipped: SkippedFile[] }> {
  const matches = createDockerfileMatcher(options);
  const maxBytes = options.maxFileBytes ?? 1024 * 1024;
  const maxFiles = options.maxFiles ?? 5000;
  const files: SourceFile[] = [];
  const skipped: SkippedFile[] = [];
  for await (const absolute of walk(root)) {
    const path = relative(root, absolute).split(sep).join('/');
    if (!matches(path)) continue;
    if (files.length >= maxFiles) {
      skipped.push({ path, reason: `more than ${maxFiles} Dockerfiles; this one was not read` });
      continue;
    }
    const info = await lstat(absolute);
    if (info.size > maxBytes) {
      skipped.push({ path, reason: `file is ${info.size} bytes, larger than ${maxBytes}` });
      continue;
    }
    const content = await readFile(absolute, 'utf8');
    const tooLarge = checkDockerfileLimits(content);
    if (tooLarge !== null) {
      skipped.push({ path, reason: tooLarge });
      continue;
    }
    files.push({ path, content });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, skipped };
}

/**
 * Walks `root` and reads its manifests (`discoverManifests` over every path) within `limits`;
 * the rest are reported as skipped with the reason.
 */
export async function listLocalManifests(
  root: string,
  options: ManifestReadOptions,
  limits: ManifestReadLimits = MANIFEST_READ_LIMITS,
): Promise<{ files: ManifestRead[]; skipped: SkippedFile[] }> {
  const paths: string[] = [];
  for await (const absolute of walk(root)) paths.push(relative(root, absolute).split(sep).join('/'));
  const candidates = discoverManifests(
    paths.filter((path) => !options.except.has(path)),
    options,
  );
  const sizes = new Map<string, number>();
  for (const path of new Set(candidates.flatMap((c) => (c.chart === undefined ? [c.path] : [c.path, c.chart])))) {
    sizes.set(path, (await lstat(join(root, path))).size);
  }
  const selection = selectManifestReads(candidates, (path) => sizes.get(path), limits);
  const charts = new Map<string, SourceFile>();
  for (const path of selection.charts) charts.set(path, { path, content: await readFile(join(root, path), 'utf8') });
  const files: ManifestRead[] = [];
  for (const candidate of selection.read) {
    const file = { path: candidate.path, content: await readFile(join(root, candidate.path), 'utf8') };
    const chart = candidate.chart === undefined ? undefined : charts.get(candidate.chart);
    files.push(chart === undefined ? { file, kind: candidate.kind } : { file, kind: candidate.kind, chart });
  }
  return { files, skipped: selection.skipped };
}

async function* walk(directory: string): AsyncGenerator<string> {
  const entries = await readdir(directory, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!isSkippedPath(entry.name)) yield* walk(path);
    } else if (entry.isFile()) {
      yield path;
    }
  }
}

/** Options for `createLocalSource`. */
export interface LocalRepoOptions {
  /** Config file; `<root>/.github/freshbase.yml` when absent (defaults when that is missing too). */
  configFile?: string;
}

/** A `RepoSource` over a local checkout. */
export function createLocalSource(root: string, options: LocalRepoOptions = {}): RepoSource {
  return {
    async readConfig() {
      const explicit = options.configFile;
      const path = explicit ?? join(root, '.github', 'freshbase.yml');
      const label = explicit ?? '.github/freshbase.yml';
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error: unknown) {
        if (explicit === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return parseRepoConfig('');
        throw new ConfigError({ file: label, path: '', reason: describeError(error) });
      }
      return parseRepoConfig(text, label);
    },
    listDockerfiles(match) {
      return listLocalDockerfiles(root, match);
    },
    listManifests(options) {
      return listLocalManifests(root, options);
    },
  };
}
