/**
 * The longer fuzz run (`npm run fuzz [-- --runs N --seed S]`): the properties npm test checks
 * with a fixed seed, with more and larger inputs and a new seed each time. Prints what it ran,
 * the slowest case and the heap, and each failure with the seed and path to replay it; exits 1
 * on a failure. Not part of npm test (run with --expose-gc so the heap figure is what stays live).
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { extractImageRefs } from '../src/dockerfile/index.js';
import { parseRepoConfig } from '../src/config/parse-repo-config.js';
import { configText, dockerfileText, editsFor, factsArbitrary } from './support/fuzz-inputs.js';
import { checkConfig, checkExtraction, checkPlan, checkRewrite } from './support/fuzz-properties.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '2000' }, seed: { type: 'string' } } });
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2_147_483_647 : Number(values.seed);
const scale = { items: 400, adversarialScale: 30 };
const policies = [
  parseRepoConfig(''),
  parseRepoConfig('pinDigests: true\nminimumReleaseAge: 0\nignore:\n  - image: "*"\n    versions: ["*a*a*a*a*a*a*a*a*a*a*a*ab", "9*"]\n'),
];

interface Outcome {
  name: string;
  slowestMs: number;
  failed: boolean;
}

/** Runs one property, timing each case. */
function run<T>(name: string, arbitrary: fc.Arbitrary<T>, check: (value: T) => void): Outcome {
  let slowestMs = 0;
  const started = process.hrtime.bigint();
  const result = fc.check(
    fc.property(arbitrary, (value) => {
      const start = process.hrtime.bigint();
      check(value);
      slowestMs = Math.max(slowestMs, Number(process.hrtime.bigint() - start) / 1e6);
    }),
    { seed, numRuns: runs },
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`${name}: ${result.numRuns} runs in ${seconds.toFixed(1)} s, slowest case ${slowestMs.toFixed(1)} ms`);
  if (result.failed) console.log(fc.defaultReportMessage(result));
  return { name, slowestMs, failed: result.failed };
}

console.log(
  `fuzz: seed ${seed}, ${runs} runs per property, inputs up to ${scale.items} tokens or lines, adversarial kinds up to ${scale.adversarialScale}x`,
);
const rewrites = { applied: 0, refused: 0 };
const outcomes = [
  run('extract: generated Dockerfiles', dockerfileText(scale), (text) => {
    checkExtraction(text);
  }),
  run(
    'rewrite: generated edits, no byte outside them changes',
    dockerfileText(scale).chain((text) => fc.tuple(fc.constant(text), editsFor(extractImageRefs('Dockerfile', text)))),
    ([text, edits]) => {
      if (edits.length > 0) rewrites[checkRewrite(text, edits)]++;
    },
  ),
  run('config: generated .github/freshbase.yml', configText(scale), (text) => {
    checkConfig(text);
  }),
  run(
    'plan: generated Dockerfiles and registry facts',
    fc.tuple(dockerfileText(scale), factsArbitrary(), fc.constantFrom(...policies)),
    ([text, generated, policy]) => {
      for (const ref of checkExtraction(text)) checkPlan(text, ref, policy, generated);
    },
  ),
];
console.log(`rewrites with edits: ${rewrites.applied} applied, ${rewrites.refused} refused with a typed error`);
(globalThis as { gc?: () => void }).gc?.();
console.log(
  `heap used after GC: ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1)} MiB, rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`,
);
const failed = outcomes.filter((outcome) => outcome.failed);
console.log(failed.length === 0 ? 'no failure' : `failed: ${failed.map((outcome) => outcome.name).join(', ')}`);
process.exitCode = failed.length === 0 ? 0 : 1;
