/**
 * Dockerfile paths as workflows write them, turned into repository-relative paths:
 * `./docker/Dockerfile` → `docker/Dockerfile`, `${{ github.workspace }}/Dockerfile` → `Dockerfile`.
 * A path that depends on something only known at run time becomes `*` (any Dockerfile).
 */
import { ANY_DOCKERFILE } from './types.js';

/** Literal values of `${{ env.X }}` / `$X` and `${{ inputs.X }}` known from the workflow text. */
export interface PathVariables {
  env: ReadonlyMap<string, string>;
  inputs: ReadonlyMap<string, string>;
}

/** No known variables. */
export const NO_VARIABLES: PathVariables = { env: new Map(), inputs: new Map() };

const WORKSPACE =
  /^(?:\$\{\{\s*github\.workspace\s*\}\}|\$\{\{\s*env\.GITHUB_WORKSPACE\s*\}\}|\$GITHUB_WORKSPACE\b|\$\{GITHUB_WORKSPACE\}|\$PWD\b|\$\{PWD\}|\$\(pwd\))/i;
const EXPRESSION = /\$\{\{\s*(env|inputs|github\.event\.inputs)\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}/g;
const SHELL_VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;
const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i;

/** Replaces `${{ env.X }}`, `${{ inputs.X }}` (or `github.event.inputs.X`), `$X` and `${X}` whose values are literal. */
export function substituteVariables(text: string, variables: PathVariables): string {
  const withExpressions = text.replace(EXPRESSION, (whole, scope: string, name: string) => {
    const value = (scope === 'env' ? variables.env : variables.inputs).get(name);
    return value ?? whole;
  });
  return withExpressions.replace(SHELL_VARIABLE, (whole, braced: string | undefined, bare: string | undefined) => {
    return variables.env.get(braced ?? bare ?? '') ?? whole;
  });
}

/**
 * Joins `path` to the repository-relative directory `base` and normalizes it.
 * Returns `*` when the path holds an expression or variable, is absolute, or leaves the repository.
 */
export function resolveRepoPath(path: string, base: string, variables: PathVariables = NO_VARIABLES): string {
  let text = substituteVariables(path.trim(), variables);
  if (WORKSPACE.test(text)) text = `.${text.replace(WORKSPACE, '')}`;
  else if (text.startsWith('/') || text.startsWith('~')) return ANY_DOCKERFILE;
  if (text === '' || /\$|`|\*|\?|\[/.test(text)) return ANY_DOCKERFILE;
  const baseText = substituteVariables(base.trim(), variables);
  if (/\$|`/.test(baseText) || baseText.startsWith('/')) return ANY_DOCKERFILE;
  const parts: string[] = [];
  for (const part of `${baseText}/${text}`.split(/[/\\]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return ANY_DOCKERFILE;
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return parts.join('/');
}

/** The Dockerfile a build of `context` uses by default: `<context>/Dockerfile`; `*` for a remote context. */
export function contextDockerfile(context: string, base: string, variables: PathVariables = NO_VARIABLES): string {
  if (REMOTE.test(context.trim())) return ANY_DOCKERFILE;
  const directory = resolveRepoPath(context, base, variables);
  if (directory === ANY_DOCKERFILE) return ANY_DOCKERFILE;
  return directory === '' ? 'Dockerfile' : `${directory}/Dockerfile`;
}

/** Whether a context is outside the repository (a Git URL or another remote). */
export function isRemoteContext(context: string): boolean {
  return REMOTE.test(context.trim());
}
