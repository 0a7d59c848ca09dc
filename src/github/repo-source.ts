/**
 * A repository on GitHub as a scan's `RepoSource`: one recursive git-trees call on the
 * default branch (walking subtrees when GitHub truncates it), then only the matched blobs
 * (Dockerfiles, manifests within `MANIFEST_READ_LIMITS`, workflows; each blob read once);
 * the config through Probot's config loader (`_extends`, the org's `.github` repository).
 */
import { composeConfigGet } from '@probot/octokit-plugin-config';
import { MAX_CONFIG_LENGTH, parseRepoConfig, validateRepoConfig } from '../config/parse-repo-config.js';
import type { RepoConfig } from '../config/schema.js';
import { checkDockerfileLimits, createDockerfileMatcher, isSkippedPath } from '../dockerfile/index.js';
import { discoverManifests } from '../manifests/index.js';
import { MANIFEST_READ_LIMITS, selectManifestReads } from '../scan/manifest-reads.js';
import type { ManifestRead, ManifestReadOptions, RepoSource, SourceFile } from '../scan/ports.js';
import type { SkippedFile } from '../scan/types.js';
import { ConfigError, describeError } from '../util/errors.js';
import { statusOf, type GitHub, type RepoRef, type RepoSnapshot } from './types.js';

/** Where the config lives in a repository. */
export const CONFIG_PATH = '.github/freshbase.yml';
const MAX_BLOB_BYTES = 1024 * 1024;
const MAX_FILES = 2000;

interface TreeEntry {
  path: string;
  type: string;
  sha: string;
  size?: number;
  mode: string;
}

/** A matched file as read: content, blob sha and mode (kept when committing). */
export interface RepoFile extends SourceFile {
  sha: string;
  mode: string;
}

/**
 * Reads what a scan needs from GitHub: the config (read once), the Dockerfiles, the manifests
 * and the workflow files of one tree. Files come back with their blob sha and mode, which the
 * scan hands on with the plan for commits.
 */
export type GitHubSource = RepoSource<RepoFile> & Required<Pick<RepoSource<RepoFile>, 'listWorkflows' | 'listManifests'>>;

const WORKFLOW = /^\.github\/workflows\/[^/]+\.ya?ml$/;

/** Creates the source for one snapshot of a repository. */
export function createGitHubSource(octokit: GitHub, snapshot: RepoSnapshot): GitHubSource {
  let tree: Promise<TreeEntry[]> | undefined;
  let config: Promise<RepoConfig> | undefined;
  const blobs = new Map<string, Promise<RepoFile>>();
  const entries = (): Promise<TreeEntry[]> => {
    tree ??= listTree(octokit, snapshot);
    return tree;
  };
  /** Each path's blob is fetched once, whichever listing asks for it first. */
  const read = (entry: TreeEntry): Promise<RepoFile> => {
    let pending = blobs.get(entry.path);
    if (pending === undefined) {
      pending = readBlob(octokit, snapshot, entry);
      blobs.set(entry.path, pending);
    }
    return pending;
  };
  return {
    readConfig() {
      // The tree says whether the config exists and its size: no request for a missing one, no listing for its size.
      // A fork is scanned only when its config asks for it: its tree is not read before.
      config ??= snapshot.fork
        ? readRepoConfig(octokit, snapshot)
        : entries().then((tree) =>
            readRepoConfig(octokit, snapshot, {
              ownFile: tree.find((entry) => entry.path === CONFIG_PATH && entry.type === 'blob') ?? null,
            }),
          );
      return config;
    },
    async listWorkflows() {
      const workflows = (await entries()).filter(
        (entry) => entry.type === 'blob' && WORKFLOW.test(entry.path) && (entry.size ?? 0) <= MAX_BLOB_BYTES,
      );
      return Promise.all(workflows.slice(0, 100).map(read));
    },
    async listManifests(options) {
      return listManifestBlobs(await entries(), options, read);
    },
    async listDockerfiles(match) {
      const matches = createDockerfileMatcher(match);
      const entries_ = (await entries()).filter((entry) => entry.type === 'blob' && matches(entry.path));
      const skipped: SkippedFile[] = [];
      const wanted = entries_.filter((entry) => {
        if ((entry.size ?? 0) <= MAX_BLOB_BYTES) return true;
        skipped.push({ path: entry.path, reason: `file is ${entry.size ?? 0} bytes, larger than ${MAX_BLOB_BYTES}` });
        return false;
      });
      for (const entry of wanted.slice(MAX_FILES))
        skipped.push({ path: entry.path, reason: `more than ${MAX_FILES} Dockerfiles; not read` });
      const blobs = await Promise.all(wanted.slice(0, MAX_FILES).map(read));
      // Past the size, line or instruction limits extraction would cost too much: skipped with the reason, as the CLI does.
      const files = blobs.filter((file) => {
        const tooLarge = checkDockerfileLimits(file.content);
        if (tooLarge !== null) skipped.push({ path: file.path, reason: tooLarge });
        return tooLarge === null;
      });
      return { files, skipped };
    },
  };
}

