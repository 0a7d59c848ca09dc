/**
 * A stateful stand-in for Docker Hub's repository tags API on 127.0.0.1, answering from a real
 * registry loaded with images: `GET /v2/namespaces/{ns}/repositories/{repo}/tags` (pages of
 * `page_size` up to 100, newest push first, absolute `next` links, as hub.docker.com does) and
 * `GET .../tags/{tag}`, in the response shape of Docker Hub's published API (`paginated_tags`,
 * `tag`, `image`). Each platform image's `last_pushed` is its config's `created` (a registry has
 * no push dates); `tag_last_pushed` and `last_updated` are the newest of them. A tag is read from
 * the registry once and kept (tags are taken not to move until `refresh()`); the tag list is
 * read on every page request, so newly pushed tags appear.
 *
 * Owns: `startHubApiStub`. May import: node built-ins, bench/support/registry-push (`mapConcurrent`).
 * Must not: import from src/ or test/, or
 * reach any host but the registry it reads.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mapConcurrent } from './registry-push.js';

/** A running stub. */
export interface HubApiStub {
  /** `http://127.0.0.1:PORT` */
  url: string;
  host: string;
  /** Paths requested, in order. */
  requests: string[];
  /** Describes these tags without a digest, as Hub does for some old tags (clients must fall back). */
  degrade(tags: readonly string[]): void;
  /** Answers the next `times` requests with `status`. */
  fail(status: number, times: number): void;
  /** Forgets what it read from the registry (call after moving a tag there). */
  refresh(): void;
  reset(): void;
  stop(): Promise<void>;
}

interface HubImage {
  architecture: string;
  features: string;
  variant: string | null;
  digest: string;
  os: string;
  os_features: string;
  os_version: null;
  size: number;
  status: 'active';
  last_pulled: null;
  last_pushed: string | null;
}

