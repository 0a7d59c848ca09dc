/**
 * Docker Hub's own API (`https://hub.docker.com/v2/namespaces/{ns}/repositories/{repo}/tags`),
 * which describes tags (digest, media type, per-platform digests, push dates) without counting
 * against pull limits. Used only for Docker Hub itself, not for mirrors or other registries.
 *
 * Owns: `fetchHubTag`, `fetchHubPages`, `toHubFacts`. A tag whose description is incomplete
 * (no digest, an unknown media type, a platform image without digest) gives no facts, so the
 * caller asks the registry API instead. `next` links must stay on the API's own origin.
 * May import: registry/{auth,digest,errors,hosts,manifests,platform,schema,status-error,types}.
 * Must not: cache (the client does), send credentials (Hub's API is asked anonymously).
 */
import type { Authenticator } from './auth.js';
import { isDigest } from './digest.js';
import { RegistryResponseError } from './errors.js';
import type { Endpoint } from './hosts.js';
import { contextOf, isManifestMediaType } from './manifests.js';
import { isAttestationPlatform } from '../oci/platform.js';
import { HubFacts, HubTag, HubTagPage, MEDIA_TYPES } from './schema.js';
import { errorForStatus, parseJsonBody } from './status-error.js';

/** Settings of Hub API requests. */
export interface HubSettings {
  auth: Authenticator;
  /** Cap of one answer (a page of 100 tags, or one tag). */
  maxPageBytes: number;
}

/** `library/python` → `{ namespace: 'library', repository: 'python' }`; undefined for other shapes. */
function splitRepository(repository: string): { namespace: string; repository: string } | undefined {
  const parts = repository.split('/');
  return parts.length === 2 && parts[0] !== undefined && parts[1] !== undefined ? { namespace: parts[0], repository: parts[1] } : undefined;
}

function tagsUrl(hubApi: string, repository: string): URL | undefined {
  const parts = splitRepository(repository);
  if (parts === undefined) return undefined;
  return new URL(
    `${hubApi}/v2/namespaces/${encodeURIComponent(parts.namespace)}/repositories/${encodeURIComponent(parts.repository)}/tags`,
  );
}

/** Whether Docker Hub's API can describe this endpoint's repository. */
export function canUseHubApi(endpoint: Endpoint): endpoint is Endpoint & { hubApi: string } {
  return endpoint.hubApi !== undefined && splitRepository(endpoint.repository) !== undefined;
}

async function getJson<T>(settings: HubSettings, endpoint: Endpoint, url: URL, schema: import('zod').ZodType<T>, what: string): Promise<T> {
  // Anonymous on purpose: Hub's API does not take registry credentials, and the answer is public.
  const response = await settings.auth.send(
    { ...endpoint, origin: url.origin, authority: url.host, access: { account: 'anonymous', withheld: false } },
    {
      method: 'GET',
      url: url.href,
      kind: 'hub-api',
      headers: { accept: 'application/json' },
      maxBytes: settings.maxPageBytes,
      context: contextOf(endpoint),
    },
  );
  if (response.status !== 200) throw errorForStatus(endpoint, response, what);
  return parseJsonBody(endpoint, response.body, schema, what);
}

/** One tag's description. @throws RegistryError (404 as RegistryNotFoundError) */
export async function fetchHubTag(settings: HubSettings, endpoint: Endpoint & { hubApi: string }, tag: string): Promise<HubTag> {
  const base = tagsUrl(endpoint.hubApi, endpoint.repository);
  if (base === undefined) throw new Error(`impossible: ${endpoint.repository} is not namespace/repository`);
  return getJson(settings, endpoint, new URL(`${base.href}/${encodeURIComponent(tag)}`), HubTag, `Docker Hub tag ${tag}`);
}

/**
 * Pages of the repository's tags, most recently pushed first, `page_size=100`, at most `maxPages`;
 * a `next` link to another origin or back to a read page is refused.
 */
