/**
 * Enforces STYLE.md "One direction": every file under src/ imports only from its own folder or a
 * lower layer, third-party adapters stay in the one folder that owns them, and relative
 * specifiers are written the way NodeNext resolves them (`.js`).
 *
 * Files are read with TypeScript's own parser, so imports, `fetch(` calls and `process.env`
 * reads are found as syntax: examples in comments, strings and templates never count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Layer of each unit: a folder of src/, or a file directly in src/ (by name, without extension). */
const LAYERS: Readonly<Record<string, number>> = {
  oci: 0,
  util: 0,
  dockerfile: 1,
  versioning: 1,
  registry: 2,
  config: 2,
  plan: 3,
  rebuild: 3,
  scan: 4,
  // src/app.ts wires github/ and jobs/ into Probot's app function; main.ts runs it.
  app: 5.5,
  github: 5,
  jobs: 5,
  local: 5,
  main: 6,
  cli: 6,
};

interface Specifier {
  line: number;
  specifier: string;
  kind: 'static' | 'dynamic';
  /** False for `import(\`...${x}\`)`: the target cannot be checked. */
  literal: boolean;
}

/** A name imported from a module: `import { planReference } from '../plan/index.js'`. */
interface ImportedName {
  line: number;
  specifier: string;
  name: string;
}

/** What one source file uses, by line. */
interface Usage {
  specifiers: Specifier[];
  names: ImportedName[];
  fetchCalls: { line: number; match: string }[];
  envReads: { line: number; match: string }[];
  /** `Date.now()` and `new Date()` without arguments: reads of the wall clock. */
  clockReads: { line: number; match: string }[];
}

interface SourceFile extends Usage {
  /** Posix path from the project root, e.g. `src/plan/group.ts`. */
  path: string;
}

function isIdentifier(node: ts.Node, name: string): boolean {
  return ts.isIdentifier(node) && node.text === name;
}

/** Walks a file's syntax tree for imports, `fetch` and `process.env`. */
function analyze(text: string): Usage {
  const file = ts.createSourceFile('file.ts', text, ts.ScriptTarget.ES2023, true);
  const usage: Usage = { specifiers: [], names: [], fetchCalls: [], envReads: [], clockReads: [] };
  const lineOf = (node: ts.Node): number => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const addSpecifier = (node: ts.Node, argument: ts.Node | undefined, kind: Specifier['kind']): void => {
    if (argument === undefined) return;
    const literal = ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument);
    usage.specifiers.push({
      line: lineOf(node),
      specifier: literal ? argument.text : argument.getText(file).replace(/^`|`$/g, ''),
      kind,
      literal,
    });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined) {
      addSpecifier(node.moduleSpecifier, node.moduleSpecifier, 'static');
      const bindings = ts.isImportDeclaration(node) ? node.importClause?.namedBindings : undefined;
      if (bindings !== undefined && ts.isNamedImports(bindings) && ts.isStringLiteral(node.moduleSpecifier)) {
        for (const element of bindings.elements) {
          usage.names.push({
            line: lineOf(element),
            specifier: node.moduleSpecifier.text,
            name: (element.propertyName ?? element.name).text,
          });
        }
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      addSpecifier(node, node.argument.literal, 'dynamic');
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      addSpecifier(node, node.arguments[0], 'dynamic');
    } else if (ts.isCallExpression(node) && isIdentifier(node.expression, 'fetch')) {
      usage.fetchCalls.push({ line: lineOf(node), match: 'fetch(' });
    } else if (ts.isPropertyAccessExpression(node) && isIdentifier(node.expression, 'globalThis') && node.name.text === 'fetch') {
      usage.fetchCalls.push({ line: lineOf(node), match: 'globalThis.fetch' });
    } else if (
      (ts.isPropertyAccessExpression(node) && isIdentifier(node.expression, 'process') && node.name.text === 'env') ||
      (ts.isElementAccessExpression(node) && isIdentifier(node.expression, 'process'))
    ) {
      usage.envReads.push({ line: lineOf(node), match: node.getText(file).replace(/\s+/g, ' ') });
    } else if (
      (ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        isIdentifier(node.expression.expression, 'Date') &&
        node.expression.name.text === 'now') ||
      (ts.isNewExpression(node) && isIdentifier(node.expression, 'Date') && (node.arguments?.length ?? 0) === 0)
    ) {
      usage.clockReads.push({ line: lineOf(node), match: node.getText(file) });
    } else if (
      ts.isVariableDeclaration(node) &&
      ts.isObjectBindingPattern(node.name) &&
      node.initializer !== undefined &&
      isIdentifier(node.initializer, 'process')
    ) {
      usage.envReads.push({ line: lineOf(node), match: node.getText(file).replace(/\s+/g, ' ') });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return usage;
}

function listTypeScript(directory: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(posix.join(ROOT, directory), { withFileTypes: true })) {
    const path = posix.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...listTypeScript(path));
    else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(path);
  }
  return files.sort();
}

