/**
 * The scan's security step against a real registry and the OSV stub: bounded by image pairs
 * per scan (the rest say why they were not compared), one OSV failure per scan rather than one
 * per pair, and the images in use counted for the dashboard.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLocalSource } from '../../../src/local/local-source.js';
import { createOsvClient } from '../../../src/osv/index.js';
import { createRegistryClient } from '../../../src/registry/index.js';
import { createSbomReader } from '../../../src/sbom/index.js';
import type { SecurityPort } from '../../../src/scan/ports.js';
import { scanRepository } from '../../../src/scan/scan-repository.js';
import type { ScanResult } from '../../../src/scan/types.js';
import { renderSecuritySummary } from '../../../src/security/index.js';
import { startOsvStub, type OsvStub } from '../../support/osv-stub.js';
import { BUMP_RECORDS, PYTHON_3_11_8, PYTHON_3_11_11, pushPythonSbomImages } from '../../support/python-security.js';
import { startPlainRegistry, type TestRegistry } from '../../support/registry/servers.js';
import { pushSbomImage } from '../../support/sbom-images.js';

describe('scan/assess-security on a real registry and the OSV stub', () => {
  let server: TestRegistry;
  let osv: OsvStub;
  let root = '';

  beforeAll(async () => {
    server = await startPlainRegistry();
    await pushPythonSbomImages(server.pusher);
    for (const [tag, list] of [
      ['3.0.1', PYTHON_3_11_8],
      ['3.0.2', PYTHON_3_11_11],
    ] as const) {
      await pushSbomImage(server.pusher, { repository: 'library/haproxy', tag, platforms: [{ os: 'linux', architecture: 'amd64', list }] });
    }
    osv = await startOsvStub();
    for (const record of BUMP_RECORDS) osv.addRecord(record);
    root = mkdtempSync(join(tmpdir(), 'freshbase-assess-'));
    writeFileSync(join(root, 'Dockerfile'), 'FROM python:3.11.8-slim\nFROM haproxy:3.0.1\n');
  });

  afterAll(async () => {
    rmSync(root, { recursive: true, force: true });
    await osv.stop();
    await server.stop();
  });

  beforeEach(() => {
    osv.setFault(undefined);
    osv.requests.length = 0;
  });

  async function scan(limits: SecurityPort['limits']): Promise<ScanResult> {
    const client = createRegistryClient({ mirrors: { 'docker.io': server.registry.url } });
    const security: SecurityPort = {
      content: client,
      sbom: createSbomReader(),
      osv: createOsvClient({ baseUrl: osv.url, timeoutMs: 2000 }),
      ...(limits === undefined ? {} : { limits }),
    };
    return scanRepository(
      { key: root, trigger: 'cli' },
      { source: createLocalSource(root), registry: client, now: () => new Date('2025-04-01T00:00:00Z'), security },
    );
  }

  function summaries(result: ScanResult): string[] {
    return result.proposals.flatMap((proposal) =>
      proposal.updates.map((update) => {
        const report = result.security?.bumps.get(update);
        return report === undefined ? `not assessed: ${result.security?.unassessed.get(update) ?? '?'}` : renderSecuritySummary(report);
      }),
    );
  }

  it('compares the first image pairs up to the limit and says why the others were not', async () => {
    const result = await scan({ bumps: 1 });

    expect(summaries(result)).toEqual([
      'closes 3 vulnerabilities (1 high) in 2 OS packages; opens 0',
      'not assessed: only the first 1 image pairs of a scan are compared',
    ]);
    expect(result.security?.skipped).toEqual({ bumps: 1, images: 0 });
  });

  it('counts the known vulnerabilities of the images in use', async () => {
    const result = await scan(undefined);

    const counts = result.proposals.map((proposal) => result.security?.current.get(proposal.ref));
    expect(counts.map((open) => (open?.status === 'checked' ? open.total : open?.status))).toEqual([4, 4]);
  });

  it('stops asking OSV after its first failure in a scan, and still plans every update', async () => {
    osv.setFault({ kind: 'status', status: 500 });

    // One assessment at a time, so the order is fixed: two pairs, then two images in use, would be four batches.
    const result = await scan({ concurrency: 1 });

    expect(summaries(result)).toEqual([
      'not assessed: vulnerability data unavailable (OSV unreachable)',
      'not assessed: vulnerability data unavailable (OSV unreachable)',
    ]);
    expect(result.proposals.map((proposal) => proposal.status)).toEqual(['update', 'update']);
    expect(osv.requests.filter((request) => request.path === '/v1/querybatch')).toHaveLength(1);
  });
});
