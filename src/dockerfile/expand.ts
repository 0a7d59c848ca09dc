/**
 * Build-argument expansion with position tracking: `python:${PY}-slim` with `PY=3.11`
 * becomes `python:3.11-slim`, each character still knowing where it stands in the file.
 * Supports `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}`, `${NAME+word}`.
 */
import { concatMapped, sliceMapped, unmapped, type MappedText } from '../refs/index.js';

/** What a build argument holds where it is used. */
export interface ArgBinding {
  /** The default value, or null when the ARG is declared without one. */
  value: MappedText | null;
  /** 1-based line of the ARG instruction. */
  line: number;
}

/** Build arguments in scope, by name. */
export type ArgScope = ReadonlyMap<string, ArgBinding>;

/** The result of an expansion: the text, or why it cannot be known. */
export type Expansion = { ok: true; value: MappedText } | { ok: false; reason: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const MAX_DEPTH = 8;

/** Expands every variable in `input` from `scope`. Never throws. */
export function expandArgs(input: MappedText, scope: ArgScope, escape: string, depth = 0): Expansion {
  if (depth > MAX_DEPTH) return { ok: false, reason: 'build arguments nest too deeply' };
  const parts: MappedText[] = [];
  let literalStart = 0;
  let i = 0;
  const text = input.text;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === escape && text.charAt(i + 1) === '$') {
      parts.push(sliceMapped(input, literalStart, i), sliceMapped(input, i + 1, i + 2));
      i += 2;
      literalStart = i;
      continue;
    }
    if (c !== '$') {
      i++;
      continue;
    }
    const variable = readVariable(input, i);
    if (variable === null) {
      i++;
      continue;
    }
    parts.push(sliceMapped(input, literalStart, i));
    const value = substitute(variable, scope, escape, depth);
    if (!value.ok) return value;
    parts.push(value.value);
    i = variable.end;
    literalStart = i;
  }
  parts.push(sliceMapped(input, literalStart));
  return { ok: true, value: concatMapped(parts) };
}

interface VariableUse {
  name: string;
  operator: ':-' | '-' | ':+' | '+' | null;
  word: MappedText | null;
  end: number;
}

/** Reads `$NAME` or `${...}` at `start` (which holds `$`). */
function readVariable(input: MappedText, start: number): VariableUse | null {
  const text = input.text;
  if (text.charAt(start + 1) !== '{') {
    const match = NAME.exec(text.slice(start + 1));
    return match === null ? null : { name: match[0], operator: null, word: null, end: start + 1 + match[0].length };
  }
  const close = findClosingBrace(text, start + 2);
  if (close < 0) return null;
  const body = text.slice(start + 2, close);
  const match = NAME.exec(body);
  if (match === null) return null;
  const name = match[0];
  const rest = body.slice(name.length);
  if (rest === '') return { name, operator: null, word: null, end: close + 1 };
  const operator = (['-', '+', ':-', ':+'] as const).find((op) => rest.startsWith(op) && (op.length === 2 || !rest.startsWith(':')));
  if (operator === undefined) return { name, operator: null, word: unmapped(`unsupported:${rest}`), end: close + 1 };
  const wordStart = start + 2 + name.length + operator.length;
  return { name, operator, word: sliceMapped(input, wordStart, close), end: close + 1 };
}

function findClosingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text.charAt(i) === '{') depth++;
    if (text.charAt(i) === '}' && --depth === 0) return i;
  }
  return -1;
}

function substitute(use: VariableUse, scope: ArgScope, escape: string, depth: number): Expansion {
  const binding = scope.get(use.name);
  if (use.operator === null && use.word !== null) {
    return {
      ok: false,
      reason: `\${${use.name}${use.word.text.slice('unsupported:'.length)}} uses an expansion freshbase does not evaluate`,
    };
  }
  const isSet = binding?.value !== null && binding !== undefined;
  const isNonEmpty = isSet && binding.value !== null && binding.value.text !== '';
  const expandWord = (): Expansion => expandArgs(use.word ?? unmapped(''), scope, escape, depth + 1);
  switch (use.operator) {
    case ':-':
      return isNonEmpty && binding.value !== null ? { ok: true, value: binding.value } : expandWord();
    case '-':
      return isSet && binding.value !== null ? { ok: true, value: binding.value } : expandWord();
    case ':+':
      return isNonEmpty ? expandWord() : { ok: true, value: unmapped('') };
    case '+':
      return isSet ? expandWord() : { ok: true, value: unmapped('') };
    case null:
      if (binding === undefined) return { ok: false, reason: `build argument ${use.name} is not declared by an ARG before the first FROM` };
      if (binding.value === null) {
        return {
          ok: false,
          reason: `ARG ${use.name} (line ${binding.line}) has no default value; it is only known at build time (--build-arg)`,
        };
      }
      return { ok: true, value: binding.value };
  }
}
