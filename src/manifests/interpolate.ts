/**
 * Expressions inside image values: Compose's `${VAR:-default}` resolves to its default (each
 * character still mapped to the file); everything only known later (`${{ matrix.image }}`,
 * `{{ .Values.x }}`, `${TAG}`, `${localEnv:X}`) is unresolvable, with the expression named.
 */
import { concatMapped, sliceMapped, type MappedText } from '../refs/index.js';

/** Which expressions a file kind has. */
export type InterpolationRule = 'template' | 'github' | 'compose' | 'devcontainer';

/** A value with its expressions resolved, or why it cannot be. */
export type Interpolated = { ok: true; value: MappedText } | { ok: false; reason: string };

const GITHUB_EXPRESSION = /\$\{\{[\s\S]*?\}\}/;
const GO_TEMPLATE = /\{\{[\s\S]*?\}\}/;
const SHELL_VARIABLE = /\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*/;
const DEVCONTAINER_VARIABLE = /\$\{[^}]*\}/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const MAX_NESTING = 8;

/** Resolves what can be resolved in `value` under `rule`. Never throws. */
export function interpolate(value: MappedText, rule: InterpolationRule): Interpolated {
  switch (rule) {
    case 'github':
      return unknown(value, GITHUB_EXPRESSION, 'a GitHub Actions expression: the image is only known when the workflow runs');
    case 'devcontainer':
      return unknown(value, DEVCONTAINER_VARIABLE, 'a dev container variable: the image is only known when the container is created');
    case 'template': {
      const template = unknown(value, GO_TEMPLATE, 'a template expression: the image is only known once the chart or manifest is rendered');
      return template.ok ? unknown(value, SHELL_VARIABLE, 'a variable substituted at deploy time (envsubst, Flux, kustomize)') : template;
    }
    case 'compose':
      return expandCompose(value, 0);
  }
}

function unknown(value: MappedText, pattern: RegExp, why: string): Interpolated {
  const match = pattern.exec(value.text);
  return match === null ? { ok: true, value } : { ok: false, reason: `${match[0]} is ${why}` };
}

/**
 * Compose interpolation with every variable unset: `${VAR:-d}` and `${VAR-d}` give `d`,
 * `${VAR:+r}` gives nothing, `$$` is a `$`; `$VAR`, `${VAR}` and `${VAR:?err}` cannot be known.
 */
function expandCompose(input: MappedText, depth: number): Interpolated {
  if (depth > MAX_NESTING) return { ok: false, reason: 'interpolations nest too deeply' };
  const text = input.text;
  const parts: MappedText[] = [];
  let literalStart = 0;
  let i = 0;
  while (i < text.length) {
    if (text.charAt(i) !== '$') {
      i++;
      continue;
    }
    const next = text.charAt(i + 1);
    if (next === '$') {
      parts.push(sliceMapped(input, literalStart, i + 1));
      i += 2;
      literalStart = i;
      continue;
    }
    if (next !== '{') {
      const name = NAME.exec(text.slice(i + 1));
      if (name !== null) return unset(`$${name[0]}`, name[0]);
      i++;
      continue;
    }
    const close = closingBrace(text, i + 2);
    if (close < 0) return { ok: false, reason: `${text.slice(i)} is an unterminated interpolation` };
    const expanded = expandBraced(input, i, close, depth);
    if (!expanded.ok) return expanded;
    parts.push(sliceMapped(input, literalStart, i), expanded.value);
    i = close + 1;
    literalStart = i;
  }
  parts.push(sliceMapped(input, literalStart));
  return { ok: true, value: concatMapped(parts) };
}

/** Expands `${...}` from `start` (the `$`) to `close` (the `}`). */
function expandBraced(input: MappedText, start: number, close: number, depth: number): Interpolated {
  const expression = input.text.slice(start, close + 1);
  const body = input.text.slice(start + 2, close);
  const name = NAME.exec(body)?.[0];
  if (name === undefined) return { ok: false, reason: `${expression} is not a valid interpolation` };
  const rest = body.slice(name.length);
  if (rest === '') return unset(expression, name);
  const operator = [':-', ':?', ':+', '-', '?', '+'].find((op) => rest.startsWith(op));
  if (operator === undefined) return { ok: false, reason: `${expression} uses an interpolation freshbase does not evaluate` };
  if (operator.endsWith('?'))
    return { ok: false, reason: `${expression} requires ${name} to be set when Compose runs; there is no default` };
  if (operator.endsWith('+')) return { ok: true, value: { text: '', offsets: [] } };
  const wordStart = start + 2 + name.length + operator.length;
  return expandCompose(sliceMapped(input, wordStart, close), depth + 1);
}

function unset(expression: string, name: string): Interpolated {
  return {
    ok: false,
    reason: `${expression} has no default: ${name} is only known from the environment or .env file when Compose runs`,
  };
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text.charAt(i) === '{') depth++;
    if (text.charAt(i) === '}' && --depth === 0) return i;
  }
  return -1;
}
