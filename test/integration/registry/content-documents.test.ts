/**
 * Manifests by digest with every field, and blobs with a size cap, against distribution 2.8:
 * what the SBOM reader reads through `createContentSource`. The index a scan read is served
 * from the cache; the attestation manifest is one GET; a blob is one GET and then cached.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContentSource, createRegistryClient, type RegistryClient } from '../../../src/registry/index.js';
import { createSbomReader } from '../../../src/sbom/index.js';
import { PYTHON_3_11_8 } from '../../support/python-security.js';
import { startPlainRegistry, type TestRegistry } from '../../support/registry/servers.js';
import { pushSbomImage, type PushedSbomImage } from '../../support/sbom-images.js';

interface Descriptor {
  digest: string;
  size: number;
  mediaType: string;
  annotations?: Record<string, string>;
}

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

describe('registry/content: manifest documents and blobs by digest', () => {
  let server: TestRegistry;
  let pushed: PushedSbomImage;
  const python = { registry: '', repository: 'library/python' };

  beforeAll(async () => {
    server = await startPlainRegistry();
    python.registry = server.host;
    pushed = await pushSbomImage(server.pusher, {
      repository: 'library/python',
      tag: '3.11.8-slim',
      platforms: [
        { os: 'linux', architecture: 'amd64', list: PYTHON_3_11_8 },
        { os: 'linux', architecture: 'arm64' },
      ],
    });
  });

  afterAll(async () => {
    await server.stop();
  });

  function client(): RegistryClient {
    return createRegistryClient({ insecureHosts: [server.host] });
  }

  function counts(registry: RegistryClient): Record<string, number | undefined> {
    return { ...registry.stats().byHost[server.host] };
  }

  it('serves the index a scan read from the cache, annotations included, and GETs the attestation manifest once', async () => {
    const registry = client();
    await registry.getFacts(python, '3.11.8-slim');
    const before = counts(registry);

    const index = (await registry.getManifestDocument(python, pushed.digest)) as { manifests: Descriptor[] };
    const attestation = index.manifests.find((entry) => entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest');
    const manifest = (await registry.getManifestDocument(python, attestation?.digest ?? '')) as { layers: Descriptor[] };
    await registry.getManifestDocument(python, attestation?.digest ?? '');

    expect(before).toEqual({ 'manifest-head': 1, 'manifest-get': 1 });
    expect(attestation?.annotations?.['vnd.docker.reference.digest']).toBe(pushed.images['linux/amd64']);
    expect(manifest.layers.map((layer) => layer.annotations?.['in-toto.io/predicate-type'])).toEqual([
      'https://spdx.dev/Document',
      'https://slsa.dev/provenance/v0.2',
    ]);
    expect(counts(registry)).toEqual({ 'manifest-head': 1, 'manifest-get': 2 });
  });

  it('GETs a blob once, verified against its digest, and refuses one larger than the cap without keeping it', async () => {
    const registry = client();
    const manifest = (await registry.getManifestDocument(python, pushed.attestations['linux/amd64'] ?? '')) as { layers: Descriptor[] };
    const spdx = manifest.layers[0] ?? { digest: '', size: 0, mediaType: '' };

    const small = await registry.getBlob(python, spdx.digest, { maxBytes: spdx.size - 1 });
    const bytes = await registry.getBlob(python, spdx.digest, { maxBytes: spdx.size });
    const again = await registry.getBlob(python, spdx.digest, { maxBytes: spdx.size });

    expect(small).toBeUndefined();
    expect(bytes === undefined ? '' : sha256(bytes)).toBe(spdx.digest);
    expect(again?.byteLength).toBe(spdx.size);
    expect(counts(registry)).toEqual({ 'manifest-get': 1, blob: 2 });
  });

  it('refuses a manifest or blob named by a tag instead of a digest', async () => {
    const registry = client();

    await expect(registry.getManifestDocument(python, '3.11.8-slim')).rejects.toThrow(/sha256 or sha512 digest/);
    await expect(registry.getBlob(python, 'latest', { maxBytes: 10 })).rejects.toThrow(/sha256 or sha512 digest/);
    expect(counts(registry)).toEqual({});
  });

  it("lets the SBOM reader read the image's packages through the registry client", async () => {
    const registry = client();

    const result = await createSbomReader().read({ source: createContentSource(registry, python), digest: pushed.digest });

    expect(result.status).toBe('found');
    if (result.status !== 'found') return;
    expect(result.sbom.runtimes.map((runtime) => `${runtime.name} ${runtime.version}`)).toEqual(['python 3.11.8']);
    expect(result.sbom.packages.map((pkg) => `${pkg.name} ${pkg.sourceName} ${pkg.version}`)).toEqual([
      'base-files base-files 12.4+deb12u5',
      'libc-bin glibc 2.36-9+deb12u4',
      'libc6 glibc 2.36-9+deb12u4',
      'libssl3 openssl 3.0.11-1~deb12u2',
      'openssl openssl 3.0.11-1~deb12u2',
      'zlib1g zlib 1:1.2.13.dfsg-1',
      'tar tar 1.34+dfsg-1.2+deb12u1',
    ]);
  });
});
