/**
 * The cache directory shared by real processes: two `freshbase scan` runs of the built CLI at
 * once on one `--cache-dir`, then a warm run that sends no request at all, then runs after every
 * entry file was damaged or replaced by a foreign one. A recording proxy in front of distribution
 * 2.8 counts what reaches the registry.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEntry } from '../../../src/registry/disk-store.js';
import { startFaultProxy, type FaultProxy } from '../../support/registry/fault-proxy.js';
import { startPlainRegistry, type TestRegistry } from '../../support/registry/servers.js';

const CLI = fileURLToPath(new URL('../../../dist/src/cli.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: readonly string[]): Promise<Run> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (\`npm test\` does)`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

async function listEntryFiles(dir: string): Promise<string[]> {
  const root = join(dir, 'v1');
  const shards = await readdir(root);
  const files = await Promise.all(shards.map(async (shard) => (await readdir(join(root, shard))).map((name) => join(root, shard, name))));
  return files.flat();
}

/** Whether a file is a valid entry: its header names a key, and it decodes for that key. */
function isValidEntry(bytes: Buffer): boolean {
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) return false;
  try {
    const header = JSON.parse(bytes.subarray(0, newline).toString('utf8')) as { key?: unknown };
    return typeof header.key === 'string' && decodeEntry(bytes, header.key) !== undefined;
  } catch {
    return false; // a damaged header
  }
}

describe('registry/disk-store shared by freshbase processes (--cache-dir)', () => {
  let server: TestRegistry;
  let proxy: FaultProxy;
  let work = '';
  let cacheDir = '';
  let first: Run;
  let second: Run;

  const scan = (): Promise<Run> =>
    runCli(['scan', join(work, 'repo'), '--format', 'json', '--mirror', `docker.io=${proxy.url}`, '--cache-dir', cacheDir]);
  const manifestGets = (): number => proxy.requests.filter((r) => r.method === 'GET' && r.path.includes('/manifests/')).length;

  beforeAll(async () => {
    server = await startPlainRegistry();
    const platforms = [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64' },
    ];
    const push = (tags: string[], created: string, salt: string): Promise<unknown> =>
      server.pusher.pushImage({ repository: 'library/python', tags, created, salt, platforms });
    await push(['3.11.8-slim'], '2024-02-07T00:00:00Z', 'old');
    await push(['3.11.9-slim', '3.11-slim', '3.11-slim-bookworm'], '2024-04-03T00:00:00Z', 'new');
    await server.pusher.pushImage({ repository: 'library/busybox', tags: ['1.36.0'], created: '2023-01-04T00:00:00Z', salt: 'bb1' });
    await server.pusher.pushImage({ repository: 'library/busybox', tags: ['1.36.1'], created: '2023-05-19T00:00:00Z', salt: 'bb2' });
    proxy = await startFaultProxy({ upstream: server.registry.url });
    work = await mkdtemp(join(tmpdir(), 'freshbase-cache-dir-'));
    cacheDir = join(work, 'cache');
    await mkdir(join(work, 'repo'));
    await writeFile(join(work, 'repo', 'Dockerfile'), 'FROM python:3.11.8-slim\nFROM busybox:1.36.0\nFROM python:3.11-slim\n');
    [first, second] = await Promise.all([scan(), scan()]);
  });

  afterAll(async () => {
    await proxy.stop();
    await server.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('two processes scanning at once on one cache directory both succeed with the same proposals', () => {
    const updates = (JSON.parse(first.stdout) as { updates: { image: string; newTag: string }[] }).updates;

    expect([first.code, second.code, first.stderr, second.stderr]).toEqual([10, 10, '', '']);
    expect(second.stdout).toBe(first.stdout);
    expect(updates.map((update) => `${update.image} ${update.newTag}`)).toEqual(['python 3.11.9-slim', 'busybox 1.36.1']);
  });

  it('leaves only complete, valid entries behind', async () => {
    const files = await listEntryFiles(cacheDir);
    const valid = await Promise.all(files.map(async (file) => isValidEntry(await readFile(file))));

    expect(files.length).toBeGreaterThan(5);
    expect(valid.every(Boolean)).toBe(true);
  });

  it('a warm run in a new process sends no request at all', async () => {
    proxy.reset();

    const warm = await scan();

    expect(warm.stdout).toBe(first.stdout);
    expect(proxy.requests).toEqual([]);
  });

  it('damaged, truncated and foreign entry files are ignored, refetched and replaced by valid ones', async () => {
    const files = await listEntryFiles(cacheDir);
    await Promise.all(
      files.map(async (file, index) => {
        const bytes = await readFile(file);
        const damaged = [bytes.subarray(0, bytes.byteLength / 2), Buffer.from('{"format":"someone-else/9"}\n{}'), Buffer.from('')][
          index % 3
        ];
        await writeFile(file, damaged ?? '');
      }),
    );
    proxy.reset();

    const after = await scan();
    const valid = await Promise.all((await listEntryFiles(cacheDir)).map(async (file) => isValidEntry(await readFile(file))));

    expect(after.stdout).toBe(first.stdout);
    expect(manifestGets()).toBeGreaterThan(0);
    expect(valid.every(Boolean)).toBe(true);
  });
});
