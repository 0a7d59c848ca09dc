/**
 * A registry's pull limit end to end through `freshbase scan`: a fault proxy rations manifest GETs
 * the way Docker Hub does (`ratelimit-remaining` on manifest answers, 429 once spent) in front of
 * distribution 2.8. When the budget stops every lookup that decides, nothing is proposed, each
 * reference says when to retry, and the CLI exits 1 with the rate-limit line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanJson } from '../../../src/local/render-scan.js';
import { runCli } from '../../../src/local/run-cli.js';
import { startFaultProxy, type FaultProxy } from '../../support/registry/fault-proxy.js';
import { startPlainRegistry, type TestRegistry } from '../../support/registry/servers.js';

const NOW = new Date('2025-04-01T12:00:00Z');

async function scan(directory: string, mirror: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['scan', directory, '--format', 'json', '--no-cache', '--mirror', `docker.io=${mirror}`], {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
    interactive: false,
    now: () => NOW,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('local/run-cli under a registry pull limit', () => {
  let server: TestRegistry;
  let proxy: FaultProxy;
  let root = '';

  beforeAll(async () => {
    server = await startPlainRegistry();
    for (const [tag, created] of [
      ['20.11.0', '2025-01-10T00:00:00Z'],
      ['20.11.1', '2025-03-01T00:00:00Z'],
    ] as const) {
      await server.pusher.pushImage({ repository: 'library/node', tags: [tag], created, salt: tag });
    }
    root = mkdtempSync(join(tmpdir(), 'freshbase-rate-'));
    writeFileSync(join(root, 'Dockerfile'), 'FROM node:20.11.0\n');
  });

  afterAll(async () => {
    rmSync(root, { recursive: true, force: true });
    await proxy.stop();
    await server.stop();
  });

  it('decides as usual while the budget lasts', async () => {
    proxy = await startFaultProxy({ upstream: server.registry.url, rateLimit: { limit: 100, windowSeconds: 3600 } });

    const run = await scan(root, proxy.url);

    expect(run).toMatchObject({ code: 10, stderr: '' });
    expect((JSON.parse(run.stdout) as ScanJson).updates.map((u) => u.newTag)).toEqual(['20.11.1']);
    await proxy.stop();
  });

  it('exits 1 with the rate-limit line when the budget leaves nothing decided, and skips each reference saying when to retry', async () => {
    // Two pulls left, two kept in reserve: the HEAD that reports it is free, every manifest GET is held back.
    proxy = await startFaultProxy({ upstream: server.registry.url, rateLimit: { limit: 2, windowSeconds: 3600 } });

    const run = await scan(root, proxy.url);
    const json = JSON.parse(run.stdout) as ScanJson;

    const line = `rate limit of ${proxy.host} reached; retry after 13:00 UTC`;
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`freshbase: ${line}\n`);
    expect(json.updates).toEqual([]);
    expect(json.references).toMatchObject([{ status: 'skipped', skipReason: 'registry-error', reason: line }]);
    expect(proxy.pulls()).toBe(0);
  });
});
