/**
 * Image names: parse, validate, normalize and format `[host[:port]/]path[:tag][@digest]`.
 *
 * Owns: the `ImageName` type and the reference grammar of distribution/reference: domain
 * components `[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?` with an optional port (or a bracketed
 * IPv6 address), path components `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`, a name of at most
 * 255 characters with its domain, tags `[\w][\w.-]{0,127}`, digests `sha256:` + 64 or
 * `sha512:` + 128 lower-case hex digits. Nothing else reaches a registry URL, a branch name or
 * a pull request: every `ImageName` comes from `parseImageName`.
 * May import: nothing. Must not: do I/O.
 */

/** A normalized image name: `python` is `{ registry: 'docker.io', repository: 'library/python' }`. */
export interface ImageName {
  /** Registry host as users write it, normalized (`docker.io`, `ghcr.io`, `localhost:5000`). */
  registry: string;
  /** Repository path inside the registry (`library/python`, `bitnami/spark`). */
  repository: string;
  tag?: string;
  /** Full digest, `sha256:` followed by 64 lower-case hex digits. */
  digest?: string;
}

/** Result of parsing a reference: a name, or the reason it is not a valid one. */
export type ParsedImageName = { ok: true; name: ImageName } | { ok: false; reason: string };

/** The Docker Hub host name freshbase uses in names; API calls go to `registry-1.docker.io`. */
export const DOCKER_HUB = 'docker.io';

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:]+\])(?::([0-9]{1,5}))?$/;
/** Longest name (domain and path, as normalized) distribution accepts. */
const MAX_NAME_LENGTH = 255;
/** Longest reference text: a name, a 128-character tag and a sha512 digest. */
const MAX_REFERENCE_LENGTH = MAX_NAME_LENGTH + 1 + 128 + 1 + 'sha512:'.length + 128;

/** Quotes untrusted text for a reason: JSON escapes (no control character gets through), at most 100 characters. */
function quote(text: string): string {
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
}

/** Whether the first path component of a reference names a registry host (Docker's rule). */
function isHostComponent(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || component !== component.toLowerCase();
}

/** Validates a tag: `[A-Za-z0-9_][A-Za-z0-9_.-]*`, at most 128 characters. Returns the reason or null. */
export function checkTag(tag: string): string | null {
  if (tag.length > 128) return `tag is ${tag.length} characters long (at most 128)`;
  if (!TAG.test(tag)) return `tag ${quote(tag)} has characters outside [A-Za-z0-9_.-] or starts with "." or "-"`;
  return null;
}

/** Validates a digest: `sha256:` + 64 or `sha512:` + 128 lower-case hex digits. Returns the reason or null. */
export function checkDigest(digest: string): string | null {
  return DIGEST.test(digest) ? null : `digest ${quote(digest)} is not sha256:<64 hex> or sha512:<128 hex>`;
}

/** Splits `name[:tag][@digest]` text into its three parts without validating them. */
function splitReference(text: string): { path: string; tag?: string; digest?: string } {
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { path: rest, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}

/** Normalizes a registry host: Docker Hub's aliases become `docker.io`, host names lower-case. */
export function normalizeRegistry(host: string): string {
  const lower = host.toLowerCase();
  return DOCKER_HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

/**
 * Parses and normalizes an image reference such as `python:3.11-slim`,
 * `localhost:5000/team/app:1.2` or `gcr.io/distroless/static@sha256:...`.
 * Never throws: invalid input gives `{ ok: false, reason }`.
 */
export function parseImageName(text: string): ParsedImageName {
  if (text === '') return { ok: false, reason: 'empty image reference' };
  if (text.length > MAX_REFERENCE_LENGTH) {
    return { ok: false, reason: `image reference is ${text.length} characters long (at most ${MAX_REFERENCE_LENGTH})` };
  }
  if (/\s/.test(text)) return { ok: false, reason: `image reference ${quote(text)} contains white space` };
  const { path, tag, digest } = splitReference(text);
  const components = path.split('/');
  let registry = DOCKER_HUB;
  const first = components[0] ?? '';
  if (components.length > 1 && isHostComponent(first)) {
    const host = HOST.exec(first);
    if (host === null) return { ok: false, reason: `registry host ${quote(first)} is not a valid host name` };
    if (Number(host[1] ?? '0') > 65535) return { ok: false, reason: `registry port in ${quote(first)} is above 65535` };
    registry = normalizeRegistry(first);
    components.shift();
  }
  if (registry === DOCKER_HUB && components.length === 1) components.unshift('library');
  const repository = components.join('/');
  const nameLength = registry.length + 1 + repository.length;
  if (nameLength > MAX_NAME_LENGTH) {
    return { ok: false, reason: `image name is ${nameLength} characters long with its registry (at most ${MAX_NAME_LENGTH})` };
  }
  for (const component of components) {
    if (!PATH_COMPONENT.test(component)) {
      const why = component !== component.toLowerCase() ? 'must be lower-case' : 'has invalid characters';
      return { ok: false, reason: `repository ${quote(repository)} ${why} (component ${quote(component)})` };
    }
  }
  if (tag !== undefined) {
    const problem = checkTag(tag);
    if (problem !== null) return { ok: false, reason: problem };
  }
  if (digest !== undefined) {
    const problem = checkDigest(digest);
    if (problem !== null) return { ok: false, reason: problem };
  }
  return { ok: true, name: { registry, repository, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) } };
}

/**
 * The short form users write: `python`, `bitnami/spark`, `ghcr.io/org/app`.
 * Docker Hub's host and `library/` are dropped.
 */
export function formatRepository(name: Pick<ImageName, 'registry' | 'repository'>): string {
  if (name.registry !== DOCKER_HUB) return `${name.registry}/${name.repository}`;
  return name.repository.startsWith('library/') ? name.repository.slice('library/'.length) : name.repository;
}

/** Formats a full reference in its short form: `python:3.11-slim@sha256:...`. */
export function formatImageName(name: ImageName): string {
  const tag = name.tag === undefined ? '' : `:${name.tag}`;
  const digest = name.digest === undefined ? '' : `@${name.digest}`;
  return `${formatRepository(name)}${tag}${digest}`;
}

/** A stable key for one repository of one registry: `docker.io/library/python`. */
export function repositoryKey(name: Pick<ImageName, 'registry' | 'repository'>): string {
  return `${name.registry}/${name.repository}`;
}
