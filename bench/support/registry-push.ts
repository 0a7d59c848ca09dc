/**
 * Pushes real images to a registry through its own v2 API: config and layer blobs, image
 * manifests, and an OCI index (or Docker manifest list) for several platforms.
 *
 * Owns: `createPusher`. Blobs are uploaded once per repository and reused; many tags of one
 * image are one manifest PUT each, run concurrently, so 5,000 tags take seconds.
 * May import: node built-ins. Must not: import from test/ or src/ (it is a client of its own).
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** A platform to build an image for. */
export interface PushPlatform {
  os: string;
  architecture: string;
  variant?: string;
  /** `created` of this platform's config, overriding the image's. */
  created?: string;
}

/** What to push. */
export interface PushImageInput {
  repository: string;
  /** Tags to point at the image; the first is pushed first. */
  tags: readonly string[];
  /** One platform gives a single image manifest, several an index. @default [linux/amd64] */
  platforms?: readonly PushPlatform[];
  /** `created` of every config. @default 2024-01-01T00:00:00Z */
  created?: string;
  /** OCI or Docker media types. @default 'oci' */
  format?: 'oci' | 'docker';
  /** Add a BuildKit-style attestation entry (`unknown/unknown`) to the index. @default false */
  attestation?: boolean;
  /** A marker that makes the content (and so the digests) unique. @default '' */
  salt?: string;
  /**
   * Annotate each index entry with `org.opencontainers.image.created` (its config's `created`), as
   * Docker's official images do since 2024. @default false
   */
  annotateCreated?: boolean;
}

/** What was pushed. */
export interface PushedImage {
  /** Digest of the top manifest (the index when there are several platforms). */
  digest: string;
  mediaType: string;
  /** Platform image manifests and their config digests. */
  images: { platform: PushPlatform; digest: string; configDigest: string }[];
}

/** Options of `createPusher`. */
export interface PusherOptions {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The Authorization header for a repository (Basic, or a Bearer token with push access). */
  authorize?: (repository: string) => Promise<string | undefined>;
  /** Concurrent requests. @default 16 */
  concurrency?: number;
}

const MEDIA = {
  oci: {
    manifest: 'application/vnd.oci.image.manifest.v1+json',
    index: 'application/vnd.oci.image.index.v1+json',
    config: 'application/vnd.oci.image.config.v1+json',
    layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  },
  docker: {
    manifest: 'application/vnd.docker.distribution.manifest.v2+json',
    index: 'application/vnd.docker.distribution.manifest.list.v2+json',
    config: 'application/vnd.docker.container.image.v1+json',
    layer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  },
} as const;

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Runs `task` over `items` with at most `limit` at once. */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index] as T);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A pusher bound to one registry. */
export interface Pusher {
  pushImage(input: PushImageInput): Promise<PushedImage>;
  /** Uploads a blob (skipped when this pusher already uploaded it to the repository). */
  pushBlob(repository: string, bytes: Uint8Array): Promise<string>;
  /** PUTs a manifest under a tag or its digest. */
  putManifest(repository: string, reference: string, mediaType: string, bytes: Uint8Array): Promise<string>;
}

