/**
 * Types of a scan: what starts one (`ScanJob`) and what it finds (`ScanResult`).
 */
import type { RepoConfig } from '../config/schema.js';
import type { ImageRef } from '../refs/index.js';
import type { Proposal } from '../plan/index.js';
import type { ConfigError } from '../util/errors.js';

/** Why a scan runs. */
export type ScanTrigger = 'cli' | 'onboarding' | 'push' | 'command' | 'schedule' | 'pull-request-closed';

/** One scan of one repository (or local checkout). */
export interface ScanJob {
  /** `owner/name` for a GitHub repository, or the directory for the CLI. */
  key: string;
  trigger: ScanTrigger;
}

/** A Dockerfile left out, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/** Everything a scan found. */
export interface ScanResult {
  job: ScanJob;
  /** The config in force; absent when it is invalid. */
  config?: RepoConfig;
  configError?: ConfigError;
  /** Dockerfiles read, repository-relative. */
  files: string[];
  skippedFiles: SkippedFile[];
  references: ImageRef[];
  /** One proposal per reference, in file and line order. */
  proposals: Proposal[];
  /** When the scan ran (ISO 8601). */
  scannedAt: string;
  /** What each tagged base image points at now (null when the lookup failed), for rebuild decisions. */
  baseImages: BaseImage[];
}

/** A tagged base image used by a Dockerfile and its current upstream digest. */
export interface BaseImage {
  file: string;
  /** Full name with tag: `docker.io/library/python:3.11-slim`. */
  image: string;
  digest: string | null;
}
