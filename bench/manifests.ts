/**
 * Benchmark: manifests per second for discover + extract + rewrite over fixtures/manifests/,
 * and the cost of the worst file the limits allow (an alias bomb stopped at the node limit).
 * Run with `npm run bench:manifests`; prints figures, asserts nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative } from 'node:path';
import { discoverManifests, extractKubernetesRefs, extractManifestRefs, type ManifestFile } from '../src/manifests/index.js';
import { applyEdits, type Edit } from '../src/refs/index.js';

const root = new URL('../../fixtures/manifests/', import.meta.url).pathname;
const paths = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
  (path) => /\.(ya?ml|json)$/.test(path) && !path.endsWith('.expected.json'),
);
const files: ManifestFile[] = paths.flatMap((path) => {
  const kind = path.split('/')[0];
  if (kind !== 'kubernetes' && kind !== 'helm' && kind !== 'compose' && kind !== 'workflow' && kind !== 'devcontainer') return [];
  if (path.endsWith('Chart.yaml')) return [];
  const chartPath = path.replace(/[^/]+$/, 'Chart.yaml');
  const chart = kind === 'helm' ? { chart: { path: chartPath, text: readFileSync(join(root, chartPath), 'utf8') } } : {};
  return [{ path: relative(root, join(root, path)), kind, text: readFileSync(join(root, path), 'utf8'), ...chart }];
});
const bytes = files.reduce((sum, file) => sum + file.text.length, 0);
const digest = `sha256:${'c'.repeat(64)}`;

function once(): number {
  let refs = 0;
  for (const file of files) {
    const found = extractManifestRefs(file);
    refs += found.length;
    const edits: Edit[] = found
      .filter((ref) => ref.digestSlot !== undefined && ref.problem === undefined)
      .map((ref) => ({ ref, newDigest: digest }));
    applyEdits(file.path, file.text, edits);
  }
  return refs;
}

function time(run: () => unknown, rounds: number): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < rounds; i++) run();
  return Number(process.hrtime.bigint() - started) / 1e9 / rounds;
}

once();
const rounds = 50;
let refs = 0;
const perRound = time(() => (refs += once()), rounds);
const listing = Array.from(
  { length: 20_000 },
  (_, i) => `dir${i % 200}/sub${i % 7}/file${i}.${['yaml', 'json', 'md', 'ts'][i % 4] ?? 'txt'}`,
);
const discover = time(() => discoverManifests(listing), 20);
const levels = Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array.from({ length: 9 }, () => `*l${i}`).join(', ')}]`);
const bomb = ['apiVersion: v1', 'kind: Pod', 'l0: &l0 [x, x, x, x, x, x, x, x, x]', ...levels].join('\n');
const worst = time(() => extractKubernetesRefs('bomb.yaml', bomb), 5);

console.log(`machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, node ${process.version}`);
console.log(`fixtures: ${files.length} manifests, ${(bytes / 1024).toFixed(0)} KiB, ${refs / rounds} references`);
console.log(
  `extract + rewrite: ${Math.round(files.length / perRound)} files/s (${((perRound / files.length) * 1e3).toFixed(2)} ms each, ${(bytes / 1024 / 1024 / perRound).toFixed(1)} MiB/s)`,
);
console.log(`discover: ${listing.length} paths in ${(discover * 1e3).toFixed(1)} ms`);
console.log(`alias bomb stopped at the node limit: ${(worst * 1e3).toFixed(0)} ms`);
console.log(`heap used: ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1)} MiB`);