/** The manifests among the tree's blobs, read within `MANIFEST_READ_LIMITS` (sizes come from the tree). */
async function listManifestBlobs(
  tree: readonly TreeEntry[],
  options: ManifestReadOptions,
  read: (entry: TreeEntry) => Promise<RepoFile>,
): Promise<{ files: ManifestRead<RepoFile>[]; skipped: SkippedFile[] }> {
  const byPath = new Map(tree.filter((entry) => entry.type === 'blob').map((entry) => [entry.path, entry]));
  const paths = [...byPath.keys()].filter((path) => !options.except.has(path));
  const selection = selectManifestReads(discoverManifests(paths, options), (path) => byPath.get(path)?.size, MANIFEST_READ_LIMITS);
  const blob = (path: string): TreeEntry => {
    const entry = byPath.get(path);
    if (entry === undefined) throw new Error(`${path} is not in the tree`);
    return entry;
  };
  const charts = new Map(await Promise.all(selection.charts.map(async (path) => [path, await read(blob(path))] as const)));
  const files = await Promise.all(
    selection.read.map(async (candidate): Promise<ManifestRead<RepoFile>> => {
      const file = await read(blob(candidate.path));
      const chart = candidate.chart === undefined ? undefined : charts.get(candidate.chart);
      return chart === undefined ? { file, kind: candidate.kind } : { file, kind: candidate.kind, chart };
    }),
  );
  return { files, skipped: selection.skipped };
}

async function readBlob(octokit: GitHub, repo: RepoRef, entry: TreeEntry): Promise<RepoFile> {
  const { data } = await octokit.rest.git.getBlob({ owner: repo.owner, repo: repo.name, file_sha: entry.sha });
  const content = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
  return { path: entry.path, content, sha: entry.sha, mode: entry.mode };
}

/** Every blob of the default branch: one recursive call, or a walk when the answer is truncated. */
async function listTree(octokit: GitHub, snapshot: RepoSnapshot): Promise<TreeEntry[]> {
  const { data } = await octokit.rest.git.getTree({
    owner: snapshot.owner,
    repo: snapshot.name,
    tree_sha: snapshot.headSha,
    recursive: '1',
  });
  if (!data.truncated) return data.tree.filter(isEntry);
  return walkTree(octokit, snapshot, snapshot.headSha, '');
}

async function walkTree(octokit: GitHub, repo: RepoRef, sha: string, prefix: string): Promise<TreeEntry[]> {
  const { data } = await octokit.rest.git.getTree({ owner: repo.owner, repo: repo.name, tree_sha: sha });
  const out: TreeEntry[] = [];
  for (const entry of data.tree.filter(isEntry)) {
    const path = `${prefix}${entry.path}`;
    if (entry.type === 'tree' && !isSkippedPath(entry.path)) out.push(...(await walkTree(octokit, repo, entry.sha, `${path}/`)));
    else out.push({ ...entry, path });
  }
  return out;
}

function isEntry(entry: { path?: string; type?: string; sha?: string; size?: number; mode?: string }): entry is TreeEntry {
  return (
    typeof entry.path === 'string' && typeof entry.type === 'string' && typeof entry.sha === 'string' && typeof entry.mode === 'string'
  );
}

/** Largest config file read, in bytes, checked from GitHub's metadata before the file is downloaded (the parser's own limit). */
export const MAX_CONFIG_BYTES = MAX_CONFIG_LENGTH;

/**
 * Refuses a config file larger than `MAX_CONFIG_BYTES` from its size in the listing of its
 * directory (contents API: names and sizes, no content), before anything downloads or parses it.
 * A missing directory means a missing file (`missing`: the loader is answered 404 without asking).
 */
async function checkConfigSize(
  octokit: GitHub,
  file: { owner: string; repo: string; path: string; ref?: string },
): Promise<'missing' | 'listed'> {
  const slash = file.path.lastIndexOf('/');
  const where = { owner: file.owner, repo: file.repo, ...(file.ref === undefined ? {} : { ref: file.ref }) };
  let size: number | undefined;
  try {
    const { data } = await octokit.rest.repos.getContent({ ...where, path: file.path.slice(0, Math.max(0, slash)) });
    const listed = Array.isArray(data) ? data.find((entry) => entry.path === file.path) : undefined;
    size = listed?.size;
    // GitHub lists at most 1,000 entries of a directory: past that, ask for the file's own metadata.
    if (listed === undefined && Array.isArray(data) && data.length >= 1000) {
      const { data: own } = await octokit.rest.repos.getContent({ ...where, path: file.path });
      size = Array.isArray(own) ? undefined : own.size;
    }
  } catch (error: unknown) {
    // No such directory (or repository): no such file either.
    if (statusOf(error) === 404) return 'missing';
    throw error;
  }
  refuseOversized(file, size);
  return 'listed';
}