/** Creates a pusher. */
export function createPusher(options: PusherOptions): Pusher {
  const concurrency = options.concurrency ?? 16;
  const uploaded = new Map<string, Promise<string>>();

  async function request(
    repository: string,
    url: string,
    init: { method: string; headers?: Record<string, string>; body?: Uint8Array },
  ): Promise<Response> {
    const authorization = await options.authorize?.(repository);
    const headers: Record<string, string> = { ...init.headers, ...(authorization === undefined ? {} : { authorization }) };
    const response = await fetch(url, { method: init.method, headers, ...(init.body === undefined ? {} : { body: init.body }) });
    if (response.status >= 300) {
      const text = await response.text();
      throw new Error(`push ${init.method} ${new URL(url).pathname} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return response;
  }

  async function upload(repository: string, bytes: Uint8Array, digest: string): Promise<string> {
    const started = await request(repository, `${options.url}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
    await started.body?.cancel();
    const location = new URL(started.headers.get('location') ?? '', options.url);
    location.searchParams.set('digest', digest);
    const done = await request(repository, location.href, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    await done.body?.cancel();
    return digest;
  }

  function pushBlob(repository: string, bytes: Uint8Array): Promise<string> {
    const digest = sha256(bytes);
    const key = `${repository}@${digest}`;
    let pending = uploaded.get(key);
    if (pending === undefined) {
      pending = upload(repository, bytes, digest);
      uploaded.set(key, pending);
    }
    return pending;
  }

  async function putManifest(repository: string, reference: string, mediaType: string, bytes: Uint8Array): Promise<string> {
    const response = await request(repository, `${options.url}/v2/${repository}/manifests/${reference}`, {
      method: 'PUT',
      headers: { 'content-type': mediaType },
      body: bytes,
    });
    await response.body?.cancel();
    return sha256(bytes);
  }

  async function pushPlatformImage(
    input: PushImageInput,
    platform: PushPlatform,
  ): Promise<PushedImage['images'][number] & { size: number; bytes: Buffer; created: string }> {
    const media = MEDIA[input.format ?? 'oci'];
    const layerText = `freshbase test layer ${input.salt ?? ''}`;
    const created = platform.created ?? input.created ?? '2024-01-01T00:00:00Z';
    const layer = gzipSync(Buffer.from(layerText));
    const config = Buffer.from(
      JSON.stringify({
        architecture: platform.architecture,
        os: platform.os,
        ...(platform.variant === undefined ? {} : { variant: platform.variant }),
        created,
        rootfs: { type: 'layers', diff_ids: [sha256(Buffer.from(layerText))] },
        config: {},
      }),
    );
    const [configDigest, layerDigest] = await Promise.all([pushBlob(input.repository, config), pushBlob(input.repository, layer)]);
    const indexPlatform: PushPlatform = {
      os: platform.os,
      architecture: platform.architecture,
      ...(platform.variant === undefined ? {} : { variant: platform.variant }),
    };
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: media.manifest,
        config: { mediaType: media.config, digest: configDigest, size: config.byteLength },
        layers: [{ mediaType: media.layer, digest: layerDigest, size: layer.byteLength }],
      }),
    );
    const digest = await putManifest(input.repository, sha256(manifest), media.manifest, manifest);
    return { platform: indexPlatform, digest, configDigest, size: manifest.byteLength, bytes: manifest, created };
  }

  async function pushAttestation(input: PushImageInput, subject: string): Promise<{ digest: string; size: number }> {
    const statement = Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v0.1', subject }));
    const config = Buffer.from(
      JSON.stringify({ architecture: 'unknown', os: 'unknown', config: {}, rootfs: { type: 'layers', diff_ids: [sha256(statement)] } }),
    );
    const [configDigest, layerDigest] = await Promise.all([pushBlob(input.repository, config), pushBlob(input.repository, statement)]);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MEDIA.oci.manifest,
        config: { mediaType: MEDIA.oci.config, digest: configDigest, size: config.byteLength },
        layers: [{ mediaType: 'application/vnd.in-toto+json', digest: layerDigest, size: statement.byteLength }],
      }),
    );
    return { digest: await putManifest(input.repository, sha256(manifest), MEDIA.oci.manifest, manifest), size: manifest.byteLength };
  }

  async function pushImage(input: PushImageInput): Promise<PushedImage> {
    const platforms = input.platforms ?? [{ os: 'linux', architecture: 'amd64' }];
    const media = MEDIA[input.format ?? 'oci'];
    const images = await Promise.all(platforms.map((platform) => pushPlatformImage(input, platform)));
    let top: { bytes: Buffer; mediaType: string };
    if (images.length === 1 && images[0] !== undefined && input.attestation !== true) {
      top = { bytes: images[0].bytes, mediaType: media.manifest };
    } else {
      const entries: Record<string, unknown>[] = images.map((image) => ({
        mediaType: media.manifest,
        digest: image.digest,
        size: image.size,
        platform: image.platform,
        ...(input.annotateCreated === true ? { annotations: { 'org.opencontainers.image.created': image.created } } : {}),
      }));
      if (input.attestation === true && images[0] !== undefined) {
        const attestation = await pushAttestation(input, images[0].digest);
        entries.push({
          mediaType: MEDIA.oci.manifest,
          digest: attestation.digest,
          size: attestation.size,
          platform: { os: 'unknown', architecture: 'unknown' },
          annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': images[0].digest },
        });
      }
      top = {
        bytes: Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: media.index, manifests: entries })),
        mediaType: media.index,
      };
    }
    await mapConcurrent(input.tags, concurrency, (tag) => putManifest(input.repository, tag, top.mediaType, top.bytes));
    return {
      digest: sha256(top.bytes),
      mediaType: top.mediaType,
      images: images.map(({ platform, digest, configDigest }) => ({ platform, digest, configDigest })),
    };
  }

  return { pushImage, pushBlob, putManifest };
}
