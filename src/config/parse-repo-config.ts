/**
 * Parses and validates `.github/freshbase.yml` text (the app and the CLI alike).
 * Failures become a `ConfigError` naming the file, the line and the key.
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { ConfigError, describeError } from '../util/errors.js';
import { RepoConfig } from './schema.js';

/** Largest config read. @default 64 KiB */
export const MAX_CONFIG_LENGTH = 64 * 1024;

/** Parses YAML text into a validated `RepoConfig`. Throws `ConfigError`. */
export function parseRepoConfig(text: string, file = '.github/freshbase.yml'): RepoConfig {
  if (text.length > MAX_CONFIG_LENGTH)
    throw new ConfigError({ file, path: '', reason: `file is larger than ${MAX_CONFIG_LENGTH} characters` });
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const yamlError = document.errors[0];
  if (yamlError !== undefined) {
    const line = lineCounter.linePos(yamlError.pos[0]).line;
    throw new ConfigError({ file, line, path: '', reason: yamlError.message.split('\n')[0] ?? 'invalid YAML' });
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 50 }) ?? {};
  } catch (error: unknown) {
    // yaml throws a ReferenceError for an alias without anchor and for too many aliases.
    throw new ConfigError({ file, path: '', reason: describeError(error), cause: error });
  }
  return validateRepoConfig(value, file, (path) => lineOfPath(document.contents, path, lineCounter));
}

/**
 * Validates an already-parsed config object (Probot's `context.config` gives one).
 * `lineOf` maps a key path to its line when the text is known.
 */
export function validateRepoConfig(
  value: unknown,
  file: string,
  lineOf: (path: readonly PropertyKey[]) => number | undefined = () => undefined,
): RepoConfig {
  const result = RepoConfig.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  const keys = issue?.code === 'unrecognized_keys' ? issue.keys : [];
  const fullPath = keys.length > 0 ? [...path, keys[0] ?? ''] : path;
  const line = lineOf(fullPath);
  const reason = issue?.code === 'unrecognized_keys' ? `unknown key "${keys.join('", "')}"` : (issue?.message ?? 'invalid');
  return throwConfigError({ file, path: formatPath(fullPath), reason, ...(line === undefined ? {} : { line }) });
}

function throwConfigError(fields: ConstructorParameters<typeof ConfigError>[0]): never {
  throw new ConfigError(fields);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('');
}

/** The line of the YAML node at `path` (the closest existing ancestor). */
function lineOfPath(root: unknown, path: readonly PropertyKey[], counter: LineCounter): number | undefined {
  let node = root as Node | null | undefined;
  let line = rangeLine(node, counter);
  for (const key of path) {
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      next = pair?.value ?? pair?.key;
      const keyLine = rangeLine(pair?.key as Node | undefined, counter);
      if (keyLine !== undefined) line = keyLine;
    } else if (isSeq(node) && typeof key === 'number') {
      next = node.items[key];
    }
    if (next === undefined || next === null) break;
    node = next as Node;
    line = rangeLine(node, counter) ?? line;
  }
  return line;
}

function rangeLine(node: Node | null | undefined, counter: LineCounter): number | undefined {
  const start = node?.range?.[0];
  return start === undefined ? undefined : counter.linePos(start).line;
}
