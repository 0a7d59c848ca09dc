/**
 * Build-argument expansion with position tracking: `python:${PY}-slim` with `PY=3.11`
 * becomes `python:3.11-slim`, each character still knowing where it stands in the file.
 * Supports `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}`, `${NAME+word}`.
 *
 * Bounded: a value longer than `MAX_EXPANDED_LENGTH` is not built (each ARG may double the
 * previous one), and one file spends at most `MAX_EXPANSION_WORK` characters on expansion.
 * Every step is linear in the text it reads.
 */
import { concatMapped, sliceMapped, unmapped, type MappedText } from '../refs/index.js';

/** Longest value an expansion builds; a longer one makes the reference unresolvable. @default 4 KiB */
export const MAX_EXPANDED_LENGTH = 4096;
/**
 * Characters one file's expansions may read and build in all (text without `$` is free: it is
 * used as it is). About a quarter of a second of work. @default 2 MiB
 */
export const MAX_EXPANSION_WORK = 2 * 1024 * 1024;

/** What a build argument holds where it is used. */
export interface ArgBinding {
  /** The default value, or null when the ARG is declared without one (or it could not be expanded). */
  value: MappedText | null;
  /** 1-based line of the ARG instruction. */
  line: number;
  /** Why the default could not be expanded within the limits, when that is why `value` is null. */
  problem?: string;
}

/** Build arguments in scope, by name. */
export interface ArgScope {
  get(name: string): ArgBinding | undefined;
}

/**
 * The result of an expansion: the text, or why it cannot be known. `exceeded` when a limit
 * stopped it; `located` when the reason already names the ARG line where that happened.
 */
export type Expansion = { ok: true; value: MappedText } | { ok: false; reason: string; exceeded?: boolean; located?: boolean };

/** Expansion work left to one file. */
export interface ExpansionBudget {
  remaining: number;
}

/** What an expansion reads. */
export interface ExpansionContext {
  scope: ArgScope;
  /** The Dockerfile's escape character. */
  escape: string;
  /** Shared by every expansion of one file. */
  budget: ExpansionBudget;
}

/** A fresh budget for one file. */
export function createExpansionBudget(): ExpansionBudget {
  return { remaining: MAX_EXPANSION_WORK };
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const MAX_DEPTH = 8;

const tooLong: Expansion = {
  ok: false,
  exceeded: true,
  reason: `the value expands to more than ${MAX_EXPANDED_LENGTH} characters (freshbase's limit)`,
};
const overBudget: Expansion = {
  ok: false,
  exceeded: true,
  reason: `expanding build arguments in this file needs more than ${MAX_EXPANSION_WORK} characters of work (freshbase's limit)`,
};

/** Expands every variable in `input`. Never throws. */
export function expandArgs(input: MappedText, context: ExpansionContext): Expansion {
  return expand(input, context, 0);
}

function expand(input: MappedText, context: ExpansionContext, depth: number): Expansion {
  if (depth > MAX_DEPTH) return { ok: false, reason: 'build arguments nest too deeply' };
  const text = input.text;
  if (!text.includes('$')) return text.length > MAX_EXPANDED_LENGTH ? tooLong : { ok: true, value: input };
  context.budget.remaining -= text.length;
  if (context.budget.remaining < 0) return overBudget;
  const closing = matchBraces(text);
  const parts: MappedText[] = [];
  let length = 0;
  const push = (part: MappedText): boolean => {
    parts.push(part);
    length += part.text.length;
    context.budget.remaining -= part.text.length;
    return length <= MAX_EXPANDED_LENGTH && context.budget.remaining >= 0;
  };
  let literalStart = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === context.escape && text.charAt(i + 1) === '$') {
      if (!push(sliceMapped(input, literalStart, i)) || !push(sliceMapped(input, i + 1, i + 2))) return stopped(context);
      i += 2;
      literalStart = i;
      continue;
    }
    const variable = c === '$' ? readVariable(input, i, closing) : null;
    if (variable === null) {
      i++;
      continue;
    }
    if (!push(sliceMapped(input, literalStart, i))) return stopped(context);
    const value = substitute(variable, context, depth);
    if (!value.ok) return value;
    if (!push(value.value)) return stopped(context);
    i = variable.end;
    literalStart = i;
  }
  if (!push(sliceMapped(input, literalStart))) return stopped(context);
  return { ok: true, value: concatMapped(parts) };
}

function stopped(context: ExpansionContext): Expansion {
  return context.budget.remaining < 0 ? overBudget : tooLong;
}

/** For each `{` of `text`, the index of its matching `}` (nesting counted), or -1; one pass. */
function matchBraces(text: string): Int32Array {
  const closing = new Int32Array(text.length).fill(-1);
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) open.push(i);
    else if (c === 125) {
      const start = open.pop();
      if (start !== undefined) closing[start] = i;
    }
  }
  return closing;
}

interface VariableUse {
  name: string;
  operator: ':-' | '-' | ':+' | '+' | null;
  word: MappedText | null;
  end: number;
}

function readName(text: string, at: number, end = text.length): string | null {
  NAME.lastIndex = at;
  const match = NAME.exec(text);
  if (match === null || at + match[0].length > end) return null;
  return match[0];
}

/** Reads `$NAME` or `${...}` at `start` (which holds `$`). */
function readVariable(input: MappedText, start: number, closing: Int32Array): VariableUse | null {
  const text = input.text;
  if (text.charAt(start + 1) !== '{') {
    const name = readName(text, start + 1);
    return name === null ? null : { name, operator: null, word: null, end: start + 1 + name.length };
  }
  const close = closing[start + 1] ?? -1;
  if (close < 0) return null;
  const name = readName(text, start + 2, close);
  if (name === null) return null;
  const rest = text.slice(start + 2 + name.length, close);
  if (rest === '') return { name, operator: null, word: null, end: close + 1 };
  const operator = (['-', '+', ':-', ':+'] as const).find((op) => rest.startsWith(op) && (op.length === 2 || !rest.startsWith(':')));
  if (operator === undefined) return { name, operator: null, word: unmapped(`unsupported:${rest}`), end: close + 1 };
  const wordStart = start + 2 + name.length + operator.length;
  return { name, operator, word: sliceMapped(input, wordStart, close), end: close + 1 };
}

function substitute(use: VariableUse, context: ExpansionContext, depth: number): Expansion {
  const binding = context.scope.get(use.name);
  if (use.operator === null && use.word !== null) {
    return {
      ok: false,
      reason: `\${${use.name}${use.word.text.slice('unsupported:'.length)}} uses an expansion freshbase does not evaluate`,
    };
  }
  if (binding?.problem !== undefined) return { ok: false, exceeded: true, located: true, reason: binding.problem };
  const isSet = binding?.value !== null && binding !== undefined;
  const isNonEmpty = isSet && binding.value !== null && binding.value.text !== '';
  const expandWord = (): Expansion => expand(use.word ?? unmapped(''), context, depth + 1);
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
