/**
 * Benchmark: Dockerfiles per second for extract plus rewrite over fixtures/dockerfiles/.
 * Run with `npm run bench:extract`; prints figures, asserts nothing.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { extractImageRefs } from '../src/dockerfile/index.js';
import { applyEdits, type Edit } from '../src/refs/index.js';

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
