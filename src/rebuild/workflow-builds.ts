/**
 * Which Dockerfiles a workflow builds: `docker/build-push-action`, `redhat-actions/buildah-build`,
 * `docker/bake-action`, kaniko run as an action, build commands in `run:` scripts, and the same
 * inside local reusable workflows its jobs call (`uses: ./.github/workflows/docker.yml`).
 */
import { contextDockerfile, isRemoteContext, resolveRepoPath, substituteVariables, type PathVariables } from './dockerfile-path.js';
import { findShellBuilds } from './shell-builds.js';
import { ANY_DOCKERFILE } from './types.js';
import type { Workflow, WorkflowInput, WorkflowJob, WorkflowStep } from './workflow-file.js';

/** Finds a workflow of the repository by path; undefined when absent or unreadable. */
export type WorkflowLookup = (path: string) => Workflow | undefined;

/** GitHub nests reusable workflows at most four levels deep. */
const MAX_CALL_DEPTH = 4;
const KANIKO_IMAGE = /kaniko[^\s]*\/executor(?:[:@]|$)/;
const DEFAULT_CONTEXT = '{{defaultContext}}';

/** `docker/build-push-action`: `file`, else `<context>/Dockerfile`; the Git context is the repository root. */
function buildPushFiles(inputs: Record<string, string>, variables: PathVariables): string[][] {
  const context = inputs.context?.trim() ?? '';
  const file = inputs.file?.trim() ?? '';
  if (context.startsWith(DEFAULT_CONTEXT)) {
    const subdirectory = context.slice(DEFAULT_CONTEXT.length).replace(/^:/, '') || '.';
    return [[file === '' ? contextDockerfile(subdirectory, '.', variables) : resolveRepoPath(file, subdirectory, variables)]];
  }
  if (context !== '' && isRemoteContext(context)) return [[ANY_DOCKERFILE]];
  if (file !== '') return [[resolveRepoPath(file, '.', variables)]];
  return [[contextDockerfile(context === '' ? '.' : context, '.', variables)]];
}

/** `redhat-actions/buildah-build`: `containerfiles` (or the older `dockerfiles`), one per line or comma. */
function buildahActionFiles(inputs: Record<string, string>, variables: PathVariables): string[][] {
  const list = inputs.containerfiles ?? inputs.dockerfiles ?? '';
  return list
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => [resolveRepoPath(entry, '.', variables)]);
}

function stepBuilds(step: WorkflowStep, job: WorkflowJob, variables: PathVariables): string[][] {
  const uses = step.uses?.trim().toLowerCase() ?? '';
  if (uses.startsWith('docker/build-push-action@')) return buildPushFiles(step.with, variables);
  if (uses.startsWith('redhat-actions/buildah-build@')) return buildahActionFiles(step.with, variables);
  if (uses.startsWith('docker/bake-action@')) return [[ANY_DOCKERFILE]];
  const context = {
    workingDirectory: step.workingDirectory ?? job.workingDirectory ?? '.',
    variables,
    kanikoContainer: KANIKO_IMAGE.test(job.container ?? ''),
  };
  if (uses.startsWith('docker://') && KANIKO_IMAGE.test(uses)) return findShellBuilds(`/kaniko/executor ${step.with.args ?? ''}`, context);
  return step.run === undefined ? [] : findShellBuilds(step.run, context);
}

/** Defaults of declared inputs, overlaid by the values a caller passes. */
function inputValues(workflow: Workflow, callerInputs: ReadonlyMap<string, string>): Map<string, string> {
  const declared: WorkflowInput[] = [...(workflow.dispatchInputs ?? []), ...(workflow.callInputs ?? [])];
  const values = new Map<string, string>();
  for (const input of declared) if (input.default !== undefined) values.set(input.name, input.default);
  for (const [name, value] of callerInputs) values.set(name, value);
  return values;
}

function variablesOf(workflow: Workflow, job: WorkflowJob, step: WorkflowStep | null, inputs: ReadonlyMap<string, string>): PathVariables {
  const env = new Map(Object.entries({ ...workflow.env, ...job.env, ...(step?.env ?? {}) }));
  return { env, inputs };
}

/** Repository-relative path of a local reusable workflow (`./.github/workflows/x.yml`); null for a remote one. */
function localWorkflowPath(uses: string): string | null {
  const trimmed = uses.trim();
  if (!trimmed.startsWith('./')) return null;
  const path = resolveRepoPath(trimmed, '.');
  return path === ANY_DOCKERFILE ? null : path;
}

interface Walk {
  lookup: WorkflowLookup;
  depth: number;
  /** Paths on the current call chain, so a cycle ends. */
  chain: ReadonlySet<string>;
}

function jobBuilds(workflow: Workflow, job: WorkflowJob, inputs: ReadonlyMap<string, string>, walk: Walk): string[][] {
  if (job.uses !== undefined) {
    const path = localWorkflowPath(job.uses);
    const callee = path === null ? undefined : walk.lookup(path);
    if (path === null || callee === undefined || walk.depth >= MAX_CALL_DEPTH || walk.chain.has(path)) return [];
    const variables = variablesOf(workflow, job, null, inputs);
    const passed = new Map(Object.entries(job.with).map(([name, value]) => [name, substituteVariables(value, variables)]));
    return collectBuilds(callee, passed, { lookup: walk.lookup, depth: walk.depth + 1, chain: new Set([...walk.chain, path]) });
  }
  return job.steps.flatMap((step) => stepBuilds(step, job, variablesOf(workflow, job, step, inputs)));
}

function collectBuilds(workflow: Workflow, callerInputs: ReadonlyMap<string, string>, walk: Walk): string[][] {
  const inputs = inputValues(workflow, callerInputs);
  return workflow.jobs.flatMap((job) => jobBuilds(workflow, job, inputs, walk));
}

/**
 * The Dockerfiles a workflow builds, directly or through the local reusable workflows it calls.
 * Each entry lists candidate paths in order of preference; `*` means any Dockerfile.
 */
export function findWorkflowBuilds(workflow: Workflow, lookup: WorkflowLookup): string[][] {
  return collectBuilds(workflow, new Map(), { lookup, depth: 0, chain: new Set([workflow.path]) });
}

/** Paths of the local reusable workflows the workflow's jobs call. */
export function findCalledWorkflows(workflow: Workflow): string[] {
  return workflow.jobs.flatMap((job) => {
    const path = job.uses === undefined ? null : localWorkflowPath(job.uses);
    return path === null ? [] : [path];
  });
}
