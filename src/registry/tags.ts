/**
 * Listing tags: `GET /v2/NAME/tags/list`, following `Link: <…>; rel="next"` pages to the end
 * (some registries list oldest first, so the newest tags are on the last page).
 *
 * Owns: `parseNextLink`, `walkTags`. A page cap ends the walk with `complete: false`, never
 * silently; a Link to another host or back to a visited page is refused. Tags accumulate in
 * one array and one set, so 100,000 tags over 1,000 pages cost linear time.
 * May import: registry/{auth,errors,hosts,schema,status-error,types}. Must not: cache.
 */
import type { Authenticator } from './auth.js';
import { RegistryResponseError } from './errors.js';
import type { Endpoint } from './hosts.js';
import { TagListPage } from './schema.js';
import { errorForStatus, parseJsonBody } from './status-error.js';
import type { TagList } from './types.js';

const LINK = /<([^>]*)>((?:\s*;\s*[^;,]+)*)/g;
const REL = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))/i;

/**
 * The target of the `rel="next"` link in a `Link` header (RFC 8288), as written
 * (possibly relative), or undefined. `rel` may list several relation types.
 */
export function parseNextLink(header: string | null): string | undefined {
  if (header === null) return undefined;
  for (const match of header.matchAll(LINK)) {
    const rel = REL.exec(match[2] ?? '');
    const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (relations.includes('next')) return match[1];
  }
  return undefined;
}

/** Settings of one walk. */
export interface TagWalkSettings {
  auth: Authenticator;
  /** `n` sent with the first request; undefined lets the registry choose. */
  pageSize: number | undefined;
  maxPages: number;
  maxPageBytes: number;
}

function firstPageUrl(endpoint: Endpoint, pageSize: number | undefined): URL {
  const url = new URL(`${endpoint.origin}/v2/${endpoint.repository}/tags/list`);
  if (pageSize !== undefined) url.searchParams.set('n', String(pageSize));
  return url;
}

/** Resolves and checks the next page: same origin as the endpoint, not seen before. */
function nextPageUrl(endpoint: Endpoint, current: URL, link: string, visited: ReadonlySet<string>): URL {
  const fields = { host: endpoint.registry, repository: endpoint.repository };
  if (!URL.canParse(link, current.href)) throw new RegistryResponseError({ ...fields, reason: 'tag list Link header is not a valid URL' });
  const next = new URL(link, current);
  if (next.origin !== new URL(endpoint.origin).origin) {
    throw new RegistryResponseError({ ...fields, reason: `tag list Link points to another host (${next.host}); refused` });
  }
  if (visited.has(next.href))
    throw new RegistryResponseError({ ...fields, reason: 'tag list pagination loops back to a page already read' });
  return next;
}

/** Walks every page of a repository's tag list (or up to the page cap). */
export async function walkTags(endpoint: Endpoint, settings: TagWalkSettings): Promise<TagList> {
  const tags: string[] = [];
  const seen = new Set<string>();
  const visited = new Set<string>();
  let url = firstPageUrl(endpoint, settings.pageSize);
  for (let pages = 0; ;) {
    if (pages >= settings.maxPages) return { tags, complete: false, pages };
    visited.add(url.href);
    const context = { registry: endpoint.registry, repository: endpoint.repository };
    const response = await settings.auth.send(endpoint, {
      method: 'GET',
      url: url.href,
      kind: 'tags',
      headers: { accept: 'application/json' },
      maxBytes: settings.maxPageBytes,
      context,
    });
    if (response.status !== 200) throw errorForStatus(endpoint, response, 'tag list');
    pages += 1;
    const page = parseJsonBody(endpoint, response.body, TagListPage, 'tag list');
    for (const tag of page.tags ?? []) {
      if (seen.has(tag)) continue;
      seen.add(tag);
      tags.push(tag);
    }
    const link = parseNextLink(response.headers.get('link'));
    if (link === undefined) return { tags, complete: true, pages };
    url = nextPageUrl(endpoint, url, link, visited);
  }
}
