import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/local/run-cli.js';
import { startFaultProxy, type FaultProxy } from '../../support/registry/fault-proxy.js';
import { startPlainRegistry, type TestRegistry } from '../../support/registry/servers.js';

const PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

/** Runs the CLI in-process with `docker.io` mirrored to `mirror`, no cache, a fixed clock. */
async function freshbase(args: readonly string[], mirror: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--mirror', `docker.io=${mirror}`, '--no-cache'], {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    interactive: false,
    now: () => new Date('2025-04-01T00:00:00Z'),
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('local/exit-status: the CLI exits 0, 10 or 1 by whether everything was decided', () => {
  let server: TestRegistry;
  let proxy: FaultProxy;
  let dir = '';

  /** A checkout holding one Dockerfile with `text`. */
  async function checkout(name: string, text: string): Promise<string> {
    const root = join(dir, name);
    await mkdir(root);
    await writeFile(join(root, 'Dockerfile'), text);
    return root;
  }

  beforeAll(async () => {
    server = await startPlainRegistry();
    await server.pusher.pushImage({
      repository: 'library/python',
      tags: ['3.11.8-slim'],
      created: '2025-01-10T00:00:00Z',
      platforms: PLATFORMS,
    });
    await server.pusher.pushImage({
      repository: 'library/python',
      tags: ['3.11.9-slim'],
      created: '2025-02-10T00:00:00Z',
      platforms: PLATFORMS,
    });
    proxy = await startFaultProxy({ upstream: server.registry.url });
    dir = await mkdtemp(join(tmpdir(), 'freshbase-exit-'));
  });

  afterEach(() => {
    proxy.reset();
  });

  afterAll(async () => {
    await proxy.stop();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 10 when updates are found and every reference is decided, with nothing on stderr', async () => {
    const root = await checkout('old', 'FROM python:3.11.8-slim\n');

    const run = await freshbase(['scan', root], server.registry.url);

    expect(run.code).toBe(10);
    expect(run.stderr).toBe('');
  });

  it('exits 0 when nothing is to update and every reference is decided', async () => {
    const root = await checkout('fresh', 'FROM python:3.11.9-slim\n');

    const run = await freshbase(['scan', root], server.registry.url);

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('exits 1 with a one-line reason when a registry error leaves a reference undecided, in both formats', async () => {
    const root = await checkout('refused', 'FROM python:3.11.8-slim\nFROM python:3.11.9-slim AS b\n');
    proxy.inject({ path: '/tags/list', times: 10, fault: { kind: 'status', status: 403 } });

    const table = await freshbase(['scan', root], proxy.url);
    proxy.inject({ path: '/tags/list', times: 10, fault: { kind: 'status', status: 403 } });
    const json = await freshbase(['scan', root, '--format', 'json'], proxy.url);

    expect(table.code).toBe(1);
    expect(table.stdout).toContain('Dockerfile:1  python:3.11.8-slim  registry-error:');
    expect(table.stderr).toBe('freshbase: 2 references undecided after registry errors (see above); exit 1\n');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      updates: [],
      references: [{ skipReason: 'registry-error' }, { skipReason: 'registry-error' }],
    });
    expect(json.stderr).toBe('freshbase: 2 references undecided after registry errors (see above); exit 1\n');
  });

  it('exits 1 when --docker-config cannot be read, naming the file in each reference and the count on stderr', async () => {
    const root = await checkout('credentials', 'FROM python:3.11.8-slim\n');
    const missing = join(dir, 'no-such-config.json');

    const run = await freshbase(['scan', root, '--docker-config', missing], server.registry.url);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`registry-error: ${missing}: cannot be read`);
    expect(run.stderr).toBe('freshbase: 1 reference undecided after registry errors (see above); exit 1\n');
  });

  it('apply exits 1 after a registry error, and leaves the file as it was', async () => {
    const root = await checkout('apply', 'FROM python:3.11.8-slim\n');
    proxy.inject({ path: '/tags/list', times: 10, fault: { kind: 'status', status: 403 } });

    const run = await freshbase(['apply', root], proxy.url);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('nothing to update\n');
    expect(run.stderr).toBe('freshbase: 1 reference undecided after registry errors (see above); exit 1\n');
    expect(await readFile(join(root, 'Dockerfile'), 'utf8')).toBe('FROM python:3.11.8-slim\n');
  });
});
