/**
 * The proposals of `freshbase scan` on real tag lists: a local registry (distribution 2.8)
 * loaded from fixtures/official-images/official-images-2025-03-31.json.gz, the Dockerfiles of
 * fixtures/dockerfiles/planning/, and the expectations of planning-cases.ts; and the same scan
 * through a fault proxy, which may lose proposals but never change one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type Fault } from '../../support/registry/fault-proxy.js';
import { createPusher } from '../../../bench/support/registry-push.js';
import type { LocalRegistry } from '../../../bench/support/registry-server.js';
import { parseAppEnv } from '../../../src/config/env.js';
import { createLocalSource } from '../../../src/local/local-source.js';
import { renderScanJson, type JsonReference, type JsonUpdate, type ScanJson } from '../../../src/local/render-scan.js';
import { createRegistryClient } from '../../../src/registry/index.js';
import { buildRegistryOptions } from '../../../src/scan/registry-options.js';
import { scanRepository } from '../../../src/scan/scan-repository.js';
import { listOfficialTags, loadOfficialImages, startOfficialRegistry, type LoadedOfficialImages } from '../../support/official-registry.js';
import { keepLoadedTag, LOADED_IMAGES } from './load-rules.js';
import { PLANNING_CASES, type DigestOf, type PlanningCase } from './planning-cases.js';
import { copyPlanningFixtures, runFreshbase, SCAN_TIME, scanJson } from './run-freshbase.js';
import { PINNED_DATA } from '../../unit/lifecycle/pinned.js';

/** The faults a registry that rations or breaks answers gives: 503, 429 with Retry-After, 500, a reset connection. */
const FAULTS: Fault[] = [
  { kind: 'status', status: 503 },
  { kind: 'status', status: 429, headers: { 'retry-after': '1' } },
  { kind: 'status', status: 500 },
  { kind: 'reset' },
];

