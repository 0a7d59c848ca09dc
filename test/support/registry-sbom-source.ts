/**
 * An `SbomSource` for one repository of an anonymous test registry, checking digests like the
 * registry client does, and counting what it fetched. The product gets its source from the
 * registry client; this one lets the SBOM tests read a real registry before that port is wired.
 *
 * Owns: `createRegistrySbomSource`.
 * May import: node built-ins. Must not: import src/.
 */
import { createHash } from 'node:crypto';

const ACCEPT = ['application/vnd.oci.image.index.v1+json', 'application/vnd.oci.image.manifest.v1+json'].join(', ');

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Counts of what an `SbomSource` fetched. */
export interface SourceCounts {
  manifests: string[];
  blobs: string[];
}

/** Creates the source. */
export function createRegistrySbomSource(
  registryUrl: string,
  repository: string,
): {
  getManifest(digest: string): Promise<unknown>;
  getBlob(digest: string, options: { maxBytes: number }): Promise<Uint8Array | undefined>;
  counts: SourceCounts;
} {
  const counts: SourceCounts = { manifests: [], blobs: [] };
  async function get(path: string, accept: string): Promise<Uint8Array> {
    const response = await fetch(`${registryUrl}/v2/${repository}/${path}`, { headers: { accept } });
    if (response.status !== 200) throw new Error(`registry answered ${response.status} for ${path}`);
    return new Uint8Array(await response.arrayBuffer());
  }
  return {
    counts,
    async getManifest(digest) {
      counts.manifests.push(digest);
      const bytes = await get(`manifests/${digest}`, ACCEPT);
      if (sha256(bytes) !== digest) throw new Error(`manifest ${digest} does not match its digest`);
      return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
    },
    async getBlob(digest, options) {
      counts.blobs.push(digest);
      const bytes = await get(`blobs/${digest}`, '*/*');
      if (sha256(bytes) !== digest) throw new Error(`blob ${digest} does not match its digest`);
      return bytes.byteLength > options.maxBytes ? undefined : bytes;
    },
  };
}