export async function fetchHubPages(settings: HubSettings, endpoint: Endpoint & { hubApi: string }, maxPages: number): Promise<HubTag[]> {
  const base = tagsUrl(endpoint.hubApi, endpoint.repository);
  if (base === undefined) throw new Error(`impossible: ${endpoint.repository} is not namespace/repository`);
  base.searchParams.set('page_size', '100');
  base.searchParams.set('ordering', 'last_updated');
  const results: HubTag[] = [];
  const visited = new Set<string>();
  let url: URL | undefined = base;
  for (let page = 0; page < maxPages && url !== undefined; page += 1) {
    visited.add(url.href);
    const answer: HubTagPage = await getJson(settings, endpoint, url, HubTagPage, 'Docker Hub tag page');
    results.push(...answer.results);
    url = answer.next === undefined || answer.next === null ? undefined : nextHubPage(endpoint, url, answer.next, visited);
  }
  return results;
}

function nextHubPage(endpoint: Endpoint & { hubApi: string }, current: URL, next: string, visited: ReadonlySet<string>): URL {
  const fields = { host: endpoint.registry, repository: endpoint.repository };
  if (!URL.canParse(next, current.href))
    throw new RegistryResponseError({ ...fields, reason: 'Docker Hub tag page link is not a valid URL' });
  const url = new URL(next, current);
  if (url.origin !== new URL(endpoint.hubApi).origin) {
    throw new RegistryResponseError({ ...fields, reason: `Docker Hub tag page link points to another host (${url.host}); refused` });
  }
  if (visited.has(url.href))
    throw new RegistryResponseError({ ...fields, reason: 'Docker Hub tag pages loop back to a page already read' });
  return url;
}

/** The media type of a Hub tag: as given, else inferred from whether its one image is the tag itself. */
function mediaTypeOf(tag: HubTag, digest: string): HubFacts['mediaType'] | undefined {
  if (tag.media_type !== undefined && tag.media_type !== null) return isManifestMediaType(tag.media_type) ? tag.media_type : undefined;
  const images = tag.images ?? [];
  return images.length === 1 && images[0]?.digest === digest ? MEDIA_TYPES.dockerManifest : MEDIA_TYPES.dockerList;
}

/** Complete facts from a Hub tag description, or undefined when something we need is missing. */
export function toHubFacts(tag: HubTag): HubFacts | undefined {
  const digest = tag.digest ?? '';
  if (!isDigest(digest)) return undefined;
  const mediaType = mediaTypeOf(tag, digest);
  if (mediaType === undefined) return undefined;
  const kind = mediaType === MEDIA_TYPES.ociIndex || mediaType === MEDIA_TYPES.dockerList ? 'index' : 'image';
  const entries: HubFacts['entries'] = [];
  for (const image of tag.images ?? []) {
    const os = image.os ?? '';
    const architecture = image.architecture ?? '';
    const platform = {
      os,
      architecture,
      ...(image.variant === undefined || image.variant === null || image.variant === '' ? {} : { variant: image.variant }),
    };
    if (isAttestationPlatform(platform)) continue;
    if (os === '' || architecture === '' || !isDigest(image.digest ?? '')) return undefined;
    entries.push({ digest: image.digest ?? '', platform, ...(validDate(image.last_pushed) ? { pushed: image.last_pushed ?? '' } : {}) });
  }
  if (entries.length === 0 || (kind === 'image' && (entries.length !== 1 || entries[0]?.digest !== digest))) return undefined;
  const tagPushed = tag.tag_last_pushed ?? tag.last_updated;
  return { digest, mediaType, kind, entries, ...(validDate(tagPushed) ? { tagPushed: tagPushed ?? '' } : {}) };
}

function validDate(text: string | null | undefined): boolean {
  return typeof text === 'string' && !Number.isNaN(Date.parse(text));
}
