/**
 * Scan bench: what a scan of the fixture repositories costs a registry. A local distribution 2.8
 * is loaded with real official-image tag lists (fixtures/official-images), the fixture
 * repositories (fixtures/dockerfiles/real and planning) are scanned with `scanRepository` and a
 * local source, and each run prints wall time and registry requests by kind:
 * cold (empty cache directory), warm (same directory, a new client), warm an hour later (tag
 * answers expired, manifests still cached), 20% and 50% injected faults
 * (503, 429 with Retry-After, 500, connection resets) with the proposals that differ from the
 * fault-free run, and a Docker Hub–style run against the Hub API stub (counted pulls); then the
 * issue's targets next to the figures.
 *
 * Run: `npm run bench:scan`. Prints figures; never fails on them. May import: src, bench/support.
 * Must not: import from test/, touch the network beyond 127.0.0.1.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLocalSource } from '../src/local/local-source.js';
import { renderScanJson } from '../src/local/render-scan.js';
import { createRegistry, type RegistryOptions, type RegistryStats } from '../src/registry/index.js';
import { scanRepository } from '../src/scan/scan-repository.js';
import { startFaultProxy, type Fault } from './support/fault-proxy.js';
import { startHubApiStub } from './support/hub-api-stub.js';
import { loadOfficialImages, startOfficialRegistry } from './support/official-images.js';
import { createPusher } from './support/registry-push.js';
import { foreignRegistries, prepareWorkspace, referencedTags } from './support/scan-workspace.js';

const IMAGES = [
  'python',
  'golang',
  'debian',
  'node',
  'eclipse-temurin',
  'alpine',
  'ubuntu',
  'spark',
  'openjdk',
  'maven',
  'nginx',
  'busybox',
];
/** Tags loaded: still listed upstream, moved since this day, or named by a fixture. */
const SINCE = Date.parse('2024-06-01T00:00:00Z');
const SCAN_TIME = new Date('2025-04-01T00:00:00Z');
const FAULTS: Fault[] = [
  { kind: 'status', status: 503 },
  { kind: 'status', status: 429, headers: { 'retry-after': '1' } },
  { kind: 'status', status: 500 },
  { kind: 'reset' },
];

interface RunFigures {
  label: string;
  ms: number;
  stats: RegistryStats;
  proposals: Set<string>;
  skipped: number;
}

function sumKind(stats: RegistryStats, kind: keyof RegistryStats['byHost'][string]): number {
  return Object.values(stats.byHost).reduce((sum, kinds) => sum + (kinds[kind] ?? 0), 0);
}

async function scanAll(label: string, directories: readonly string[], options: RegistryOptions): Promise<RunFigures> {
  const registry = createRegistry(options);
  const client = registry.forScope({ kind: 'all' });
  const proposals = new Set<string>();
  let skipped = 0;
  const started = performance.now();
  for (const directory of directories) {
    const result = await scanRepository(
      { key: directory, trigger: 'cli' },
      { source: createLocalSource(directory), registry: client, now: () => SCAN_TIME },
    );
    const json = renderScanJson(result);
    for (const update of json.updates) {
      proposals.add(
        `${directory.slice(-8)} ${update.file}:${update.line} ${update.newTag ?? '-'} ${update.newDigest ?? '-'} ${update.updateType}`,
      );
    }
    skipped += json.references.filter((reference) => reference.status === 'skipped').length;
  }
  const ms = performance.now() - started;
  const stats = registry.stats();
  await registry.close();
  return { label, ms, stats, proposals, skipped };
}

function printRun(run: RunFigures, extra = ''): void {
  const { stats } = run;
  console.log(
    [
      run.label.padEnd(22),
      `${(run.ms / 1000).toFixed(1).padStart(6)} s`,
      `requests ${String(stats.requests).padStart(5)}`,
      `manifest GET ${String(sumKind(stats, 'manifest-get')).padStart(4)}`,
      `blob GET ${String(sumKind(stats, 'blob')).padStart(4)}`,
      `HEAD ${String(sumKind(stats, 'manifest-head')).padStart(4)}`,
      `tag pages ${String(sumKind(stats, 'tags')).padStart(3)}`,
      `hub-api ${String(sumKind(stats, 'hub-api')).padStart(3)}`,
      `retries ${String(stats.retries).padStart(4)}`,
      `proposals ${run.proposals.size}`,
      `skipped ${run.skipped}`,
      extra,
    ].join('  '),
  );
}

/** Manifest GETs of a cold scan of this corpus before issue 9 (the registry client without its cache, the planner asking for everything). */
const BASELINE_MANIFEST_GETS = 340;

