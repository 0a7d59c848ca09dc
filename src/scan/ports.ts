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
  path: string;
  content: string;
}

/** Where a scan reads the repository from. */
export interface RepoSource {
  /** The validated config; throws `ConfigError` when it is invalid. */
  readConfig(): Promise<RepoConfig>;
  /** The Dockerfiles of the repository. */
  listDockerfiles(match: DockerfileMatchOptions): Promise<{ files: SourceFile[]; skipped: SkippedFile[] }>;
}

/** Progress of a long scan, for the CLI's stderr. */
export type ScanProgress =
  | { phase: 'files'; files: number; references: number }
  | { phase: 'tags'; done: number; total: number }
  | { phase: 'lookups'; done: number; total: number };