function loadSources(): SourceFile[] {
  return listTypeScript('src').map((path) => ({ path, ...analyze(readFileSync(posix.join(ROOT, path), 'utf8')) }));
}

/** The unit a path under src/ belongs to: its top folder, or its own name for files in src/. */
function unitOf(pathInSrc: string): string {
  const [first = '', ...rest] = pathInSrc.split('/');
  return rest.length > 0 ? first : first.replace(/\.[cm]?[jt]sx?$|\.json$/, '');
}

function isRelative(specifier: string): boolean {
  return /^\.\.?(?:\/|$)/.test(specifier);
}

function isPackage(specifier: string, name: string): boolean {
  return name.endsWith('/') ? specifier.startsWith(name) : specifier === name || specifier.startsWith(`${name}/`);
}

function isUnder(path: string, allowed: readonly string[]): boolean {
  return allowed.some((place) => (place.endsWith('/') ? path.startsWith(place) : path === place));
}

function format(file: SourceFile, line: number, what: string, why: string): string {
  return `${file.path}:${line} ${what} — ${why}`;
}

interface PackageRule {
  packages: readonly string[];
  allowed: readonly string[];
}

const PACKAGE_RULES: readonly PackageRule[] = [
  { packages: ['dockerfile-ast'], allowed: ['src/dockerfile/'] },
  { packages: ['probot', '@octokit/'], allowed: ['src/github/', 'src/app.ts', 'src/main.ts'] },
  // node-cron runs the schedules in jobs/; config/ validates `schedule.cron` with it, so a bad value shows with its line.
  { packages: ['node-cron'], allowed: ['src/jobs/', 'src/config/cron.ts'] },
  { packages: ['bullmq', 'ioredis'], allowed: ['src/jobs/'] },
];

const FETCH_ALLOWED = ['src/registry/'];
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

  it('keeps dockerfile-ast, probot/@octokit and node-cron/bullmq/ioredis in the folder that owns them', () => {
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

  it('writes relative specifiers with a .js extension', () => {
    const violations = sources.flatMap((file) =>
      file.specifiers
        .filter(({ specifier, literal }) => literal && isRelative(specifier) && !specifier.endsWith('.js'))
        .map(({ line, specifier }) => format(file, line, `'${specifier}'`, 'relative specifiers end in .js (NodeNext ESM)')),
    );

    expect(violations, 'file:line specifier — why').toEqual([]);
  });
});

/**
 * The pipeline, in order: trigger → read files → extract → registry facts → plan → publish.
 * The folder each stage lives in; `scan/` runs the stages up to the plan, for the CLI and the app.
 */
const PIPELINE: readonly { stage: string; folders: readonly string[] }[] = [
  { stage: 'extract', folders: ['dockerfile'] },
  { stage: 'registry facts', folders: ['registry'] },
  { stage: 'plan', folders: ['plan', 'rebuild'] },
  { stage: 'scan (read files → plan)', folders: ['scan'] },
  { stage: 'publish', folders: ['github', 'local'] },
  { stage: 'trigger', folders: ['jobs', 'app', 'cli', 'main'] },
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

    expect(units.filter((unit) => !PIPELINE.some((entry) => entry.folders.includes(unit)))).toEqual([
      'config',
      'oci',
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
