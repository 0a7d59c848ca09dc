/**
 * Types of the rebuild layer: which workflows rebuild which Dockerfiles, and the state of
 * the last dispatched rebuild.
 *
 * Owns: `RebuildTargetPlan`, `MissingDispatch`, `RebuildProblem`, `LastRebuild`.
 * May import: zod. Must not: do I/O.
 */
import { z } from 'zod';

/** In `RebuildTargetPlan.dockerfiles`: the workflow may build any Dockerfile (its path is an expression). */
export const ANY_DOCKERFILE = '*';

/** A workflow freshbase may dispatch with `workflow_dispatch` to rebuild images. */
export interface RebuildTargetPlan {
  /** Workflow file name (`build.yml`), or its numeric id when configured by id. */
  workflow: string | number;
  /** Repository-relative path of the workflow file; null for a workflow configured by numeric id. */
  path: string | null;
  /**
   * Key of this target's `LastRebuild` in the rebuild marker: the path (`.github/workflows/build.yml`),
   * `path@ref` when a ref is configured, or `workflow-id:123` for a workflow configured by id.
   */
  key: string;
  /** Branch or tag to run on; the default branch when absent. */
  ref?: string;
  /** Inputs passed with every dispatch (from the config; declared by the workflow). */
  inputs: Record<string, string>;
  /** Input names the workflow declares under `workflow_dispatch.inputs`; `reason` and `images` are passed only when listed. */
  acceptsInputs: string[];
  /** Repository-relative Dockerfile paths the workflow builds, sorted; `['*']` when it may build any. */
  dockerfiles: string[];
}

/** A workflow that builds Dockerfiles but cannot be dispatched. freshbase never edits workflows: the dashboard shows the snippet. */
export interface MissingDispatch {
  /** Repository-relative path of the workflow file. */
  path: string;
  /** As in `RebuildTargetPlan.dockerfiles`. */
  dockerfiles: string[];
  /**
   * YAML to add. With `edit: 'insert-under-on'` these are lines to add under the `on:` map, already
   * indented; with `edit: 'replace-on'` (the triggers are a string or a list) a whole `on:` block
   * that replaces the current one.
   */
  snippet: string;
  edit: 'insert-under-on' | 'replace-on';
  /** 1-based line of the `on:` key; null when the workflow has none. */
  line: number | null;
}

/** Why a workflow or a configured target cannot be used as it is. */
export interface RebuildProblem {
  /** Repository-relative path of the workflow file. */
  path: string;
  /** 1-based line, when the problem has one. */
  line?: number;
  /** One sentence, for the dashboard. */
  reason: string;
}

/** What `detectRebuildTargets` finds. */
export interface RebuildTargets {
  targets: RebuildTargetPlan[];
  missingDispatch: MissingDispatch[];
  problems: RebuildProblem[];
}

const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
/** Keys are paths and image names: no `__proto__`, nothing that needs escaping. */
const SafeKey = z
  .string()
  .min(1)
  .max(300)
  .regex(/^[A-Za-z0-9_.:/@#+-]+$/)
  .refine((key) => key !== '__proto__' && key !== 'constructor' && key !== 'prototype', 'reserved key');

/** The last rebuild freshbase dispatched for one target, kept in the dashboard marker. */
export const LastRebuild = z.object({
  /** When the dispatch was made (ISO 8601). */
  at: z.iso.datetime({ offset: true }),
  /** Digest of each base image (`docker.io/library/python:3.11-slim`) at that time. */
  digests: z.record(SafeKey, z.string().regex(DIGEST)).refine((digests) => Object.keys(digests).length <= 500, 'too many images'),
  /** The workflow run the dispatch started, once known. */
  runId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  /** That run's conclusion (`success`, `failure`, ...), once known. */
  conclusion: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional(),
});
export type LastRebuild = z.infer<typeof LastRebuild>;

/** Rebuild state of every target, by `RebuildTargetPlan.key`. */
export const RebuildState = z.record(SafeKey, LastRebuild).refine((state) => Object.keys(state).length <= 200, 'too many targets');
export type RebuildState = z.infer<typeof RebuildState>;
