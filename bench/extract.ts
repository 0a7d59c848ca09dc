/**
 * Benchmark: Dockerfiles per second for extract plus rewrite over fixtures/dockerfiles/, then
 * extraction time of adversarial inputs at 1x, 10x and 100x their size (linear when the time
 * per KB stays flat), and the time to refuse inputs past the limits.
 * Run with `npm run bench:extract`; prints figures, asserts nothing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { extractImageRefs } from '../src/dockerfile/index.js';
import { applyEdits, type Edit } from '../src/refs/index.js';
import { ADVERSARIAL_KINDS, OVER_LIMITS } from './support/adversarial-dockerfiles.js';

function listFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return listFiles(path);
    return /Dockerfile/i.test(name) ? [path] : [];
  });
}

const root = new URL('../../fixtures/dockerfiles/', import.meta.url).pathname;
const files = listFiles(root).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
const digest = `sha256:${'c'.repeat(64)}`;

function once(): number {
  let refs = 0;
  for (const file of files) {
    const found = extractImageRefs(file.path, file.text);
    refs += found.length;
    const edits: Edit[] = found
      .filter((r) => r.digestSlot !== undefined && r.problem === undefined)
      .map((ref) => ({ ref, newDigest: digest }));
    try {
      applyEdits(file.path, file.text, edits);
    } catch {
      // Two references sharing one ARG span with different edits: counted work all the same.
    }
  }
  return refs;
}

once();
const rounds = 200;
const started = process.hrtime.bigint();
let refs = 0;
for (let i = 0; i < rounds; i++) refs += once();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = cpus()[0]?.model ?? 'unknown cpu';
console.log(`machine: ${cpu}, ${cpus().length} cores, node ${process.version}`);
console.log(`fixtures: ${files.length} Dockerfiles, ${refs / rounds} references`);
console.log(
  `extract + rewrite: ${Math.round((files.length * rounds) / seconds)} Dockerfiles/s (${((seconds / (files.length * rounds)) * 1e6).toFixed(1)} µs each)`,
);
console.log(`heap used: ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1)} MiB`);

/** Best of three runs, in milliseconds. */
function timeExtract(text: string): number {
  let best = Infinity;
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    extractImageRefs('Dockerfile', text);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

console.log('adversarial inputs (best of 3; linear when ms/KB stays flat from 1x to 100x):');
for (const kind of ADVERSARIAL_KINDS) {
  const cells = [1, 10, 100].map((scale) => {
    const text = kind.generate(scale);
    const ms = timeExtract(text);
    return `${scale}x ${(text.length / 1024).toFixed(0)} KB ${ms.toFixed(1)} ms (${(ms / (text.length / 1024)).toFixed(3)} ms/KB)`;
  });
  console.log(`  ${kind.name.padEnd(28)} ${cells.join(' | ')}`);
}
for (const input of OVER_LIMITS) {
  const [ref] = extractImageRefs('Dockerfile', input.text);
  console.log(`  refused: ${input.name.padEnd(32)} ${timeExtract(input.text).toFixed(1)} ms: ${ref?.problem?.reason ?? 'not refused'}`);
}
console.log(`heap used: ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1)} MiB`);
