/**
 * Listing tags: `GET /v2/NAME/tags/list`, following `Link: <…>; rel="next"` pages to the end
 * (some registries list oldest first, so the newest tags are on the last page).
 *
 * Owns: `parseNextLink`, `walkTags`. Pages are parsed as they stream (@streamparser/json), so a
 * huge page is never held whole; the page, tag and byte caps end the walk with `complete: false`
 * and a `truncated` reason, never silently; a Link to another host or back to a visited page is
 * refused. Tags accumulate in one array and one set, so 100,000 tags cost linear time.
 * May import: @streamparser/json, registry/{auth,errors,hosts,manifests,response-body,
 * status-error,types}. Must not: cache.
 */
import { JSONParser } from '@streamparser/json';
import type { Authenticator } from './auth.js';
import { RegistryResponseError } from './errors.js';
import type { Endpoint } from './hosts.js';
import { contextOf } from './manifests.js';
import type { BodySink } from './response-body.js';
import { errorForStatus } from './status-error.js';
import type { TagList, TagListTruncation } from './types.js';

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
  /** Most tags kept; the walk stops there with `truncated.reason` `tags`. */
  maxTags: number;
  /** Most bytes read over all pages; the walk stops there with `truncated.reason` `bytes`. */
  maxBytes: number;
  /** Credential id the walk runs with. */
  account: string;
}

/** Why a page's stream stopped early. */
type PageStop = 'tags' | 'bytes' | undefined;

/** A sink that parses `{"tags": [...]}` as it streams, keeping at most `maxTags` tags and `maxBytes` bytes. */
function createPageSink(limits: { maxTags: number; maxBytes: number }): {
  sink: () => BodySink;
  result: () => { tags: string[]; bytes: number; stop: PageStop; error: string | undefined };
} {
  let state = { tags: [] as string[], bytes: 0, stop: undefined as PageStop, error: undefined as string | undefined };
  return {
    sink() {
      state = { tags: [], bytes: 0, stop: undefined, error: undefined };
      const current = state;
      const parser = new JSONParser({ paths: ['$.tags.*'], keepStack: false });
      parser.onValue = ({ value }) => {
        if (typeof value !== 'string') current.error ??= 'tag list has an unexpected shape at tags';
        else if (current.tags.length < limits.maxTags) current.tags.push(value);
        else current.stop = 'tags';
      };
      parser.onError = () => {
        current.error ??= 'tag list is not valid JSON';
      };
      return {
        write(chunk) {
          const room = limits.maxBytes - current.bytes;
          if (chunk.byteLength > room) {
            parser.write(chunk.subarray(0, Math.max(0, room)));
            current.bytes += Math.max(0, room);
            current.stop = 'bytes';
            return false;
          }
          current.bytes += chunk.byteLength;
          parser.write(chunk);
          return current.stop === undefined && current.error === undefined;
        },
        end() {
          if (!parser.isEnded) parser.end();
        },
      };
    },
    result: () => state,
  };
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

function truncation(reason: TagListTruncation['reason'], limit: number): TagListTruncation {
  const what = {
    pages: `${limit.toLocaleString('en-US')} pages`,
    tags: `${limit.toLocaleString('en-US')} tags`,
    bytes: `${limit.toLocaleString('en-US')} bytes`,
  }[reason];
  return { reason, limit, message: `the tag list was cut at ${what} (the limit per repository); newer tags may be missing` };
}

/** Walks every page of a repository's tag list, streaming each page, up to the page, tag and byte caps. */
export async function walkTags(endpoint: Endpoint, settings: TagWalkSettings): Promise<TagList> {
  const tags: string[] = [];
  const seen = new Set<string>();
  const visited = new Set<string>();
  const fields = { host: endpoint.registry, repository: endpoint.repository };
  let bytes = 0;
  let url = firstPageUrl(endpoint, settings.pageSize);
  for (let pages = 0; ;) {
    if (pages >= settings.maxPages) return { tags, complete: false, pages, truncated: truncation('pages', settings.maxPages) };
    visited.add(url.href);
    const page = createPageSink({
      maxTags: settings.maxTags - tags.length,
      maxBytes: Math.min(settings.maxPageBytes, settings.maxBytes - bytes),
    });
    const response = await settings.auth.send(endpoint, {
      method: 'GET',
      url: url.href,
      kind: 'tags',
      headers: { accept: 'application/json' },
      maxBytes: settings.maxPageBytes,
      sink: page.sink,
      context: contextOf(endpoint),
      account: settings.account,
    });
    if (response.status !== 200) throw errorForStatus(endpoint, response, 'tag list');
    pages += 1;
    const result = page.result();
    if (result.error !== undefined) throw new RegistryResponseError({ ...fields, reason: result.error });
    bytes += result.bytes;
    for (const tag of result.tags) {
      if (seen.has(tag)) continue;
      seen.add(tag);
      tags.push(tag);
    }
    const link = parseNextLink(response.headers.get('link'));
    if (result.stop === 'tags' || (tags.length >= settings.maxTags && link !== undefined)) {
      return { tags, complete: false, pages, truncated: truncation('tags', settings.maxTags) };
    }
    if (result.stop === 'bytes') {
      const totalBound = settings.maxBytes - (bytes - result.bytes) < settings.maxPageBytes;
      return { tags, complete: false, pages, truncated: truncation('bytes', totalBound ? settings.maxBytes : settings.maxPageBytes) };
    }
    if (link === undefined) return { tags, complete: true, pages };
    url = nextPageUrl(endpoint, url, link, visited);
  }
}
