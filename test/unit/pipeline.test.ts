/**
 * The pipeline's direction (docs/architecture.md): trigger → read files → extract → registry
 * facts → plan → publish. No stage imports a later one, plan/ does no I/O, and github/ publishes
 * the plan the scan returns without planning.
 */
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { format, isPackage, isRelative, loadSources, unitOf } from '../support/source-usage.js';

const sources = loadSources();

/**
 * The pipeline, in order: trigger → read files → extract → registry facts → plan → publish.
 * The folder each stage lives in; `scan/` runs the stages up to the plan, for the CLI and the app.
 */
const PIPELINE: readonly { stage: string; folders: readonly string[] }[] = [
  { stage: 'extract', folders: ['dockerfile', 'manifests'] },
  // What a bump fixes (SBOM attestations, OSV) is a registry fact too, gathered before publishing.
  { stage: 'registry facts', folders: ['registry', 'sbom', 'osv', 'security'] },
  { stage: 'plan', folders: ['plan', 'rebuild'] },
  { stage: 'scan (read files → plan)', folders: ['scan'] },
  { stage: 'publish', folders: ['github', 'local'] },
  // metrics/ observes every stage at the edge, beside the triggers; it imports only lower layers' types.
  { stage: 'trigger', folders: ['jobs', 'metrics', 'app', 'cli', 'main'] },
];

/** Node built-ins and packages that do I/O: none of them in plan/. */
const IO_MODULES = [
  'node:fs',
  'node:fs/promises',
  'node:http',
  'node:https',
  'node:net',
  'node:dns',
  'node:child_process',
  'node:worker_threads',
  'probot',
  '@octokit/',
  'node-cron',
  'bullmq',
  'ioredis',
  'prom-client',
];

/** Functions of plan/ that decide what to propose: only the scan calls them, never a publisher. */
const DECIDING = /^(plan|select|apply|group|merge|split|pick)[A-Z]/;

function stageOf(path: string): number {
  const unit = unitOf(path.slice('src/'.length));
  return PIPELINE.findIndex((entry) => entry.folders.includes(unit));
}

describe('architecture: the pipeline runs one way', () => {
  it('names a stage for every folder of src/', () => {
    const units = [...new Set(sources.map((file) => unitOf(file.path.slice('src/'.length))))].sort();

    // Foundations every stage may use: settings, names, reference types, tag and lifecycle models.
    expect(units.filter((unit) => !PIPELINE.some((entry) => entry.folders.includes(unit)))).toEqual([
      'config',
      'lifecycle',
      'oci',
      'refs',
      'util',
      'versioning',
    ]);
  });

  it('has no stage import a later one', () => {
    const violations: string[] = [];
    for (const file of sources) {
      const from = stageOf(file.path);
      if (from < 0) continue;
      for (const { line, specifier } of file.specifiers.filter((s) => s.literal && isRelative(s.specifier))) {
        const target = posix.normalize(posix.join(posix.dirname(file.path), specifier));
        const to = stageOf(target);
        if (to > from) {
          violations.push(
            format(file, line, `'${specifier}'`, `${PIPELINE[from]?.stage ?? ''} imports the later stage ${PIPELINE[to]?.stage ?? ''}`),
          );
        }
      }
    }

    expect(violations, 'file:line specifier — why').toEqual([]);
  });

  it('keeps plan/ free of I/O: no I/O module, no registry client, no fetch, no environment, no wall clock', () => {
    const violations: string[] = [];
    for (const file of sources.filter((source) => source.path.startsWith('src/plan/'))) {
      for (const { line, specifier } of file.specifiers) {
        const target = isRelative(specifier) ? posix.normalize(posix.join(posix.dirname(file.path), specifier)) : specifier;
        if (IO_MODULES.some((name) => isPackage(specifier, name)) || target.startsWith('src/registry/')) {
          violations.push(format(file, line, `'${specifier}'`, 'plan/ does no I/O'));
        }
      }
      for (const { line, match } of [...file.fetchCalls, ...file.envReads, ...file.clockReads]) {
        violations.push(format(file, line, `'${match}'`, 'plan/ does no I/O; facts and now are arguments'));
      }
    }

    expect(violations, 'file:line what — why').toEqual([]);
  });

  it("has github/ publish a plan without planning: none of plan/'s deciding functions are imported there", () => {
    const violations = sources
      .filter((file) => file.path.startsWith('src/github/'))
      .flatMap((file) =>
        file.names
          .filter(({ specifier, name }) => specifier.includes('/plan/') && DECIDING.test(name))
          .map(({ line, name }) => format(file, line, name, 'github/ publishes the plan the scan returns; it does not plan')),
      );

    expect(violations, 'file:line name — why').toEqual([]);
  });
});
