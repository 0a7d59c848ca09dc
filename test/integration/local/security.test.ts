/**
 * `freshbase scan --security`: the python 3.11.8-slim → 3.11.11-slim bump read from SBOM
 * attestations in a real registry and the OSV stub, in the JSON and the table; without the
 * flag, nothing extra is asked; OSV down or no SBOM never fails the scan.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/local/run-cli.js';
import { startOsvStub, type OsvStub } from '../../support/osv-stub.js';
import { BUMP_RECORDS, pushPythonSbomImages } from '../../support/python-security.js';
import { startPlainRegistry, type TestRegistry } from '../../support/registry/servers.js';

const ZERO = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };

describe('local/run-cli scan --security', () => {
  let server: TestRegistry;
  let osv: OsvStub;
  let dir = '';

  async function freshbase(args: readonly string[], root: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['scan', root, ...args, '--mirror', `docker.io=${server.registry.url}`, '--no-cache'], {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      env: { FRESHBASE_OSV_URL: osv.url },
      interactive: false,
      now: () => new Date('2025-04-01T00:00:00Z'),
    });
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  async function checkout(name: string, text: string): Promise<string> {
    const root = join(dir, name);
    await mkdir(root);
    await writeFile(join(root, 'Dockerfile'), text);
    return root;
  }

  beforeAll(async () => {
    server = await startPlainRegistry();
    await pushPythonSbomImages(server.pusher);
    await server.pusher.pushImage({
      repository: 'library/golang',
      tags: ['1.22.1'],
      platforms: [{ os: 'linux', architecture: 'amd64' }],
      salt: 'old',
    });
    await server.pusher.pushImage({
      repository: 'library/golang',
      tags: ['1.22.5'],
      platforms: [{ os: 'linux', architecture: 'amd64' }],
      salt: 'new',
    });
    osv = await startOsvStub();
    for (const record of BUMP_RECORDS) osv.addRecord(record);
    dir = await mkdtemp(join(tmpdir(), 'freshbase-security-'));
  });

  afterAll(async () => {
    await osv.stop();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    osv.setFault(undefined);
    osv.requests.length = 0;
  });

  it('fills a security object per update: three vulnerabilities closed, the runtime that moved, one OSV batch', async () => {
    const root = await checkout('python', 'FROM python:3.11.8-slim\n');

    const { code, stdout } = await freshbase(['--format', 'json', '--security'], root);

    expect(code).toBe(10);
    const update = (JSON.parse(stdout) as { updates: Record<string, unknown>[] }).updates[0];
    expect(update).toMatchObject({ newTag: '3.11.11-slim', updateType: 'patch' });
    expect(update?.['security']).toEqual({
      status: 'checked',
      closed: { ...ZERO, high: 1, unknown: 2 },
      opened: ZERO,
      ids: { closed: ['CVE-2099-0001', 'CVE-2099-0002', 'CVE-2099-0003'], opened: [] },
      packages: { changed: 2, added: 0, removed: 0 },
      runtimes: [{ name: 'python', from: '3.11.8', to: '3.11.11' }],
      summary: 'closes 3 vulnerabilities (1 high) in 2 OS packages; opens 0',
    });
    expect(osv.requests.filter((request) => request.path === '/v1/querybatch')).toHaveLength(1);
  });

  it('prints the summary under Security: in the table', async () => {
    const root = await checkout('table', 'FROM python:3.11.8-slim\n');

    const { stdout } = await freshbase(['--security'], root);

    expect(stdout).toContain(
      'Security:\n  Dockerfile:1  python 3.11.11-slim  closes 3 vulnerabilities (1 high) in 2 OS packages; opens 0\n',
    );
  });

  it('asks OSV nothing and prints no security object without the flag', async () => {
    const root = await checkout('plain', 'FROM python:3.11.8-slim\n');

    const { code, stdout } = await freshbase(['--format', 'json'], root);

    expect(code).toBe(10);
    expect((JSON.parse(stdout) as { updates: Record<string, unknown>[] }).updates[0]).not.toHaveProperty('security');
    expect(osv.requests).toEqual([]);
  });

  it('keeps the update and says why when OSV fails or no SBOM is published', async () => {
    const root = await checkout('down', 'FROM python:3.11.8-slim\nFROM golang:1.22.1\n');
    osv.setFault({ kind: 'status', status: 503 });

    const { code, stdout } = await freshbase(['--format', 'json', '--security'], root);

    expect(code).toBe(10);
    const updates = (JSON.parse(stdout) as { updates: { image: string; security: Record<string, unknown> }[] }).updates;
    expect(updates.map((update) => [update.image, update.security['status'], update.security['summary']])).toEqual([
      ['python', 'vulnerabilities-unavailable', 'not assessed: vulnerability data unavailable (OSV unreachable)'],
      ['golang', 'no-sbom', 'not assessed: no SBOM published'],
    ]);
    expect(updates[0]?.security['packages']).toEqual({ changed: 2, added: 0, removed: 0 });
  });

  it('refuses --security with apply', async () => {
    const root = await checkout('apply', 'FROM python:3.11.8-slim\n');
    const err: string[] = [];

    const code = await runCli(['apply', root, '--security'], {
      stdout: () => undefined,
      stderr: (text) => err.push(text),
      env: {},
      interactive: false,
    });

    expect(code).toBe(1);
    expect(err.join('')).toBe('freshbase: --security is an option of scan\n');
  });
});
