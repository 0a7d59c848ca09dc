/**
 * Enforces STYLE.md "One direction": every file under src/ imports only from its own folder or a
 * lower layer, third-party adapters stay in the one folder that owns them, and relative
 * specifiers are written the way NodeNext resolves them (`.js`).
 *
 * Files are read with TypeScript's own parser, so imports, `fetch(` calls and `process.env`
 * reads are found as syntax: examples in comments, strings and templates never count.
 */
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, format, isPackage, isRelative, isUnder, loadSources, unitOf, type SourceFile } from '../support/source-usage.js';

/** Layer of each unit: a folder of src/, or a file directly in src/ (by name, without extension). */
const LAYERS: Readonly<Record<string, number>> = {
  oci: 0,
  util: 0,
  // refs/ (ImageRef, spans, the slot rewrite) builds on oci/ and util/ and is shared by every extractor.
  refs: 0.5,
  dockerfile: 1,
  manifests: 1,
  versioning: 1,
  // Release lines read tags with versioning/; config/ places lifecycle's schemas under its `lifecycle` key.
  lifecycle: 1.5,
  registry: 2,
  config: 2,
  // sbom reads attestations through a port the registry client implements; osv is the
  // vulnerability database client. Both sit beside registry and never import each other.
  sbom: 2,
  osv: 2,
  plan: 3,
  rebuild: 3,
  // security combines sbom and osv into what a bump fixes (pure, plus one port-driven assessment).
  security: 3,
  scan: 4,
  // src/app.ts wires github/ and jobs/ into Probot's app function; main.ts runs it.
  app: 5.5,
  github: 5,
  jobs: 5,
  local: 5,
  // metrics/ (prom-client) takes plain values from every part; only app.ts wires it to them.
  metrics: 5,
  main: 6,
  cli: 6,
};

interface PackageRule {
  packages: readonly string[];
  allowed: readonly string[];
}

const PACKAGE_RULES: readonly PackageRule[] = [
  { packages: ['dockerfile-ast'], allowed: ['src/dockerfile/'] },
  { packages: ['jsonc-parser'], allowed: ['src/manifests/'] },
  { packages: ['minimatch'], allowed: ['src/util/glob.ts'] },
  { packages: ['probot', '@octokit/', '@probot/'], allowed: ['src/github/', 'src/app.ts', 'src/main.ts'] },
  // node-cron runs the schedules in jobs/; config/ validates `schedule.cron` with it, so a bad value shows with its line.
  { packages: ['node-cron'], allowed: ['src/jobs/', 'src/config/cron.ts'] },
  { packages: ['bullmq', 'ioredis'], allowed: ['src/jobs/'] },
  { packages: ['prom-client'], allowed: ['src/metrics/'] },
  // The registry's HTTP client, address checks, cache and streamed parsing stay behind its public files.
  { packages: ['undici', 'ipaddr.js', 'write-file-atomic', '@streamparser/json'], allowed: ['src/registry/'] },
  // In-memory caches: registry answers, parsed SBOMs, OSV answers; who was refused a command within the hour.
  { packages: ['lru-cache'], allowed: ['src/registry/', 'src/sbom/', 'src/osv/', 'src/github/refusals.ts'] },
];

// registry/ talks to OCI registries; osv/ talks to the OSV vulnerability API (api.osv.dev or a
// mirror). Both own their transport (timeouts, body caps, typed failures); nothing else calls fetch.
const FETCH_ALLOWED = ['src/registry/', 'src/osv/'];
const ENV_ALLOWED = ['src/config/env.ts', 'src/main.ts', 'src/cli.ts'];

function layerViolations(files: readonly SourceFile[]): string[] {
  const violations: string[] = [];
  for (const file of files) {
    const fromPath = file.path.slice('src/'.length);
    const fromUnit = unitOf(fromPath);
    const fromLayer = LAYERS[fromUnit];
    if (fromLayer === undefined) {
      violations.push(format(file, 1, `unit '${fromUnit}'`, 'is in no layer of STYLE.md "One direction"'));
      continue;
    }
    for (const { line, specifier, literal } of file.specifiers) {
      if (!literal) {
        violations.push(format(file, line, `\`${specifier}\``, 'computed import() specifier; the layer rule cannot check it'));
        continue;
      }
      if (!isRelative(specifier)) continue;
      const target = posix.normalize(posix.join(posix.dirname(file.path), specifier));
      if (!target.startsWith('src/')) {
        violations.push(format(file, line, `'${specifier}'`, `leaves src/ (resolves to ${target})`));
        continue;
      }
      const toUnit = unitOf(target.slice('src/'.length));
      if (toUnit === fromUnit) continue;
      const toLayer = LAYERS[toUnit];
      if (toLayer === undefined) {
        violations.push(format(file, line, `'${specifier}'`, `target unit '${toUnit}' is in no layer`));
      } else if (toLayer === fromLayer) {
        violations.push(format(file, line, `'${specifier}'`, `sideways: ${fromUnit} (layer ${fromLayer}) → ${toUnit} (layer ${toLayer})`));
      } else if (toLayer > fromLayer) {
        violations.push(format(file, line, `'${specifier}'`, `upward: ${fromUnit} (layer ${fromLayer}) → ${toUnit} (layer ${toLayer})`));
      }
    }
  }
  return violations;
}

const sources = loadSources();

