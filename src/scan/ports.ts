/**
 * Ports: what a scan needs from the edges. Adapters (local checkout, GitHub repository,
 * registry client) match these structurally.
 */
import type { RepoConfig } from '../config/schema.js';
import type { DockerfileMatchOptions } from '../dockerfile/index.js';
import type { RegistryPort } from './gather-facts.js';
import type { SkippedFile } from './types.js';

export type { RegistryPort };

/** A file read from a repository. */
export interface SourceFile {
  /** Repository-relative path with `/` separators. */
  path: string;
  content: string;
}

/** Where a scan reads the repository from; `F` is what the adapter knows of a file besides its text (a git mode). */
export interface RepoSource<F extends SourceFile = SourceFile> {
  /** The validated config; throws `ConfigError` when it is invalid. */
  readConfig(): Promise<RepoConfig>;
  /** The Dockerfiles of the repository. */
  listDockerfiles(match: DockerfileMatchOptions): Promise<{ files: F[]; skipped: SkippedFile[] }>;
  /** The workflow files (`.github/workflows/*.yml`), for sources that have them (GitHub). */
  listWorkflows?(): Promise<F[]>;
}

/** Progress of a long scan, for the CLI's stderr. */
export type ScanProgress =
  | { phase: 'files'; files: number; references: number }
  | { phase: 'tags'; done: number; total: number }
  | { phase: 'lookups'; done: number; total: number };
