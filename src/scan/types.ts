/**
 * Types of a scan: what starts one (`ScanJob`) and what it hands the publisher (`ScanResult`,
 * the plan with the files it was made from).
 */
import type { RepoConfig } from '../config/schema.js';
import type { ImageRef, RefKind } from '../refs/index.js';
import type { DeclinedVersion, RepoPlan, Update } from '../plan/index.js';
import type { OpenVulnerabilities, SecurityReport } from '../security/index.js';
import type { ConfigError } from '../util/errors.js';
import type { SourceFile } from './ports.js';

/** Why a scan runs. */
export type ScanTrigger = 'cli' | 'onboarding' | 'push' | 'command' | 'schedule' | 'pull-request-closed';

/** One scan of one repository (or local checkout). */
export interface ScanJob {
  /** `owner/name` for a GitHub repository, or the directory for the CLI. */
  key: string;
  trigger: ScanTrigger;
  /** Versions maintainers declined, read by the app from GitHub before the scan; the CLI has none. @default none */
  declined?: readonly DeclinedVersion[];
}

/** A file (Dockerfile or manifest) left out, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

/**
 * Everything a scan found and planned: the value the publisher (pull requests, dashboard,
 * dispatch, or files on disk) works from. It carries the files it was made from, so the
 * publisher never reads them again.
 */
export interface ScanResult<F extends SourceFile = SourceFile> extends RepoPlan {
  job: ScanJob;
  /** The config in force; absent when it is invalid. */
  config?: RepoConfig;
  configError?: ConfigError;
  /** Files read (Dockerfiles and manifests), repository-relative, with their contents and kind. */
  files: ScannedFile<F>[];
  /** Workflow files read (`.github/workflows/*.yml`), when the source has them. */
  workflows: F[];
  skippedFiles: SkippedFile[];
  references: ImageRef[];
  /** When the scan ran (ISO 8601). */
  scannedAt: string;
  /** What each tagged base image points at now (null when the lookup failed), for rebuild decisions. */
  baseImages: BaseImage[];
  /** What each update fixes and what the images in use carry; absent when the scan was not asked (CLI without `--security`). */
  security?: ScanSecurity;
}

/** The security step's results (scan/assess-security.ts), keyed by the plan's own objects. */
export interface ScanSecurity {
  /** What each update fixes, by the plan's `Update` objects (the same in `proposals` and `groups`); an update absent was not assessed. */
  bumps: ReadonlyMap<Update, SecurityReport>;
  /** Updates that change the image but were not compared, with the reason (plain text, no untrusted value). */
  unassessed: ReadonlyMap<Update, string>;
  /** Known vulnerabilities of the image each reference runs now, by the plan's `ImageRef` objects (references with a proposal or a flagged line). */
  current: ReadonlyMap<ImageRef, OpenVulnerabilities>;
  /** Image pairs and current images left unassessed past the per-scan limits. */
  skipped: { bumps: number; images: number };
}

/** A file a scan read references from, with the kind it was read as. */
export type ScannedFile<F extends SourceFile = SourceFile> = F & { kind: RefKind };

/** A tagged base image used by a Dockerfile and its current upstream digest. */
export interface BaseImage {
  file: string;
  /** Full name with tag: `docker.io/library/python:3.11-slim`. */
  image: string;
  digest: string | null;
}