describe('scanner (self-check)', () => {
  it('finds static, type, re-export, side-effect and dynamic specifiers, even across lines', () => {
    const usage = analyze(
      [
        "import { a } from './a.js';",
        'import type {',
        '  B,',
        "} from '../b/b.js';",
        "export * from './c.js';",
        "export { d as e } from 'd-pkg';",
        "import './side.js';",
        "type T = typeof import('../t.js');",
        'const m = await import(`./m.js`);',
        'const n = await import(`./${m}.js`);',
      ].join('\n'),
    );

    expect(usage.specifiers).toEqual([
      { line: 1, specifier: './a.js', kind: 'static', literal: true },
      { line: 4, specifier: '../b/b.js', kind: 'static', literal: true },
      { line: 5, specifier: './c.js', kind: 'static', literal: true },
      { line: 6, specifier: 'd-pkg', kind: 'static', literal: true },
      { line: 7, specifier: './side.js', kind: 'static', literal: true },
      { line: 8, specifier: '../t.js', kind: 'dynamic', literal: true },
      { line: 9, specifier: './m.js', kind: 'dynamic', literal: true },
      { line: 10, specifier: './${m}.js', kind: 'dynamic', literal: false },
    ]);
  });

  it('ignores comments, strings, templates and regexes, but not code inside template expressions', () => {
    const usage = analyze(
      [
        "// import x from '../up.js'; fetch(url); process.env.A",
        "/* import y from '../up.js';",
        '   fetch(url) */',
        'const s = \'fetch(url) process.env.B import z from "../up.js"\';',
        'const r = /fetch\\(["\']/u;',
        'const t = `fetch(${process.env.C}) ${`${fetch(u)}`}`;',
        'const { env } = process; const q = process["env"];',
      ].join('\n'),
    );

    expect(usage.specifiers).toEqual([]);
    expect(usage.envReads.map((read) => [read.line, read.match])).toEqual([
      [6, 'process.env'],
      [7, '{ env } = process'],
      [7, 'process["env"]'],
    ]);
    expect(usage.fetchCalls).toEqual([{ line: 6, match: 'fetch(' }]);
  });

  it('finds the names a file imports, and reads of the wall clock', () => {
    const usage = analyze(
      [
        "import { planReference, type Proposal as P } from '../plan/index.js';",
        'const a = Date.now();',
        'const b = new Date();',
        'const c = new Date(0);',
      ].join('\n'),
    );

    expect(usage.names).toEqual([
      { line: 1, specifier: '../plan/index.js', name: 'planReference' },
      { line: 1, specifier: '../plan/index.js', name: 'Proposal' },
    ]);
    expect(usage.clockReads).toEqual([
      { line: 2, match: 'Date.now()' },
      { line: 3, match: 'new Date()' },
    ]);
  });

  it('reads every source file under src/ and finds imports in them', () => {
    expect(sources.length).toBeGreaterThan(20);
    expect(sources.some((file) => file.path === 'src/cli.ts')).toBe(true);
    expect(sources.flatMap((file) => file.specifiers).filter((entry) => isRelative(entry.specifier)).length).toBeGreaterThan(50);
  });
});

describe('architecture (STYLE.md "One direction")', () => {
  it('imports only from the same folder or a lower layer (never sideways, never up)', () => {
    expect(layerViolations(sources), 'file:line specifier — why').toEqual([]);
  });

  it('keeps dockerfile-ast, jsonc-parser, minimatch, probot/@octokit, node-cron/bullmq/ioredis, prom-client and the registry client libraries in the file or folder that owns them', () => {
    const violations: string[] = [];
    for (const file of sources) {
      for (const { line, specifier } of file.specifiers) {
        for (const rule of PACKAGE_RULES) {
          if (rule.packages.some((name) => isPackage(specifier, name)) && !isUnder(file.path, rule.allowed)) {
            violations.push(format(file, line, `'${specifier}'`, `only allowed in ${rule.allowed.join(', ')}`));
          }
        }
      }
    }

    expect(violations, 'file:line specifier — why').toEqual([]);
  });

  it('calls fetch only in src/registry/', () => {
    const violations = sources
      .filter((file) => !isUnder(file.path, FETCH_ALLOWED))
      .flatMap((file) =>
        file.fetchCalls.map(({ line, match }) => format(file, line, `'${match}'`, `fetch only in ${FETCH_ALLOWED.join(', ')}`)),
      );

    expect(violations, 'file:line match — why').toEqual([]);
  });

  it('reads process.env only in src/config/env.ts, src/main.ts and src/cli.ts', () => {
    const violations: string[] = [];
    for (const file of sources.filter((source) => !isUnder(source.path, ENV_ALLOWED))) {
      for (const { line, match } of file.envReads) {
        violations.push(format(file, line, `'${match}'`, `process.env only in ${ENV_ALLOWED.join(', ')}`));
      }
      for (const { line, specifier } of file.specifiers) {
        if (specifier === 'process' || specifier === 'node:process') {
          violations.push(format(file, line, `'${specifier}'`, `process is global; env only in ${ENV_ALLOWED.join(', ')}`));
        }
      }
    }

    expect(violations, 'file:line match — why').toEqual([]);
  });

  it('writes relative specifiers with a .js extension (.json for JSON modules)', () => {
    const violations = sources.flatMap((file) =>
      file.specifiers
        .filter(({ specifier, literal }) => literal && isRelative(specifier) && !/\.js(?:on)?$/.test(specifier))
        .map(({ line, specifier }) => format(file, line, `'${specifier}'`, 'relative specifiers end in .js, or .json (NodeNext ESM)')),
    );

    expect(violations, 'file:line specifier — why').toEqual([]);
  });
});
