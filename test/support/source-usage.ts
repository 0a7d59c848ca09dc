/**
 * Reads src/ with TypeScript's own parser for the architecture tests: imports (with the names
 * they bring in), `fetch(` calls, `process.env` reads and wall-clock reads are found as syntax,
 * so examples in comments, strings and templates never count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Specifier {
  line: number;
  specifier: string;
  kind: 'static' | 'dynamic';
  /** False for `import(\`...${x}\`)`: the target cannot be checked. */
  literal: boolean;
}

/** A name imported from a module: `import { planReference } from '../plan/index.js'`. */
export interface ImportedName {
  line: number;
  specifier: string;
  name: string;
}

/** What one source file uses, by line. */
export interface Usage {
  specifiers: Specifier[];
  names: ImportedName[];
  fetchCalls: { line: number; match: string }[];
  envReads: { line: number; match: string }[];
  /** `Date.now()` and `new Date()` without arguments: reads of the wall clock. */
  clockReads: { line: number; match: string }[];
}

export interface SourceFile extends Usage {
  /** Posix path from the project root, e.g. `src/plan/group.ts`. */
  path: string;
}

function isIdentifier(node: ts.Node, name: string): boolean {
  return ts.isIdentifier(node) && node.text === name;
}

/** Walks a file's syntax tree for imports, `fetch` and `process.env`. */
export function analyze(text: string): Usage {
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

export function loadSources(): SourceFile[] {
  return listTypeScript('src').map((path) => ({ path, ...analyze(readFileSync(posix.join(ROOT, path), 'utf8')) }));
}

/** The unit a path under src/ belongs to: its top folder, or its own name for files in src/. */
export function unitOf(pathInSrc: string): string {
  const [first = '', ...rest] = pathInSrc.split('/');
  return rest.length > 0 ? first : first.replace(/\.[cm]?[jt]sx?$|\.json$/, '');
}

export function isRelative(specifier: string): boolean {
  return /^\.\.?(?:\/|$)/.test(specifier);
}

export function isPackage(specifier: string, name: string): boolean {
  return name.endsWith('/') ? specifier.startsWith(name) : specifier === name || specifier.startsWith(`${name}/`);
}

export function isUnder(path: string, allowed: readonly string[]): boolean {
  return allowed.some((place) => (place.endsWith('/') ? path.startsWith(place) : path === place));
}

export function format(file: SourceFile, line: number, what: string, why: string): string {
  return `${file.path}:${line} ${what} — ${why}`;
}
