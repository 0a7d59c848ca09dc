/**
 * Rebuild targets: which GitHub Actions workflows rebuild which Dockerfiles, and whether
 * freshbase can dispatch them.
 *
 * Owns: `detectRebuildTargets` (workflow YAML → targets, missing `workflow_dispatch` snippets,
 * problems) and `buildsDockerfile`.
 * May import: config/, dockerfile/, oci/, util/ (globs through util/glob), `yaml`.
 * Must not: do I/O, throw on bad input, or edit workflow files (the dashboard shows snippets).
 */
import type { RebuildTarget } from '../config/schema.js';
import { planConfiguredTargets } from './configured-targets.js';
import { pickDockerfiles, planWorkflowTarget } from './target-plan.js';
import { ANY_DOCKERFILE, type RebuildProblem, type RebuildTargetPlan, type RebuildTargets } from './types.js';
import { findCalledWorkflows, findWorkflowBuilds } from './workflow-builds.js';
import { readWorkflow, type Workflow } from './workflow-file.js';

export { ANY_DOCKERFILE } from './types.js';
export type { MissingDispatch, RebuildProblem, RebuildTargetPlan, RebuildTargets } from './types.js';

/** Inputs of `detectRebuildTargets`. */
export interface DetectRebuildTargetsInput {
  /** Workflow files (`.github/workflows/*.yml`) with their text. Other files are ignored. */
  workflows: readonly { path: string; content: string }[];
  /** Repository-relative paths of the Dockerfiles freshbase scans. */
  dockerfiles: readonly string[];
  /** `rebuild.targets` from the config: when present they replace detection. */
  configured?: readonly RebuildTarget[];
}

/** Readable workflows by path, and the problems of the others. */
interface WorkflowIndex {
  workflows: Map<string, Workflow>;
  unreadable: Set<string>;
  problems: RebuildProblem[];
}

function readWorkflows(files: DetectRebuildTargetsInput['workflows']): WorkflowIndex {
  const index: WorkflowIndex = { workflows: new Map(), unreadable: new Set(), problems: [] };
  const sorted = files.filter((file) => /\.ya?ml$/i.test(file.path)).sort((a, b) => a.path.localeCompare(b.path));
  for (const file of sorted) {
    const read = readWorkflow(file.path, file.content);
    if (read.ok) {
      index.workflows.set(file.path, read.workflow);
    } else {
      index.unreadable.add(file.path);
      index.problems.push(read.problem);
    }
  }
  return index;
}

/** Problems for Dockerfiles a workflow builds that are not among the scanned ones. */
function unknownDockerfiles(path: string, dockerfiles: readonly string[], known: ReadonlySet<string>): RebuildProblem[] {
  return dockerfiles
    .filter((dockerfile) => dockerfile !== ANY_DOCKERFILE && !known.has(dockerfile))
    .map((dockerfile) => ({ path, reason: `builds ${dockerfile}, which is not among the Dockerfiles freshbase scans` }));
}

function detect(index: WorkflowIndex, known: ReadonlySet<string>): RebuildTargets {
  const result: RebuildTargets = { targets: [], missingDispatch: [], problems: [...index.problems] };
  const lookup = (path: string): Workflow | undefined => index.workflows.get(path);
  const called = new Set([...index.workflows.values()].flatMap(findCalledWorkflows));
  for (const workflow of index.workflows.values()) {
    const builds = findWorkflowBuilds(workflow, lookup);
    if (builds.length === 0) continue;
    // A reusable workflow without its own dispatch is represented by the workflows calling it.
    if (workflow.dispatchInputs === null && called.has(workflow.path)) continue;
    const dockerfiles = pickDockerfiles(builds, known);
    const plan = planWorkflowTarget(workflow, dockerfiles);
    if (plan.target !== undefined) result.targets.push(plan.target);
    if (plan.missing !== undefined) result.missingDispatch.push(plan.missing);
    result.problems.push(...plan.problems, ...unknownDockerfiles(workflow.path, dockerfiles, known));
  }
  return result;
}

/**
 * Finds the workflows that build the repository's Dockerfiles. A build workflow with
 * `workflow_dispatch` becomes a target; one without gets a `MissingDispatch` snippet. Configured
 * targets, when present, are used instead of detection. Never throws: unreadable workflows and
 * unusable configured targets become `problems`.
 */
export function detectRebuildTargets(input: DetectRebuildTargetsInput): RebuildTargets {
  const index = readWorkflows(input.workflows);
  if (input.configured !== undefined) {
    const lookup = (path: string): Workflow | undefined => index.workflows.get(path);
    const planned = planConfiguredTargets(input.configured, { ...index, dockerfiles: input.dockerfiles, lookup });
    return { ...planned, problems: [...index.problems, ...planned.problems] };
  }
  return detect(index, new Set(input.dockerfiles));
}

/** Whether a target builds the Dockerfile at `path` (repository-relative); `*` matches every path. */
export function buildsDockerfile(target: Pick<RebuildTargetPlan, 'dockerfiles'>, path: string): boolean {
  return target.dockerfiles.includes(ANY_DOCKERFILE) || target.dockerfiles.includes(path);
}
