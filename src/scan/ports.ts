/**
 * Ports: what a scan needs from the edges. Adapters (local checkout, GitHub repository,
 * registry client) match these structurally.
 */
import type { RepoConfig } from '../config/schema.js';
import type { DockerfileMatchOptions } from '../dockerfile/index.js';
import type { ManifestDiscoveryOptions, ManifestKind } from '../manifests/index.js';
import type { OsvLookup, OsvQuery } from '../osv/index.js';
import type { RegistryClient } from '../registry/types.js';
import type { SbomReader } from '../sbom/index.js';
import type { RegistryPort } from './gather-facts.js';
import type { SecurityLimits } from './assess-security.js';
import type { SkippedFile } from './types.js';

export type { RegistryPort };

/** A file read from a repository. */
export interface SourceFile {
  /** Repository-relative path with `/` separators. */
  path: string;
  content: string;
}

/** What a source reads besides Dockerfiles: the config's `files` key as discovery options. */
export interface ManifestReadOptions extends ManifestDiscoveryOptions {
  /** Paths already read as Dockerfiles: never read again as manifests. */
  except: ReadonlySet<string>;
}

/** A manifest as read: the file, the kind to read it as, and (Helm values) its chart's `Chart.yaml`. */
export interface ManifestRead<F extends SourceFile = SourceFile> {
  file: F;
  kind: ManifestKind;
  /** The chart's `Chart.yaml`, when the chart has a readable one (its `appVersion` is the tag of image maps without one). */
  chart?: SourceFile;
}

/** Where a scan reads the repository from; `F` is what the adapter knows of a file besides its text (a git mode). */
export interface RepoSource<F extends SourceFile = SourceFile> {
  /** The validated config; throws `ConfigError` when it is invalid. */
  readConfig(): Promise<RepoConfig>;
  /** The Dockerfiles of the repository. */
  listDockerfiles(match: DockerfileMatchOptions): Promise<{ files: F[]; skipped: SkippedFile[] }>;
  /**
   * The manifests of the repository (`discoverManifests`), read within `MANIFEST_READ_LIMITS`;
   * files left out are `skipped` with the reason. Sources without it scan Dockerfiles only.
   */
  listManifests?(options: ManifestReadOptions): Promise<{ files: ManifestRead<F>[]; skipped: SkippedFile[] }>;
  /** The workflow files (`.github/workflows/*.yml`), for sources that have them (GitHub). */
  listWorkflows?(): Promise<F[]>;
}

/** Progress of a long scan, for the CLI's stderr. */
export type ScanProgress =
  | { phase: 'files'; files: number; references: number }
  | { phase: 'tags'; done: number; total: number }
  | { phase: 'lookups'; done: number; total: number };

/**
 * What the security step (what each update fixes) reads through. The SBOM reader and the OSV
 * client are made once per process, so their caches serve every scan; `content` is the
 * registry client view the scan uses (its manifests by digest with every field, and blobs).
 */
export interface SecurityPort {
  content: Pick<RegistryClient, 'getManifestDocument' | 'getBlob'>;
  sbom: SbomReader;
  osv: { lookup(queries: readonly OsvQuery[]): Promise<OsvLookup> };
  /** @default SECURITY_LIMITS */
  limits?: Partial<SecurityLimits>;
}