/** Throws `ConfigError` for a config file larger than `MAX_CONFIG_BYTES` (an unknown size passes). */
function refuseOversized(file: { owner: string; repo: string; path: string }, size: number | undefined): void {
  if (size === undefined || size <= MAX_CONFIG_BYTES) return;
  const own = `${file.owner}/${file.repo}`;
  throw new ConfigError({
    file: file.path === CONFIG_PATH ? `${CONFIG_PATH} of ${own}` : `${file.path} of ${own}`,
    path: '',
    reason: `the file is ${size} bytes, larger than the ${MAX_CONFIG_BYTES} bytes freshbase reads; it was not downloaded`,
  });
}

/** What the tree of the repository's head says of its own config file: its entry, or null when it has none. */
export interface KnownConfig {
  repo: RepoRef;
  ownFile: { size?: number } | null;
}

/** A 404 as Octokit throws it, for a file the tree already shows missing. */
function notFound(path: string): Error {
  return Object.assign(new Error(`Not Found: ${path} is not in the repository's tree`), { status: 404 });
}

/**
 * `octokit` for the config loader: each config file's size is checked before the loader downloads
 * it; the repository's own file, when its tree was read, is not asked for when missing, and its
 * size comes from the tree.
 */
function withConfigSizeCheck(octokit: GitHub, known?: KnownConfig): GitHub {
  const request = Object.assign(async (route: unknown, parameters?: Record<string, unknown>) => {
    const endpoint = (typeof route === 'object' && route !== null ? route : (parameters ?? {})) as Record<string, unknown>;
    const { owner, repo, path, ref } = endpoint;
    if (
      endpoint.url === '/repos/{owner}/{repo}/contents/{path}' &&
      typeof owner === 'string' &&
      typeof repo === 'string' &&
      typeof path === 'string'
    ) {
      const own =
        known !== undefined &&
        ref === undefined &&
        path === CONFIG_PATH &&
        `${owner}/${repo}`.toLowerCase() === `${known.repo.owner}/${known.repo.name}`.toLowerCase();
      if (own && known.ownFile === null) throw notFound(path);
      if (own) refuseOversized({ owner, repo, path }, known.ownFile?.size);
      else if ((await checkConfigSize(octokit, { owner, repo, path, ...(typeof ref === 'string' ? { ref } : {}) })) === 'missing')
        throw notFound(path);
    }
    return (octokit.request as (route: unknown, parameters?: unknown) => Promise<unknown>)(route, parameters);
  }, octokit.request);
  // Everything but `request` comes from the real Octokit.
  return Object.create(octokit, { request: { value: request } }) as GitHub;
}

/**
 * The repository's config, merged over the org's defaults (Probot's config loader: `_extends`,
 * the org's `.github` repository), each file's size checked before it is read. An invalid or
 * oversized one throws `ConfigError`, with the line read from the repository's own file where
 * the error is there. With `tree` (what the head's tree says of the repository's own file), a
 * missing file costs no request and an existing one no listing.
 */
export async function readRepoConfig(octokit: GitHub, repo: RepoRef, tree?: Pick<KnownConfig, 'ownFile'>): Promise<RepoConfig> {
  let merged: unknown;
  try {
    const result = await composeConfigGet(withConfigSizeCheck(octokit, tree === undefined ? undefined : { repo, ownFile: tree.ownFile }), {
      owner: repo.owner,
      repo: repo.name,
      path: CONFIG_PATH,
      defaults: (configs: object[]) => deepMerge(configs),
    });
    merged = result.config;
  } catch (error: unknown) {
    if (statusOf(error) !== undefined || error instanceof ConfigError) throw error;
    // Not an HTTP error: a file that is not valid YAML, here or in the org's defaults.
    parseRepoConfig(await readRawConfig(octokit, repo));
    throw new ConfigError({
      file: `${CONFIG_PATH} of the organization's .github repository or _extends`,
      path: '',
      reason: describeError(error),
    });
  }
  try {
    return validateRepoConfig(merged, CONFIG_PATH);
  } catch (error: unknown) {
    if (!(error instanceof ConfigError)) throw error;
    const own = await readRawConfig(octokit, repo).catch(() => '');
    parseRepoConfig(own);
    throw new ConfigError({ file: `${CONFIG_PATH} (with the organization's defaults)`, path: error.path, reason: error.reason });
  }
}

async function readRawConfig(octokit: GitHub, repo: RepoRef): Promise<string> {
  try {
    const response = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: repo.owner,
      repo: repo.name,
      path: CONFIG_PATH,
      mediaType: { format: 'raw' },
    });
    return typeof response.data === 'string' ? response.data : '';
  } catch (error: unknown) {
    if (statusOf(error) === 404) return '';
    throw new ConfigError({ file: CONFIG_PATH, path: '', reason: describeError(error) });
  }
}

/** Merges config objects, later ones winning; nested objects merge, arrays are replaced. */
export function deepMerge(configs: readonly object[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const config of configs) {
    for (const [key, value] of Object.entries(config)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
      const previous = out[key];
      out[key] = isPlainObject(previous) && isPlainObject(value) ? deepMerge([previous, value]) : value;
    }
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
