/**
 * Turns one workflow that builds Dockerfiles into a rebuild target, or into a missing-dispatch
 * entry when it has no `workflow_dispatch` trigger, checking the inputs a dispatch would send.
 */
import type { RebuildTarget } from '../config/schema.js';
import { renderDispatchSnippet } from './dispatch-snippet.js';
import { ANY_DOCKERFILE, type MissingDispatch, type RebuildProblem, type RebuildTargetPlan } from './types.js';
import type { Workflow } from './workflow-file.js';

/** Inputs the dispatcher fills itself when a workflow declares them. */
export const DISPATCHER_INPUTS: readonly string[] = ['reason', 'images'];

/** The outcome for one workflow. */
export interface WorkflowPlan {
  target?: RebuildTargetPlan;
  missing?: MissingDispatch;
  problems: RebuildProblem[];
}

/**
 * One path per build: the first candidate that is a known Dockerfile, else the first one.
 * Sorted and unique; `['*']` when any build may use any Dockerfile.
 */
export function pickDockerfiles(builds: readonly (readonly string[])[], known: ReadonlySet<string>): string[] {
  const picked = builds.map((candidates) => candidates.find((path) => known.has(path)) ?? candidates[0] ?? ANY_DOCKERFILE);
  if (picked.includes(ANY_DOCKERFILE)) return [ANY_DOCKERFILE];
  return [...new Set(picked)].sort();
}

/** The state key of a target: its path, with `@ref` when it runs on a configured ref. */
export function formatTargetKey(path: string, ref: string | undefined): string {
  return ref === undefined ? path : `${path}@${ref}`;
}

/** Configured inputs the workflow declares; problems for the others and for required inputs nobody fills. */
function checkInputs(
  workflow: Workflow,
  configured: Record<string, string>,
): { inputs: Record<string, string>; problems: RebuildProblem[]; blocked: boolean } {
  const declared = workflow.dispatchInputs ?? [];
  const names = new Set(declared.map((input) => input.name));
  const inputs: Record<string, string> = {};
  const problems: RebuildProblem[] = [];
  for (const [name, value] of Object.entries(configured)) {
    if (names.has(name)) inputs[name] = value;
    else
      problems.push({
        path: workflow.path,
        reason: `rebuild input "${name}" is not declared under workflow_dispatch.inputs; it is not sent`,
      });
  }
  const unfilled = declared.filter(
    (input) => input.required && input.default === undefined && !(input.name in inputs) && !DISPATCHER_INPUTS.includes(input.name),
  );
  for (const input of unfilled) {
    problems.push({
      path: workflow.path,
      reason: `workflow_dispatch input "${input.name}" is required and has no default; set it in rebuild.targets[].inputs`,
    });
  }
  return { inputs, problems, blocked: unfilled.length > 0 };
}

/** Plans one workflow file that builds `dockerfiles`, with its `rebuild.targets` entry when configured. */
export function planWorkflowTarget(workflow: Workflow, dockerfiles: string[], configured?: RebuildTarget): WorkflowPlan {
  if (workflow.dispatchInputs === null) {
    const missing: MissingDispatch = { path: workflow.path, dockerfiles, ...renderDispatchSnippet(workflow) };
    const problems =
      configured === undefined
        ? []
        : [
            {
              path: workflow.path,
              reason: `configured in rebuild.targets but has no workflow_dispatch trigger, so freshbase cannot run it`,
            },
          ];
    return { missing, problems };
  }
  const { inputs, problems, blocked } = checkInputs(workflow, configured?.inputs ?? {});
  if (blocked) return { problems };
  const ref = configured?.ref;
  const target: RebuildTargetPlan = {
    workflow: workflow.file,
    path: workflow.path,
    key: formatTargetKey(workflow.path, ref),
    ...(ref === undefined ? {} : { ref }),
    inputs,
    acceptsInputs: workflow.dispatchInputs.map((input) => input.name),
    dockerfiles,
  };
  return { target, problems };
}