describe('plan on real official-image tag lists: freshbase scan and apply (local/run-cli)', () => {
  let registry: LocalRegistry | undefined;
  let url = '';
  let loaded: LoadedOfficialImages;
  let workspace = '';
  let first: { code: number; json: ScanJson; stderr: string };

  function digestOf(image: string, ref: DigestOf): string {
    const pushed = loaded.pushed(image, ref.tag);
    if (ref.platform === undefined) return pushed.digest;
    const [os, architecture] = ref.platform.split('/');
    const entry = pushed.images.find((candidate) => candidate.platform.os === os && candidate.platform.architecture === architecture);
    if (entry === undefined) throw new Error(`${image}:${ref.tag} has no ${ref.platform} image`);
    return entry.digest;
  }

  function short(digest: string): string {
    return digest.slice(0, 'sha256:'.length + 12);
  }

  async function copyFixtures(name: string): Promise<string> {
    const target = join(workspace, name);
    await copyPlanningFixtures(target, (image, tag, platform) => digestOf(image, platform === undefined ? { tag } : { tag, platform }));
    return target;
  }

  function expectedReference(c: PlanningCase): JsonReference {
    const image = c.image ?? '';
    const reason = typeof c.reason === 'function' ? c.reason((ref) => short(digestOf(image, ref))) : c.reason;
    return {
      file: c.file,
      kind: 'dockerfile',
      line: c.line,
      image: c.image,
      tag: c.tag,
      digest: c.pinned === undefined ? null : digestOf(image, c.pinned),
      status: c.status,
      reason: reason instanceof RegExp ? (expect.stringMatching(reason) as string) : reason,
      skipReason: c.skipReason ?? null,
      eol: c.eol ?? null,
    };
  }

  function expectedUpdates(c: PlanningCase): JsonUpdate[] {
    const image = c.image ?? '';
    return c.updates.map((update) => ({
      file: c.file,
      kind: 'dockerfile' as const,
      line: c.line,
      image,
      registry: 'docker.io',
      repository: `library/${image}`,
      currentTag: c.tag,
      currentDigest: c.pinned === undefined ? null : digestOf(image, c.pinned),
      newTag: update.newTag,
      newDigest: digestOf(image, {
        tag: update.digestTag ?? update.newTag,
        ...(c.pinned?.platform === undefined ? {} : { platform: c.pinned.platform }),
      }),
      updateType: update.updateType,
    }));
  }

  function times<T>(count: number, items: T[]): T[] {
    return Array.from({ length: count }, () => items).flat();
  }

  beforeAll(async () => {
    registry = await startOfficialRegistry();
    url = registry.url;
    loaded = await loadOfficialImages(createPusher({ url, concurrency: 16 }), { images: LOADED_IMAGES, filter: keepLoadedTag });
    workspace = await mkdtemp(join(tmpdir(), 'freshbase-plan-'));
    first = await scanJson(await copyFixtures('scan'), url);
  });

  afterAll(async () => {
    await registry?.stop();
    if (workspace !== '') await rm(workspace, { recursive: true, force: true });
  });

  it('loads real release lines of every image, with every tag the Dockerfiles name', () => {
    const counts = Object.fromEntries([...loaded.tags].map(([image, tags]) => [image, tags.length]));
    const cited = PLANNING_CASES.filter((c) => c.image !== null && c.tag !== null && c.tag !== '24-ea-29-jdk');
    const missing = cited.filter((c) => !(loaded.tags.get(c.image ?? '') ?? []).includes(c.tag ?? ''));
    const published = listOfficialTags('openjdk').map((entry) => entry.tag);

    expect(counts).toEqual({
      python: 141,
      golang: 46,
      node: 104,
      'eclipse-temurin': 56,
      spark: 157,
      ubuntu: 68,
      debian: 40,
      alpine: 44,
      openjdk: 269,
    });
    expect(missing).toEqual([]);
    expect(published).toContain('24-ea-28-jdk');
    expect(published).not.toContain('24-ea-29-jdk');
  });

  it('exits 10 (there are updates) and reports no error', () => {
    expect(first).toMatchObject({ code: 10, stderr: '' });
  });

  const named = (c: PlanningCase): string =>
    c.image === null ? 'unresolved image' : `${c.image}${c.tag === null ? '' : `:${c.tag}`}${c.pinned === undefined ? '' : '@digest'}`;
  const rows = PLANNING_CASES.map((c): [string, PlanningCase] => [`${c.file}:${c.line} ${named(c)}: ${c.why}`, c]);

  it.each(rows)('%s', (_title, c) => {
    const references = first.json.references.filter((r) => r.file === c.file && r.line === c.line);
    const updates = first.json.updates.filter((u) => u.file === c.file && u.line === c.line);

    expect(references).toEqual(times(c.occurrences ?? 1, [expectedReference(c)]));
    expect(updates).toEqual(times(c.occurrences ?? 1, expectedUpdates(c)));
  });

  it('reports no reference or update beyond the cases', () => {
    const listed = new Set(PLANNING_CASES.map((c) => `${c.file}:${c.line}`));

    expect(first.json.references.filter((r) => !listed.has(`${r.file}:${r.line}`))).toEqual([]);
    expect(first.json.updates.filter((u) => !listed.has(`${u.file}:${u.line}`))).toEqual([]);
  });

  it('lists the references past their end of life in the table, with the line to move to', async () => {
    const run = await runFreshbase(['scan', join(workspace, 'scan')], url);

    expect(run.code).toBe(10);
    expect(run.stdout).toContain(
      [
        'End of life:',
        '  golang/Dockerfile:2  go 1.22 reached end of life on 2025-02-11; 1.24 is the newest supported line',
        '  golang/alpine.Dockerfile:1  go 1.22 reached end of life on 2025-02-11; 1.24 is the newest supported line',
        '',
      ].join('\n'),
    );
  });

  it('apply --include-line-upgrades, then a second scan finds only the OS moves (apply never moves an OS)', async () => {
    const directory = await copyFixtures('apply-all');

    const applied = await runFreshbase(['apply', directory, '--include-line-upgrades'], url);
    const again = await scanJson(directory, url);

    expect(applied).toMatchObject({ code: 0, stderr: '' });
    expect(again.code).toBe(10);
    expect(again.json.updates.map((u) => `${u.file}:${u.line} ${u.currentTag ?? ''} → ${u.newTag ?? ''} (${u.updateType})`)).toEqual([
      'python/alpine.Dockerfile:1 3.13.1-alpine3.19 → 3.13.2-alpine3.21 (os)',
      'python/alpine.Dockerfile:6 3.13.1-alpine3.19 → 3.13.2-alpine3.21 (os)',
    ]);
  });

  it('apply (in-line updates only), then a second scan reports exactly the line upgrades and OS moves', async () => {
    const directory = await copyFixtures('apply-in-line');
    const summarize = (file: string, line: number, from: string | null, update: { newTag: string | null; updateType: string }): string =>
      `${file}:${line} ${from ?? ''} → ${update.newTag ?? ''} (${update.updateType})`;
    const expected = PLANNING_CASES.flatMap((c) => {
      const inLine = c.updates.find((u) => u.updateType === 'patch' || u.updateType === 'digest');
      const upgrades = c.updates.filter((u) => u.updateType === 'minor' || u.updateType === 'major' || u.updateType === 'os');
      return times(
        c.occurrences ?? 1,
        upgrades.map((u) => summarize(c.file, c.line, inLine?.newTag ?? c.tag, u)),
      );
    });

    const applied = await runFreshbase(['apply', directory], url);
    const again = await scanJson(directory, url);

    expect(applied).toMatchObject({ code: 0, stderr: '' });
    expect(again.code).toBe(10);
    expect(again.json.updates.map((u) => summarize(u.file, u.line, u.currentTag, u))).toEqual(expected);
  });

  // Faults at high rates from a fixed seed: every JSON update is one the fault-free scan made, and every reference is as
  // in the fault-free scan or skipped for its registry error (a lost proposal), never decided otherwise.
  it.each([0.3, 0.6])(
    'under %s injected faults (503, 429, 500, resets) the JSON proposes nothing the fault-free scan does not',
    async (rate) => {
      const proxy = await startFaultProxy({ upstream: url, chaos: { rate, seed: 20_250_401, faults: FAULTS } });
      try {
        const directory = join(workspace, 'scan');
        const env = parseAppEnv({});
        // The CLI's registry options, with retries not waiting (no timers in tests): the answers are what matters.
        const client = createRegistryClient({
          ...buildRegistryOptions(env.registry, { mirrors: [`docker.io=${proxy.url}`] }),
          sleep: () => Promise.resolve(),
        });

        const result = await scanRepository(
          { key: directory, trigger: 'cli' },
          { source: createLocalSource(directory), registry: client, now: () => SCAN_TIME, releaseLines: PINNED_DATA },
        );
        const json = renderScanJson(result);
        await client.close();

        expect(proxy.chaosFaults()).toBeGreaterThan(0);
        expect(json.updates.filter((update) => !first.json.updates.some((other) => isDeepStrictEqual(update, other)))).toEqual([]);
        const changed = json.references.filter(
          (reference, i) => !isDeepStrictEqual(reference, first.json.references[i]) && reference.skipReason !== 'registry-error',
        );
        expect(changed).toEqual([]);
      } finally {
        await proxy.stop();
      }
    },
  );

  it('notes that python alpine3.19 builds stopped while 3.12.9 is built on alpine3.21', async () => {
    const directory = join(workspace, 'scan');
    const env = parseAppEnv({});
    const client = createRegistryClient(buildRegistryOptions(env.registry, { mirrors: [`docker.io=${url}`] }));

    const result = await scanRepository(
      { key: directory, trigger: 'cli' },
      { source: createLocalSource(directory), registry: client, now: () => SCAN_TIME, releaseLines: PINNED_DATA },
    );
    const proposal = result.proposals.find((p) => p.ref.file === 'python/alpine.Dockerfile' && p.ref.line === 6);

    expect(proposal?.notes).toContain(
      'the alpine3.19 variant of python 3.12 is no longer rebuilt upstream (newest build 2024-12-04); 3.12.9-alpine3.21 is built on a newer OS (2025-02-06)',
    );
  });
});
