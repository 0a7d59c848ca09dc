import { describe, expect, it } from 'vitest';
import { findAttestationDigest, listSpdxLayers, parseSpdxStatement } from '../../../src/sbom/index.js';

const d = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;

/** An index shaped like the official images' (two platforms, an attestation for each, in BuildKit's order). */
const index = {
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: d(1), size: 1, platform: { os: 'linux', architecture: 'amd64' } },
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: d(2),
      size: 1,
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
    },
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: d(3),
      size: 1,
      annotations: { 'vnd.docker.reference.digest': d(1), 'vnd.docker.reference.type': 'attestation-manifest' },
      platform: { os: 'unknown', architecture: 'unknown' },
    },
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: d(4),
      size: 1,
      annotations: { 'vnd.docker.reference.digest': d(2), 'vnd.docker.reference.type': 'attestation-manifest' },
      platform: { os: 'unknown', architecture: 'unknown' },
    },
  ],
};

describe('sbom/attestation', () => {
  it.each([
    [
      { os: 'linux', architecture: 'amd64' },
      { found: true, digest: d(3), imageDigest: d(1) },
    ],
    [
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
      { found: true, digest: d(4), imageDigest: d(2) },
    ],
    [
      { os: 'linux', architecture: 's390x' },
      { found: false, reason: 'no-platform' },
    ],
  ])('finds the attestation manifest of %o', (platform, expected) => {
    expect(findAttestationDigest(index, platform)).toEqual(expected);
  });

  it('says so when the platform has no attestation, or the manifest is a single image', () => {
    const withoutAttestations = { ...index, manifests: index.manifests.slice(0, 2) };
    const single = { schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { digest: d(5) }, layers: [] };

    expect(findAttestationDigest(withoutAttestations, { os: 'linux', architecture: 'amd64' })).toEqual({
      found: false,
      reason: 'no-attestation',
    });
    expect(findAttestationDigest(single, { os: 'linux', architecture: 'amd64' })).toEqual({ found: false, reason: 'not-an-index' });
  });

  it('lists SPDX layers first, then unannotated in-toto layers, and skips provenance and unknown media types', () => {
    const manifest = {
      layers: [
        {
          mediaType: 'application/vnd.in-toto+json',
          digest: d(6),
          annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' },
        },
        { mediaType: 'application/vnd.in-toto+json', digest: d(7) },
        {
          mediaType: 'application/vnd.in-toto+json',
          digest: d(8),
          annotations: { 'in-toto.io/predicate-type': 'https://spdx.dev/Document' },
        },
        { mediaType: 'application/octet-stream', digest: d(9) },
      ],
    };

    expect(listSpdxLayers(manifest)).toEqual([d(8), d(7)]);
  });

  it.each([
    ['{not json', { kind: 'invalid', reason: 'the in-toto statement is not valid JSON' }],
    ['{"hello":"world"}', { kind: 'invalid', reason: 'the blob is not an in-toto statement' }],
    [
      '{"predicateType":"https://slsa.dev/provenance/v0.2","predicate":{}}',
      { kind: 'other-predicate', predicateType: 'https://slsa.dev/provenance/v0.2' },
    ],
    [
      '{"predicateType":"https://spdx.dev/Document","predicate":{"bomFormat":"CycloneDX"}}',
      { kind: 'invalid', reason: 'the SPDX predicate is not an SPDX 2.x JSON document' },
    ],
  ])('reads %s as %o', (text, expected) => {
    expect(parseSpdxStatement(text, { maxPackages: 10 })).toEqual(expected);
  });
});