/** The targets next to this run's figures (printed, never enforced). */
function printTargets(runs: { cold: RunFigures; warm: RunFigures; later: RunFigures; faulty: RunFigures[]; hubPulls: number }): void {
  const { cold } = runs;
  const gets = sumKind(cold.stats, 'manifest-get');
  const pages = sumKind(cold.stats, 'tags');
  const proposals = cold.proposals.size;
  const differing = runs.faulty.map((run) => [...run.proposals].filter((proposal) => !cold.proposals.has(proposal)).length);
  console.log(
    [
      'targets:',
      `  cold manifest GETs ${gets}, ${(BASELINE_MANIFEST_GETS / Math.max(1, gets)).toFixed(1)}x fewer than the ${BASELINE_MANIFEST_GETS} before (target: at least 5x)`,
      `  cold requests ${cold.stats.requests} = ${pages} tag-list pages + ${((cold.stats.requests - pages) / Math.max(1, proposals)).toFixed(1)} per proposal (${proposals} proposals; target: about 3 per proposal)`,
      `  warm manifest GETs ${sumKind(runs.warm.stats, 'manifest-get')}, an hour later ${sumKind(runs.later.stats, 'manifest-get')} (target: 0)`,
      `  differing proposals under faults ${differing.join(' / ')} (target: 0); counted pulls with Docker Hub's API ${runs.hubPulls} (target: 0)`,
    ].join('\n'),
  );
}

function compare(base: RunFigures, run: RunFigures): string {
  const differing = [...run.proposals].filter((proposal) => !base.proposals.has(proposal));
  const lost = [...base.proposals].filter((proposal) => !run.proposals.has(proposal)).length;
  const shown = differing.slice(0, 3).map((proposal) => `\n    differs: ${proposal}`);
  return `differing ${differing.length}, lost ${lost}${shown.join('')}`;
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(
    `machine: ${cpu[0]?.model ?? 'unknown cpu'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  const registry = await startOfficialRegistry();
  const work = await mkdtemp(join(tmpdir(), 'freshbase-bench-scan-'));
  const stops: (() => Promise<void>)[] = [() => registry.stop(), () => rm(work, { recursive: true, force: true })];
  try {
    const named = await referencedTags();
    const loadStarted = performance.now();
    const loaded = await loadOfficialImages(createPusher({ url: registry.url, concurrency: 16 }), {
      images: IMAGES,
      filter: (image, tag, info) => info.current || info.lastChanged.getTime() >= SINCE || (named.get(image)?.has(tag) ?? false),
    });
    const tagCount = [...loaded.tags.values()].reduce((sum, tags) => sum + tags.length, 0);
    console.log(
      `loaded ${tagCount} tags of ${IMAGES.length} images (${loaded.units} images, ${loaded.platformImages} platform images) in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`,
    );
    const directories = await prepareWorkspace(join(work, 'repos'), loaded);
    // Other registries the fixtures name go to the local registry too (answering "not found"): nothing leaves 127.0.0.1.
    const others = Object.fromEntries((await foreignRegistries()).map((host) => [host, registry.url]));
    const mirrored = (url: string): RegistryOptions => ({ mirrors: { ...others, 'docker.io': url } });
    const cacheDir = join(work, 'cache');

    const cold = await scanAll('cold (empty cache dir)', directories, { ...mirrored(registry.url), cacheDir });
    printRun(cold);
    const warm = await scanAll('warm (same cache dir)', directories, { ...mirrored(registry.url), cacheDir });
    printRun(warm, compare(cold, warm));
    // An hour later every tag list and tag digest has expired: HEADs and tag pages again, manifests and configs from the cache.
    const later = await scanAll('warm, 1 h later', directories, { ...mirrored(registry.url), cacheDir, now: () => Date.now() + 3_600_000 });
    printRun(later, compare(cold, later));
    const faulty: RunFigures[] = [];
    for (const rate of [0.2, 0.5]) {
      const proxy = await startFaultProxy({ upstream: registry.url, chaos: { rate, seed: 20250401, faults: FAULTS } });
      stops.unshift(() => proxy.stop());
      const run = await scanAll(`${rate * 100}% faults (no cache)`, directories, {
        ...mirrored(proxy.url),
        backoffBaseMs: 50,
        backoffMaxMs: 1000,
      });
      printRun(run, `${compare(cold, run)}, faults injected ${proxy.chaosFaults()}`);
      faulty.push(run);
    }
    const rationed = await startFaultProxy({ upstream: registry.url, rateLimit: { limit: 1_000_000, windowSeconds: 21_600 } });
    const hub = await startHubApiStub(registry.url);
    stops.unshift(
      () => rationed.stop(),
      () => hub.stop(),
    );
    // The stub reads every tag of a repository from the registry on first use; do that before timing the client.
    for (const image of IMAGES)
      await (await fetch(`${hub.url}/v2/namespaces/library/repositories/${image}/tags?page_size=1`)).arrayBuffer();
    hub.reset();
    const pulls: number[] = [];
    for (const useHubApi of [true, false]) {
      rationed.reset();
      const label = useHubApi ? 'Docker Hub, Hub API' : 'Docker Hub, no Hub API';
      const run = await scanAll(label, directories, {
        mirrors: others,
        dockerHub: { registryUrl: rationed.url, hubApiUrl: hub.url, useHubApi },
      });
      printRun(run, `${compare(cold, run)}, counted pulls ${rationed.pulls()}`);
      pulls.push(rationed.pulls());
    }
    printTargets({ cold, warm, later, faulty, hubPulls: pulls[0] ?? 0 });
  } finally {
    for (const stop of stops) await stop();
  }
}

await main();
