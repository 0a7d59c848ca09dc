/**
 * Images with real-format BuildKit SBOM attestations in a test registry.
 *
 * SPDX documents are built from package lists the way BuildKit's Syft-based generator writes
 * them (SPDX 2.3 JSON, one package per binary package, `PACKAGE-MANAGER` purl references with
 * `arch`, `upstream` and `distro` qualifiers, runtimes as `pkg:generic/...`), wrapped in an
 * in-toto statement, and pushed as an attestation manifest next to the image in its index:
 * index entry annotated `vnd.docker.reference.type: attestation-manifest` and
 * `vnd.docker.reference.digest`, platform `unknown/unknown`; layers `application/vnd.in-toto+json`
 * annotated `in-toto.io/predicate-type` (an SPDX layer and an SLSA provenance layer). Both
 * storage formats are available: the image-config one the official images use, and BuildKit's
 * newer OCI artifact one (`artifactType`, empty config, `subject`).
 *
 * Owns: `pushSbomImage`, `buildSyftSpdx`, `loadPackageList`.
 * May import: node built-ins, packageurl-js, bench/support (pusher). Must not: import src/.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PackageURL } from 'packageurl-js';
import type { Pusher } from '../../bench/support/registry-push.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const IN_TOTO = 'application/vnd.in-toto+json';

/** One binary package to list. */
export interface ListedPackage {
  type: 'deb' | 'apk';
  name: string;
  version: string;
  /** Source package; the binary's own name when absent. */
  source?: string;
  sourceVersion?: string;
  arch?: string;
  /** purl `distro` qualifier (`debian-12`, `alpine-3.12.12`). */
  distro: string;
  namespace: 'debian' | 'ubuntu' | 'alpine';
}

/** A package list: OS packages and runtimes (`{ name: 'python', version: '3.11.15' }` → `pkg:generic/python@3.11.15`). */
export interface PackageList {
  packages: ListedPackage[];
  runtimes: { purl: string; name: string; version: string }[];
}

function sha256(bytes: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Reads `fixtures/sbom/<file>` (repo-info package lists) into a package list. */
export function loadPackageList(file: string): PackageList {
  const path = fileURLToPath(new URL(`../../fixtures/sbom/${file}`, import.meta.url));
  const json = JSON.parse(readFileSync(path, 'utf8')) as {
    distro: string;
    runtimes: { name: string; version: string }[];
    packages: { source: string; sourceVersion: string; binaries: string[] }[];
  };
  const packages = json.packages.flatMap((entry) =>
    entry.binaries.map((binary): ListedPackage => {
      const match = /^([^:=]+)(?::([^=]+))?=(.+)$/.exec(binary);
      if (match === null) throw new Error(`${file}: cannot read binary package ${binary}`);
      const [, name = '', arch, version = ''] = match;
      return {
        type: 'deb',
        namespace: 'debian',
        name,
        version,
        source: entry.source,
        sourceVersion: entry.sourceVersion,
        distro: json.distro,
        ...(arch === undefined ? {} : { arch }),
      };
    }),
  );
  const runtimes = json.runtimes.map((runtime) => ({ ...runtime, purl: `pkg:generic/${runtime.name}@${runtime.version}` }));
  return { packages, runtimes };
}

/** Syft's purl: `upstream` names the source when it differs (with `@version` when that differs too). */
function purlOf(pkg: ListedPackage): string {
  const source = pkg.source ?? pkg.name;
  const sourceVersion = pkg.sourceVersion ?? pkg.version;
  const qualifiers: Record<string, string> = {};
  if (pkg.arch !== undefined) qualifiers['arch'] = pkg.arch;
  if (source !== pkg.name || sourceVersion !== pkg.version)
    qualifiers['upstream'] = sourceVersion === pkg.version ? source : `${source}@${sourceVersion}`;
  qualifiers['distro'] = pkg.distro;
  return new PackageURL(pkg.type, pkg.namespace, pkg.name, pkg.version, qualifiers, undefined).toString();
}

function spdxPackage(name: string, version: string, purl: string, sourceInfo: string): Record<string, unknown> {
  return {
    name,
    SPDXID: `SPDXRef-Package-${sha256(purl).slice(7, 23)}`,
    versionInfo: version,
    supplier: 'NOASSERTION',
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    sourceInfo,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    copyrightText: 'NOASSERTION',
    externalRefs: [
      { referenceCategory: 'SECURITY', referenceType: 'cpe23Type', referenceLocator: `cpe:2.3:a:${name}:${name}:${version}:*:*:*:*:*:*:*` },
      { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl },
    ],
  };
}

/** An SPDX 2.3 document as Syft writes it for an image with these packages. */
export function buildSyftSpdx(name: string, list: PackageList): Record<string, unknown> {
  const packages = [
    ...list.packages.map((pkg) =>
      spdxPackage(
        pkg.name,
        pkg.version,
        purlOf(pkg),
        pkg.type === 'deb'
          ? 'acquired package info from DPKG DB: /var/lib/dpkg/status'
          : 'acquired package info from APK DB: /lib/apk/db/installed',
      ),
    ),
    ...list.runtimes.map((runtime) =>
      spdxPackage(runtime.name, runtime.version, runtime.purl, 'acquired package info from the following paths: /usr/local/bin/python3'),
    ),
  ];
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: `https://anchore.com/syft/image/${encodeURIComponent(name)}`,
    creationInfo: {
      licenseListVersion: '3.25',
      creators: ['Organization: Anchore, Inc', 'Tool: syft-v1.18.1', 'Tool: buildkit-v0.18.2'],
      created: '2026-08-05T01:14:12Z',
    },
    packages,
    relationships: packages.map((pkg) => ({
      spdxElementId: 'SPDXRef-DOCUMENT',
      relatedSpdxElement: pkg['SPDXID'],
      relationshipType: 'DESCRIBES',
    })),
  };
}

