/**
 * Enforces STYLE.md "One direction": every file under src/ imports only from its own folder or a
 * lower layer, third-party adapters stay in the one folder that owns them, and relative
 * specifiers are written the way NodeNext resolves them (`.js`).
 *
 * The scanner is a small lexer, not a TypeScript parse: it blanks comments (and, for the
 * "no fetch / no process.env" rules, string and template text) so that examples in JSDoc or in
 * error messages never count, then finds specifiers with regular expressions.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
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

interface Views {
  /** Source with comments blanked (strings kept), same length and line breaks. */
  code: string;
  /** Source with comments and string, template and regex text blanked; delimiters kept. */
  bare: string;
}

type Kind = 'static' | 'dynamic';

interface Specifier {
  line: number;
  specifier: string;
  kind: Kind;
  /** False for `import(\`...${x}\`)`: the target cannot be checked. */
  literal: boolean;
}

interface SourceFile {
  /** Posix path from the project root, e.g. `src/plan/group.ts`. */
  path: string;
  views: Views;
  specifiers: Specifier[];
}

const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof']);
const REGEX_AFTER_PUNCTUATOR = '(,=:[!&|?{};+-*%<>~^';

function isWordChar(char: string): boolean {
  return /[\w$]/.test(char);
}

/** Blanks comments (and, in `bare`, literal text) while keeping every offset and line break. */
function scanSource(text: string): Views {
  const code: string[] = [];
  const bare: string[] = [];
  /** Brace depth per open `${`: when it returns to zero, the template resumes. */
  const templateDepths: number[] = [];
  let lastSignificant = '';
  let lastWord = '';
  let index = 0;

  const keep = (char: string): void => {
    code.push(char);
    bare.push(char);
  };
  const blank = (char: string): string => (char === '\n' || char === '\r' ? char : ' ');
  const comment = (char: string): void => {
    code.push(blank(char));
    bare.push(blank(char));
  };
  const literal = (char: string): void => {
    code.push(char);
    bare.push(blank(char));
  };

  const readTemplate = (): void => {
    // At the character after "`" or after the "}" that closes a `${`.
    while (index < text.length) {
      const char = text.charAt(index);
      if (char === '\\') {
        literal(char);
        literal(text.charAt(index + 1));
        index += 2;
        continue;
      }
      if (char === '`') {
        keep(char);
        index += 1;
        lastSignificant = '`';
        lastWord = '';
        return;
      }
      if (char === '$' && text.charAt(index + 1) === '{') {
        keep('$');
        keep('{');
        index += 2;
        templateDepths.push(0);
        lastSignificant = '{';
        lastWord = '';
        return;
      }
      literal(char);
      index += 1;
    }
  };

  while (index < text.length) {
    const char = text.charAt(index);
    const next = text.charAt(index + 1);

    if (char === '/' && next === '/') {
      while (index < text.length && text.charAt(index) !== '\n') {
        comment(text.charAt(index));
        index += 1;
      }
      continue;
    }
    if (char === '/' && next === '*') {
      const end = text.indexOf('*/', index + 2);
      const stop = end === -1 ? text.length : end + 2;
      while (index < stop) {
        comment(text.charAt(index));
        index += 1;
      }
      continue;
    }
    if (char === "'" || char === '"') {
      keep(char);
      index += 1;
      while (index < text.length) {
        const inner = text.charAt(index);
        if (inner === '\\') {
          literal(inner);
          literal(text.charAt(index + 1));
          index += 2;
          continue;
        }
        if (inner === char || inner === '\n') {
          keep(inner);
          index += 1;
          break;
        }
        literal(inner);
        index += 1;
      }
      lastSignificant = char;
      lastWord = '';
      continue;
    }
    if (char === '`') {
      keep(char);
      index += 1;
      readTemplate();
      continue;
    }
    if (char === '/' && (lastSignificant === '' || REGEX_AFTER_PUNCTUATOR.includes(lastSignificant) || REGEX_AFTER_WORD.has(lastWord))) {
      keep(char);
      index += 1;
      let inClass = false;
      while (index < text.length) {
        const inner = text.charAt(index);
        if (inner === '\\') {
          literal(inner);
          literal(text.charAt(index + 1));
          index += 2;
          continue;
        }
        if (inner === '\n') break;
        if (inner === '[') inClass = true;
        if (inner === ']') inClass = false;
        if (inner === '/' && !inClass) {
          keep(inner);
          index += 1;
          break;
        }
        literal(inner);
        index += 1;
      }
      lastSignificant = '/';
      lastWord = '';
      continue;
    }
    if (templateDepths.length > 0) {
      const top = templateDepths.length - 1;
      const depth = templateDepths[top] ?? 0;
      if (char === '{') templateDepths[top] = depth + 1;
      if (char === '}') {
        if (depth === 0) {
          templateDepths.pop();
          keep(char);
          index += 1;
          readTemplate();
          continue;
        }
        templateDepths[top] = depth - 1;
      }
    }

    keep(char);
    index += 1;
    if (/\s/.test(char)) continue;
    if (isWordChar(char)) {
      lastWord = isWordChar(lastSignificant) ? lastWord + char : char;
    } else {
      lastWord = '';
    }
    lastSignificant = char;
  }

  return { code: code.join(''), bare: bare.join('') };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index += 1) {
    if (text.charCodeAt(index) === 10) line += 1;
  }
  return line;
}

