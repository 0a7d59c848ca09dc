/**
 * Runs freshbase's CLI in-process as a user would (`freshbase scan DIR --format json
 * --mirror docker.io=URL`), with the scan's clock fixed, and copies the planning fixtures
 * with their digest placeholders filled in.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScanJson } from '../../../src/local/render-scan.js';
import { runCli } from '../../../src/local/run-cli.js';
import { PINNED_DATA } from '../../unit/lifecycle/pinned.js';

/** When every scan of the planning test runs: a day after the snapshot. */
export const SCAN_TIME = new Date('2025-04-01T00:00:00Z');

/** The fixture tree, as written (with placeholders). */
export const PLANNING_FIXTURES = new URL('../../../fixtures/dockerfiles/planning/', import.meta.url);

/** What one CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `freshbase <args> --mirror docker.io=<registryUrl>`. */
export async function runFreshbase(args: readonly string[], registryUrl: string): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--mirror', `docker.io=${registryUrl}`], {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    interactive: false,
    now: () => SCAN_TIME,
    releaseLines: PINNED_DATA,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** `freshbase scan DIR --format json`, parsed. */
export async function scanJson(directory: string, registryUrl: string): Promise<{ code: number; json: ScanJson; stderr: string }> {
  const run = await runFreshbase(['scan', directory, '--format', 'json'], registryUrl);
  if (run.code !== 0 && run.code !== 10) throw new Error(`freshbase scan exited ${run.code}: ${run.stderr}`);
  return { code: run.code, json: JSON.parse(run.stdout) as ScanJson, stderr: run.stderr };
}

/** Resolves a placeholder `{{digest:IMAGE:TAG[:OS/ARCH]}}` to a pushed digest. */
export type DigestResolver = (image: string, tag: string, platform: string | undefined) => string;

const PLACEHOLDER = /\{\{digest:([a-z0-9._-]+):([A-Za-z0-9._-]+)(?::([a-z0-9]+\/[a-z0-9]+))?\}\}/g;

/** Copies the fixture Dockerfiles to `target`, placeholders replaced by pushed digests. */
export async function copyPlanningFixtures(target: string, resolve: DigestResolver, source: URL = PLANNING_FIXTURES): Promise<void> {
  const from = fileURLToPath(source);
  for (const entry of await readdir(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.includes('Dockerfile')) continue;
    const relative = join(entry.parentPath, entry.name).slice(from.length);
    const text = await readFile(join(from, relative), 'utf8');
    const filled = text.replace(PLACEHOLDER, (_, image: string, tag: string, platform: string | undefined) =>
      resolve(image, tag, platform),
    );
    await mkdir(dirname(join(target, relative)), { recursive: true });
    await writeFile(join(target, relative), filled);
  }
}