interface Manifest {
  mediaType: string;
  digest: string;
  manifests?: { digest: string; platform?: { os: string; architecture: string; variant?: string } }[];
  config?: { digest: string };
  layers?: { size: number }[];
}

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Starts the stub in front of `registryUrl` (`http://127.0.0.1:PORT`). */
export async function startHubApiStub(registryUrl: string): Promise<HubApiStub> {
  const requests: string[] = [];
  const degraded = new Set<string>();
  const imagesByDigest = new Map<string, Promise<HubImage[]>>();
  const described = new Map<string, Promise<Record<string, unknown> | undefined>>();
  let failures: { status: number; left: number } | undefined;

  async function getManifest(repository: string, reference: string): Promise<Manifest | undefined> {
    const response = await fetch(`${registryUrl}/v2/${repository}/manifests/${reference}`, { headers: { accept: ACCEPT } });
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`registry answered ${response.status} for ${repository}:${reference}`);
    const body = (await response.json()) as Omit<Manifest, 'digest' | 'mediaType'> & { mediaType?: string };
    return {
      ...body,
      digest: response.headers.get('docker-content-digest') ?? '',
      mediaType: response.headers.get('content-type') ?? body.mediaType ?? '',
    };
  }

  async function configOf(
    repository: string,
    digest: string,
  ): Promise<{ os: string; architecture: string; variant?: string; created?: string }> {
    const response = await fetch(`${registryUrl}/v2/${repository}/blobs/${digest}`);
    return (await response.json()) as { os: string; architecture: string; variant?: string; created?: string };
  }

  async function describeImage(repository: string, digest: string): Promise<HubImage> {
    const manifest = await getManifest(repository, digest);
    const config = manifest?.config === undefined ? undefined : await configOf(repository, manifest.config.digest);
    return {
      architecture: config?.architecture ?? 'unknown',
      features: '',
      variant: config?.variant ?? null,
      digest,
      os: config?.os ?? 'unknown',
      os_features: '',
      os_version: null,
      size: (manifest?.layers ?? []).reduce((sum, layer) => sum + layer.size, 0),
      status: 'active',
      last_pulled: null,
      last_pushed: config?.created ?? null,
    };
  }

  /** The platform images of a manifest (immutable per digest, so computed once). */
  function imagesOf(repository: string, manifest: Manifest): Promise<HubImage[]> {
    const key = `${repository}@${manifest.digest}`;
    let pending = imagesByDigest.get(key);
    if (pending === undefined) {
      const digests = manifest.manifests === undefined ? [manifest.digest] : manifest.manifests.map((entry) => entry.digest);
      pending = Promise.all(digests.map((digest) => describeImage(repository, digest))).then((images) =>
        images.filter((image) => !(image.os === 'unknown' && image.architecture === 'unknown')),
      );
      imagesByDigest.set(key, pending);
    }
    return pending;
  }

  /** A tag's description, read once (see `refresh`). */
  function describeKept(repository: string, tag: string, id: number): Promise<Record<string, unknown> | undefined> {
    const key = `${repository}:${tag}`;
    let pending = described.get(key);
    if (pending === undefined) {
      pending = describeTag(repository, tag, id);
      described.set(key, pending);
      pending.catch(() => described.delete(key));
    }
    return pending;
  }

  async function describeTag(repository: string, tag: string, id: number): Promise<Record<string, unknown> | undefined> {
    const manifest = await getManifest(repository, tag);
    if (manifest === undefined) return undefined;
    const images = await imagesOf(repository, manifest);
    const pushed =
      images
        .map((image) => image.last_pushed)
        .filter((date): date is string => date !== null)
        .sort()
        .at(-1) ?? null;
    const description = {
      creator: 1,
      id,
      images,
      last_updated: pushed,
      last_updater: 1,
      last_updater_username: 'freshbase-stub',
      name: tag,
      repository: 1,
      full_size: images.reduce((sum, image) => sum + image.size, 0),
      v2: true,
      tag_status: 'active',
      tag_last_pulled: null,
      tag_last_pushed: pushed,
      media_type: manifest.mediaType,
      content_type: 'image',
      digest: manifest.digest,
    };
    return description;
  }

  /** The description as served: without any digest for a degraded tag. */
  function serve(description: Record<string, unknown> | undefined, tag: string): Record<string, unknown> | undefined {
    if (description === undefined || !degraded.has(tag)) return description;
    // Degraded: no digest anywhere (Hub describes some old tags like this).
    const images = Array.isArray(description['images']) ? (description['images'] as Record<string, unknown>[]) : [];
    const bare = images.map((image) => Object.fromEntries(Object.entries(image).filter(([name]) => name !== 'digest')));
    return Object.fromEntries(
      Object.entries({ ...description, images: bare }).filter(([name]) => name !== 'digest' && name !== 'media_type'),
    );
  }

  async function listTags(repository: string): Promise<string[] | undefined> {
    const response = await fetch(`${registryUrl}/v2/${repository}/tags/list`);
    if (response.status === 404) return undefined;
    return ((await response.json()) as { tags: string[] | null }).tags ?? [];
  }

  async function page(url: URL, repository: string, origin: string): Promise<{ status: number; body: unknown }> {
    const tags = await listTags(repository);
    if (tags === undefined) return { status: 404, body: { message: 'object not found', errinfo: {} } };
    const pageNumber = Number(url.searchParams.get('page') ?? '1');
    const size = Number(url.searchParams.get('page_size') ?? '10');
    if (!Number.isInteger(pageNumber) || pageNumber < 1 || !Number.isInteger(size) || size < 1 || size > 100) {
      return { status: 400, body: { message: 'page and page_size must be positive, page_size at most 100', errinfo: {} } };
    }
    // Described 16 at a time: thousands of tags at once would exhaust the registry's connections.
    const all = await mapConcurrent(
      tags.map((tag, index) => ({ tag, index })),
      16,
      async ({ tag, index }) => serve(await describeKept(repository, tag, index + 1), tag),
    );
    const listed = all.filter((tag): tag is Record<string, unknown> => tag !== undefined);
    const text = (value: unknown): string => (typeof value === 'string' ? value : '');
    listed.sort((a, b) => text(b['last_updated']).localeCompare(text(a['last_updated'])) || text(a['name']).localeCompare(text(b['name'])));
    const start = (pageNumber - 1) * size;
    const link = (number: number): string => {
      const next = new URL(url.pathname, origin);
      next.searchParams.set('page', String(number));
      next.searchParams.set('page_size', String(size));
      return next.href;
    };
    return {
      status: 200,
      body: {
        count: listed.length,
        next: start + size < listed.length ? link(pageNumber + 1) : null,
        previous: pageNumber > 1 ? link(pageNumber - 1) : null,
        results: listed.slice(start, start + size),
      },
    };
  }

  async function handle(request: IncomingMessage, response: ServerResponse, origin: string): Promise<void> {
    requests.push(request.url ?? '/');
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (failures !== undefined && failures.left > 0) {
      failures.left -= 1;
      send(failures.status, { message: 'stub failure', errinfo: {} });
      return;
    }
    const url = new URL(request.url ?? '/', origin);
    const match = /^\/v2\/namespaces\/([^/]+)\/repositories\/([^/]+)\/tags(?:\/([^/]+))?\/?$/.exec(url.pathname);
    if (request.method !== 'GET' || match === null) {
      send(404, { message: 'page not found', errinfo: {} });
      return;
    }
    const repository = `${decodeURIComponent(match[1] ?? '')}/${decodeURIComponent(match[2] ?? '')}`;
    if (match[3] === undefined) {
      const answer = await page(url, repository, origin);
      send(answer.status, answer.body);
      return;
    }
    const name = decodeURIComponent(match[3]);
    const tag = serve(await describeKept(repository, name, 1), name);
    if (tag === undefined) send(404, { message: 'object not found', errinfo: {} });
    else send(200, tag);
  }

  let origin = '';
  const server = createServer((request, response) => {
    handle(request, response, origin).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    host: `127.0.0.1:${port}`,
    requests,
    degrade(tags) {
      for (const tag of tags) degraded.add(tag);
    },
    fail(status, times) {
      failures = { status, left: times };
    },
    refresh() {
      described.clear();
    },
    reset() {
      requests.length = 0;
      degraded.clear();
      failures = undefined;
    },
    stop() {
      server.closeAllConnections();
      return new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
