/**
 * Where a repository's API lives: host normalization, Docker Hub's API host, mirrors, http vs https.
 *
 * Owns: `parseMirror`, `parseMirrors`, `createHostConfig`, `resolveEndpoint`, the rule that plain
 * http is used only for hosts or mirrors the configuration names, and who joins the allow-list.
 * May import: oci, registry/errors, registry/types. Must not: do I/O.
 */
import { DOCKER_HUB, normalizeRegistry } from '../oci/reference.js';
import { MirrorSyntaxError } from './errors.js';
import type { RegistryCredential, RepositoryName } from './types.js';

/** The host serving Docker Hub's v2 API. */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/i;

/** One mirror: every lookup for `host` goes to `url` (an origin, `http://127.0.0.1:5000`). */
export interface Mirror {
  host: string;
  url: string;
}

/** Validated host settings, built once per client by `createHostConfig`. */
export interface HostConfig {
  /** Normalized registry host → mirror origin. */
  mirrors: ReadonlyMap<string, string>;
  /** Normalized `host[:port]` allowed over plain http. */
  insecureHosts: ReadonlySet<string>;
  /** Hosts contacted whatever they resolve to: the allow-list, mirrors, plain-http hosts, Docker Hub overrides. */
  allowedHosts: ReadonlySet<string>;
  /** Origin of Docker Hub's registry API (`https://registry-1.docker.io`). */
  dockerHubOrigin: string;
  /** Origin of Docker Hub's own API, or undefined when it is not used. */
  hubApiOrigin: string | undefined;
}

/** Where one repository's API calls go. */
export interface Endpoint {
  /** Registry host of the image name (`docker.io`), used in errors. */
  registry: string;
  repository: string;
  /** Scheme and authority requests go to (`https://registry-1.docker.io`, `http://127.0.0.1:5000`). */
  origin: string;
  /** `host[:port]` of `origin`: the key for credentials, limits and stats. */
  authority: string;
  /** True when `origin` is a configured mirror rather than the registry itself. */
  mirror: boolean;
  /** Who asks: the credential a scoped view may use for this host, if any. */
  access: Access;
  /** Origin of Docker Hub's own API, for Docker Hub itself (not a mirror) when it is in use. */
  hubApi?: string;
}

/** The credential a request goes with, and the id that keys caches and budgets by it. */
export interface Access {
  /** `anonymous`, or `c-` and a hash of host and user (never the secret). */
  account: string;
  credential?: RegistryCredential;
  /** True when the host has credentials this scope may not use (auth failures then read as not found). */
  withheld: boolean;
}

/** Anonymous access. */
export const ANONYMOUS: Access = { account: 'anonymous', withheld: false };

/** The host that serves a registry's API: `docker.io` → `registry-1.docker.io`, others unchanged. */
export function apiHost(registry: string): string {
  const host = normalizeRegistry(registry);
  return host === DOCKER_HUB ? DOCKER_HUB_API_HOST : host;
}

/** Whether text is a bare `host[:port]` (no scheme, path or credentials). */
export function isHost(text: string): boolean {
  return HOST.test(text);
}

/** Parses a mirror URL: http(s), an origin without credentials, path, query or fragment. */
function parseMirrorUrl(entry: string, text: string): string {
  // URL.canParse rather than try/catch: the TypeError would carry the raw text, credentials included.
  if (!URL.canParse(text)) throw new MirrorSyntaxError({ entry, reason: 'the mirror URL is not a valid URL' });
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new MirrorSyntaxError({ entry, reason: `scheme must be http or https, not ${url.protocol.slice(0, -1)}` });
  }
  if (url.username !== '' || url.password !== '') {
    throw new MirrorSyntaxError({
      entry,
      reason: 'credentials do not belong in the URL; give them as registry credentials for the mirror host',
    });
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw new MirrorSyntaxError({ entry, reason: 'the URL must be scheme://host[:port] with no path, query or fragment' });
  }
  return url.origin;
}

/**
 * Parses one `HOST=URL` mirror entry, as in env `FRESHBASE_MIRRORS` and the CLI's `--mirror`:
 * `docker.io=http://127.0.0.1:5000`. The host is normalized (`index.docker.io` → `docker.io`).
 * @throws MirrorSyntaxError naming the entry.
 */
export function parseMirror(entry: string): Mirror {
  const text = entry.trim();
  const equals = text.indexOf('=');
  if (equals < 0) throw new MirrorSyntaxError({ entry, reason: 'missing "="' });
  const host = text.slice(0, equals).trim();
  const url = text.slice(equals + 1).trim();
  if (host === '') throw new MirrorSyntaxError({ entry, reason: 'missing registry host before "="' });
  if (host.includes('@'))
    throw new MirrorSyntaxError({ entry, reason: 'the registry host before "=" holds "@"; credentials do not belong there' });
  if (!isHost(host))
    throw new MirrorSyntaxError({ entry, reason: `"${host}" is not a bare registry host (like docker.io or localhost:5000)` });
  if (url === '') throw new MirrorSyntaxError({ entry, reason: 'missing mirror URL after "="' });
  return { host: normalizeRegistry(host), url: parseMirrorUrl(entry, url) };
}

