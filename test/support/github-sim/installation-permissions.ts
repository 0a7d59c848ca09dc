/**
 * Owns which GitHub App permission a route needs (`contents`, `pull_requests`, `issues`,
 * `actions`; `metadata` is always granted), so a scenario run with app.yml's permissions
 * fails like GitHub would when one is missing. Pure; imports nothing.
 */

/** Permission levels an installation can hold. */
export type PermissionLevel = 'read' | 'write' | 'admin';

const REPO = '/repos/{owner}/{repo}';

/** Route path prefix → permissions of which any one suffices (first match wins). */
const SCOPES: readonly (readonly [string, readonly string[]])[] = [
  [`${REPO}/issues/{issue_number}`, ['issues', 'pull_requests']],
  [`${REPO}/issues/comments`, ['issues', 'pull_requests']],
  [`${REPO}/issues`, ['issues']],
  [`${REPO}/labels`, ['issues', 'pull_requests']],
  [`${REPO}/pulls`, ['pull_requests']],
  [`${REPO}/actions`, ['actions']],
  [`${REPO}/git/`, ['contents']],
  [`${REPO}/contents/`, ['contents']],
];

/**
 * The permission a request lacks, or undefined when `granted` covers it. Reads need
 * `read` or better, other methods `write` or better.
 */
export function findMissingPermission(
  method: string,
  routePath: string,
  granted: Readonly<Record<string, PermissionLevel>>,
): string | undefined {
  const scope = SCOPES.find(([prefix]) => routePath === prefix || routePath.startsWith(prefix));
  if (scope === undefined) return undefined;
  const needsWrite = method !== 'GET' && method !== 'HEAD';
  const satisfied = scope[1].some((name) => {
    const level = granted[name];
    return level !== undefined && (!needsWrite || level !== 'read');
  });
  return satisfied ? undefined : `${scope[1].join(' or ')}: ${needsWrite ? 'write' : 'read'}`;
}
