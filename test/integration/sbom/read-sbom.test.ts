import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSbomReader } from '../../../src/sbom/index.js';
import { createRegistrySbomSource } from '../../support/registry-sbom-source.js';
import { loadPackageList, pushSbomImage, type PushedSbomImage } from '../../support/sbom-images.js';
import { startPlainRegistry, type TestRegistry } from '../../support/registry/servers.js';

describe('sbom/read-sbom against distribution 2.8 with BuildKit-format attestations', () => {
  let server: TestRegistry;
  let python: PushedSbomImage;
  let artifact: PushedSbomImage;
  let bare: PushedSbomImage;
  let armOnly: PushedSbomImage;
  let broken: PushedSbomImage;
  const list = loadPackageList('python-3.11.15-slim-bookworm.json');

  beforeAll(async () => {
    server = await startPlainRegistry();
    const amd64 = { os: 'linux', architecture: 'amd64' };
    const arm64 = { os: 'linux', architecture: 'arm64' };
    python = await pushSbomImage(server.pusher, {
      repository: 'library/python',
      tag: '3.11.15-slim-bookworm',
      platforms: [
        { ...amd64, list },
        { ...arm64, list },
      ],
    });
    artifact = await pushSbomImage(server.pusher, {
      repository: 'library/python',
      tag: 'artifact',
      format: 'oci-artifact',
      platforms: [{ ...amd64, list }],
    });
    bare = await pushSbomImage(server.pusher, { repository: 'library/python', tag: 'bare', platforms: [amd64, arm64] });
    armOnly = await pushSbomImage(server.pusher, { repository: 'library/python', tag: 'arm-only', platforms: [amd64, { ...arm64, list }] });
    broken = await pushSbomImage(server.pusher, {
      repository: 'library/python',
      tag: 'broken',
      platforms: [{ ...amd64, spdxText: '{"spdxVersion":"SPDX-2.3","packages":' }],
    });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('reads the OS packages and runtime of the linux/amd64 image through its attestation manifest', async () => {
    const source = createRegistrySbomSource(server.registry.url, 'library/python');

    const result = await createSbomReader().read({ source, digest: python.digest });

    expect(result.status).toBe('found');
    if (result.status !== 'found') return;
    expect(result.attestationDigest).toBe(python.attestations['linux/amd64']);
    expect(result.sbom.packages).toHaveLength(105);
    expect(result.sbom.runtimes.map((runtime) => `${runtime.name} ${runtime.version}`)).toEqual(['python 3.11.15']);
    expect(source.counts.manifests).toEqual([python.digest, python.attestations['linux/amd64']]);
    expect(source.counts.blobs).toHaveLength(1);
  });

  it('reads the attestation of the platform asked for', async () => {
    const source = createRegistrySbomSource(server.registry.url, 'library/python');

    const result = await createSbomReader().read({ source, digest: python.digest, platform: { os: 'linux', architecture: 'arm64' } });

    expect(result.status === 'found' ? result.attestationDigest : result.status).toBe(python.attestations['linux/arm64']);
  });

  it("reads BuildKit's OCI artifact storage format (empty config, subject) too", async () => {
    const source = createRegistrySbomSource(server.registry.url, 'library/python');

    const result = await createSbomReader().read({ source, digest: artifact.digest });

    expect(result.status === 'found' ? result.sbom.packages.length : result.status).toBe(105);
  });

  it('reports "no SBOM published", not an error, for an image without attestations', async () => {
    const source = createRegistrySbomSource(server.registry.url, 'library/python');

    const results = await Promise.all([
      createSbomReader().read({ source, digest: bare.digest }),
      createSbomReader().read({ source, digest: armOnly.digest }),
      createSbomReader().read({ source, digest: python.images['linux/amd64'] ?? '' }),
    ]);

    expect(results).toEqual([
      { status: 'none', reason: 'no-attestation' },
      { status: 'none', reason: 'no-attestation' },
      { status: 'none', reason: 'not-an-index' },
    ]);
  });

  it('reports an SBOM it cannot read, and one larger than the cap, as invalid', async () => {
    const source = createRegistrySbomSource(server.registry.url, 'library/python');

    const unreadable = await createSbomReader().read({ source, digest: broken.digest });
    const large = await createSbomReader({ limits: { spdxBytes: 1000 } }).read({ source, digest: python.digest });

    expect(unreadable).toMatchObject({ status: 'invalid', reason: expect.stringContaining('not valid JSON') as unknown });
    expect(large).toMatchObject({ status: 'invalid', reason: expect.stringContaining('larger than 1000 bytes') as unknown });
  });

  it('reports a registry failure as unavailable', async () => {
    const source = createRegistrySbomSource(server.registry.url, 'library/missing');

    const result = await createSbomReader().read({ source, digest: python.digest });

    expect(result).toEqual({ status: 'unavailable', reason: `registry answered 404 for manifests/${python.digest}` });
  });

  it('answers a second read of the same digest from its cache, with no registry request', async () => {
    const source = createRegistrySbomSource(server.registry.url, 'library/python');
    const reader = createSbomReader();
    const first = await reader.read({ source, digest: python.digest });
    const requests = source.counts.manifests.length + source.counts.blobs.length;

    const second = await reader.read({ source, digest: python.digest });

    expect(second).toBe(first);
    expect(source.counts.manifests.length + source.counts.blobs.length).toBe(requests);
  });
});