/**
 * Parses a comma-separated mirror list: `docker.io=http://127.0.0.1:5000,ghcr.io=https://mirror.example`.
 * Empty entries are ignored; a host named twice is an error.
 * @throws MirrorSyntaxError naming the bad entry.
 */
export function parseMirrors(text: string): Record<string, string> {
  const mirrors: Record<string, string> = {};
  for (const entry of text.split(',')) {
    if (entry.trim() === '') continue;
    const mirror = parseMirror(entry);
    if (mirror.host in mirrors) throw new MirrorSyntaxError({ entry, reason: `a mirror for ${mirror.host} is already given` });
    mirrors[mirror.host] = mirror.url;
  }
  return mirrors;
}

/** The host options `createHostConfig` reads (a subset of `RegistryOptions`). */
export interface HostOptions {
  mirrors?: Readonly<Record<string, string>>;
  insecureHosts?: readonly string[];
  allowedHosts?: readonly string[];
  dockerHub?: DockerHubOverrides;
}

/** Where Docker Hub is reached; tests point both at 127.0.0.1 (not a mirror: Hub's own API stays in use). */
export interface DockerHubOverrides {
  /** Origin of Docker Hub's registry API. @default https://registry-1.docker.io */
  registryUrl?: string;
  /** Origin of Docker Hub's own API (repository tags). @default https://hub.docker.com */
  hubApiUrl?: string;
  /** Read tag facts from Docker Hub's API (uncounted) before the registry API. @default true */
  useHubApi?: boolean;
}

/** The origin of Docker Hub's own API. */
export const DOCKER_HUB_WEB_API = 'https://hub.docker.com';

function originOf(text: string, what: string): string {
  if (!URL.canParse(text)) throw new MirrorSyntaxError({ entry: `${what}=${text}`, reason: 'is not a valid URL' });
  return new URL(text).origin;
}

/** Validates and normalizes the host options of a client. @throws MirrorSyntaxError */
export function createHostConfig(options: HostOptions): HostConfig {
  const mirrors = new Map<string, string>();
  for (const [host, url] of Object.entries(options.mirrors ?? {})) {
    const mirror = parseMirror(`${host}=${url}`);
    mirrors.set(mirror.host, mirror.url);
  }
  const insecureHosts = new Set((options.insecureHosts ?? []).map((host) => normalizeRegistry(host.trim())));
  const hub = options.dockerHub ?? {};
  const dockerHubOrigin =
    hub.registryUrl === undefined ? `https://${DOCKER_HUB_API_HOST}` : originOf(hub.registryUrl, 'dockerHub.registryUrl');
  const hubApiOrigin = hub.hubApiUrl === undefined ? DOCKER_HUB_WEB_API : originOf(hub.hubApiUrl, 'dockerHub.hubApiUrl');
  for (const origin of [dockerHubOrigin, hubApiOrigin]) if (origin.startsWith('http://')) insecureHosts.add(new URL(origin).host);
  // Mirrors, plain-http hosts and Docker Hub overrides are configured by the operator: they join the allow-list.
  const allowedHosts = new Set([
    ...(options.allowedHosts ?? []).map((host) => normalizeRegistry(host.trim())).filter((host) => host !== ''),
    ...insecureHosts,
    ...[...mirrors.values()].map((url) => new URL(url).host),
    ...(hub.registryUrl === undefined ? [] : [new URL(dockerHubOrigin).host]),
    ...(hub.hubApiUrl === undefined ? [] : [new URL(hubApiOrigin).host]),
  ]);
  return { mirrors, insecureHosts, allowedHosts, dockerHubOrigin, hubApiOrigin: hub.useHubApi === false ? undefined : hubApiOrigin };
}

/** Whether plain http to `authority` (`host[:port]`) is allowed by the configuration. */
export function isInsecureAllowed(config: HostConfig, authority: string): boolean {
  const host = normalizeRegistry(authority);
  if (config.insecureHosts.has(host)) return true;
  for (const url of config.mirrors.values()) {
    if (url.startsWith('http://') && new URL(url).host === host) return true;
  }
  return false;
}

/**
 * Resolves where a repository's API calls go: a configured mirror (same repository path,
 * pull-through layout, `library/` kept), else the registry's API host over https, or
 * over http when `insecureHosts` names it.
 */
export function resolveEndpoint(config: HostConfig, name: RepositoryName): Endpoint {
  const registry = normalizeRegistry(name.registry);
  const repository = registry === DOCKER_HUB && !name.repository.includes('/') ? `library/${name.repository}` : name.repository;
  const mirror = config.mirrors.get(registry);
  if (mirror !== undefined) {
    return { registry, repository, origin: mirror, authority: new URL(mirror).host, mirror: true, access: ANONYMOUS };
  }
  if (registry === DOCKER_HUB) {
    const origin = config.dockerHubOrigin;
    const hubApi = config.hubApiOrigin === undefined ? {} : { hubApi: config.hubApiOrigin };
    return { registry, repository, origin, authority: new URL(origin).host, mirror: false, access: ANONYMOUS, ...hubApi };
  }
  const authority = apiHost(registry);
  const scheme = config.insecureHosts.has(registry) || config.insecureHosts.has(authority) ? 'http' : 'https';
  return { registry, repository, origin: `${scheme}://${authority}`, authority, mirror: false, access: ANONYMOUS };
}