/** `import ... from '…'`, `import type ... from '…'`, `export ... from '…'` (clause may span lines). */
const FROM_CLAUSE = /(?<![\w$.])(?:import|export)(?=[\s{*])[^;'"`]*?(?<![\w$.])from\s*(['"])/g;
/** `import '…'` (side effect only). */
const BARE_IMPORT = /(?<![\w$.])import\s*(['"])/g;
/** `import('…')`, also in type positions (`typeof import('…')`). */
const DYNAMIC_IMPORT = /(?<![\w$.])import\s*\(\s*(['"`])/g;

function findSpecifiers(views: Views): Specifier[] {
  const found: Specifier[] = [];
  const collect = (pattern: RegExp, kind: Kind): void => {
    for (const match of views.bare.matchAll(pattern)) {
      const quote = match[1] ?? '';
      const start = match.index + match[0].length;
      const end = views.code.indexOf(quote, start);
      const specifier = views.code.slice(start, end === -1 ? undefined : end);
      found.push({ line: lineOf(views.code, start), specifier, kind, literal: quote !== '`' || !specifier.includes('${') });
    }
  };
  collect(FROM_CLAUSE, 'static');
  collect(BARE_IMPORT, 'static');
  collect(DYNAMIC_IMPORT, 'dynamic');
  return found.sort((a, b) => a.line - b.line);
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
  return listTypeScript('src').map((path) => {
    const text = readFileSync(posix.join(ROOT, path), 'utf8');
    const views = scanSource(text);
    return { path, views, specifiers: findSpecifiers(views) };
  });
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
  { packages: ['node-cron', 'bullmq', 'ioredis'], allowed: ['src/jobs/'] },
];

const FETCH_ALLOWED = ['src/registry/'];
const FETCH_CALL = /\bfetch\s*\(|\bglobalThis\s*(?:\?\.|\.)\s*fetch\b/g;

const ENV_ALLOWED = ['src/config/env.ts', 'src/main.ts', 'src/cli.ts'];
/** On `bare`: `process.env`, `process?.env`, `{ env } = process`, `process[...]`. */
const ENV_READ_BARE = /\bprocess\s*(?:\?\.|\.)\s*env\b|\{[^{}]*\benv\b[^{}]*\}\s*=\s*(?:globalThis\s*\.\s*)?process\b|\bprocess\s*(?:\?\.)?\s*\[/g;

function matchesIn(text: string, pattern: RegExp): { line: number; match: string }[] {
  return [...text.matchAll(pattern)].map((match) => ({ line: lineOf(text, match.index), match: match[0].replace(/\s+/g, ' ') }));
}

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
    const views = scanSource(
      [
        "import { a } from './a.js';",
        'import type {',
        '  B,',
        "} from '../b/b.js';",
        "export * from './c.js';",
        "export { d as e } from 'd-pkg';",
        "import './side.js';",
        "type T = typeof import('../t.js');",
        "const m = await import(`./m.js`);",
        'const n = await import(`./${m}.js`);',
      ].join('\n'),
    );

    expect(findSpecifiers(views)).toEqual([
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

  it('ignores comments, strings, templates and regexes, but not template expressions', () => {
    const views = scanSource(
      [
        "// import x from '../up.js'; fetch(url); process.env.A",
        "/* import y from '../up.js';",
        '   fetch(url) */',
        "const s = 'fetch(url) process.env.B import z from \"../up.js\"';",
        'const r = /fetch\\(["\']/u;',
        'const t = `fetch(${process.env.C}) ${`${fetch(u)}`}`;',
        'const o = { a: { b: 1 } }; const q = x / 2 / 3;',
      ].join('\n'),
    );
    const file: SourceFile = { path: 'src/x.ts', views, specifiers: findSpecifiers(views) };

    expect(file.specifiers).toEqual([]);
    expect(matchesIn(views.bare, ENV_READ_BARE)).toEqual([{ line: 6, match: 'process.env' }]);
    expect(matchesIn(views.bare, FETCH_CALL)).toEqual([{ line: 6, match: 'fetch(' }]);
    expect(views.code.split('\n')[6]).toBe('const o = { a: { b: 1 } }; const q = x / 2 / 3;');
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
      .flatMap((file) => matchesIn(file.views.bare, FETCH_CALL).map(({ line, match }) => format(file, line, `'${match}'`, `fetch only in ${FETCH_ALLOWED.join(', ')}`)));

    expect(violations, 'file:line match — why').toEqual([]);
  });

  it('reads process.env only in src/config/env.ts, src/main.ts and src/cli.ts', () => {
    const violations: string[] = [];
    for (const file of sources.filter((source) => !isUnder(source.path, ENV_ALLOWED))) {
      for (const { line, match } of matchesIn(file.views.bare, ENV_READ_BARE)) {
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