/** How to store the attestation. */
export type AttestationFormat = 'image-config' | 'oci-artifact';

/** What to push. */
export interface SbomImageInput {
  repository: string;
  tag: string;
  /** Package lists per platform (`linux/amd64`); a platform without one gets no attestation. */
  platforms: { os: string; architecture: string; list?: PackageList; spdxText?: string }[];
  /** @default 'image-config' */
  format?: AttestationFormat;
}

/** What was pushed. */
export interface PushedSbomImage {
  digest: string;
  images: Record<string, string>;
  attestations: Record<string, string>;
}

async function pushJson(pusher: Pusher, repository: string, value: unknown): Promise<{ digest: string; size: number }> {
  const bytes = Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  return { digest: await pusher.pushBlob(repository, bytes), size: bytes.byteLength };
}

async function putManifest(pusher: Pusher, repository: string, manifest: unknown): Promise<{ digest: string; size: number }> {
  const bytes = Buffer.from(JSON.stringify(manifest));
  await pusher.putManifest(repository, sha256(bytes), OCI_MANIFEST, bytes);
  return { digest: sha256(bytes), size: bytes.byteLength };
}

async function pushPlatformImage(
  pusher: Pusher,
  input: SbomImageInput,
  platform: { os: string; architecture: string },
): Promise<{ digest: string; size: number }> {
  const layer = await pushJson(
    pusher,
    input.repository,
    `layer of ${input.repository}:${input.tag} ${platform.os}/${platform.architecture}`,
  );
  const config = await pushJson(pusher, input.repository, {
    architecture: platform.architecture,
    os: platform.os,
    config: {},
    rootfs: { type: 'layers', diff_ids: [layer.digest] },
  });
  return putManifest(pusher, input.repository, {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, ...config },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
  });
}

async function pushAttestation(
  pusher: Pusher,
  input: SbomImageInput,
  subject: { digest: string; size: number },
  spdxText: string,
): Promise<{ digest: string; size: number }> {
  const statementType = input.format === 'oci-artifact' ? 'https://in-toto.io/Statement/v1' : 'https://in-toto.io/Statement/v0.1';
  const subjects = [
    { name: `pkg:docker/${input.repository}@${input.tag}?platform=linux%2Famd64`, digest: { sha256: subject.digest.slice(7) } },
  ];
  const spdx = await pushJson(
    pusher,
    input.repository,
    `{"_type":"${statementType}","predicateType":"https://spdx.dev/Document","subject":${JSON.stringify(subjects)},"predicate":${spdxText}}`,
  );
  const provenance = await pushJson(pusher, input.repository, {
    _type: statementType,
    predicateType: 'https://slsa.dev/provenance/v0.2',
    subject: subjects,
    predicate: { buildType: 'https://mobyproject.org/buildkit@v1' },
  });
  const layers = [
    { mediaType: IN_TOTO, ...spdx, annotations: { 'in-toto.io/predicate-type': 'https://spdx.dev/Document' } },
    { mediaType: IN_TOTO, ...provenance, annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' } },
  ];
  if (input.format === 'oci-artifact') {
    const empty = await pushJson(pusher, input.repository, '{}');
    return putManifest(pusher, input.repository, {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: 'application/vnd.docker.attestation.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.empty.v1+json', ...empty, data: 'e30=' },
      layers,
      subject: { mediaType: OCI_MANIFEST, ...subject },
    });
  }
  const config = await pushJson(pusher, input.repository, {
    architecture: 'unknown',
    os: 'unknown',
    config: {},
    rootfs: { type: 'layers', diff_ids: [spdx.digest, provenance.digest] },
  });
  return putManifest(pusher, input.repository, {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: OCI_CONFIG, ...config },
    layers,
  });
}

/** Pushes an index with one image per platform and, where a package list is given, its SBOM attestation. */
export async function pushSbomImage(pusher: Pusher, input: SbomImageInput): Promise<PushedSbomImage> {
  const entries: Record<string, unknown>[] = [];
  const attestationEntries: Record<string, unknown>[] = [];
  const images: Record<string, string> = {};
  const attestations: Record<string, string> = {};
  for (const platform of input.platforms) {
    const key = `${platform.os}/${platform.architecture}`;
    const image = await pushPlatformImage(pusher, input, platform);
    images[key] = image.digest;
    entries.push({ mediaType: OCI_MANIFEST, ...image, platform: { os: platform.os, architecture: platform.architecture } });
    const spdxText =
      platform.spdxText ??
      (platform.list === undefined ? undefined : JSON.stringify(buildSyftSpdx(`${input.repository}:${input.tag}`, platform.list)));
    if (spdxText === undefined) continue;
    const attestation = await pushAttestation(pusher, input, image, spdxText);
    attestations[key] = attestation.digest;
    attestationEntries.push({
      mediaType: OCI_MANIFEST,
      ...attestation,
      annotations: { 'vnd.docker.reference.digest': image.digest, 'vnd.docker.reference.type': 'attestation-manifest' },
      platform: { architecture: 'unknown', os: 'unknown' },
    });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [...entries, ...attestationEntries] }));
  await pusher.putManifest(input.repository, input.tag, OCI_INDEX, index);
  return { digest: sha256(index), images, attestations };
}
