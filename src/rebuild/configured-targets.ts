/**
 * Rebuild targets listed in `rebuild.targets`: they replace detection. Each is checked against
 * the workflow files (exists, has `workflow_dispatch`, declares the configured inputs).
 */
import type { RebuildTarget } from '../config/schema.js';
import { formatTargetKey, pickDockerfiles, planWorkflowTarget } from './target-plan.js';
import { ANY_DOCKERFILE, type RebuildProblem, type RebuildTargets } from './types.js';
import { findWorkflowBuilds, type WorkflowLookup } from './workflow-builds.js';
import type { Workflow } from './workflow-file.js';
import { compileGlobs, createMatchBudget, type MatchBudget } from '../util/glob.js';

/** What configured targets are checked against. */
export interface ConfiguredTargetContext {
  /** Readable workflow files, by path. */
  workflows: ReadonlyMap<string, Workflow>;
  /** Paths of workflow files that could not be read (their problem is already reported). */
  unreadable: ReadonlySet<string>;
  /** Repository-relative paths of the Dockerfiles freshbase scans. */
  dockerfiles: readonly string[];
  lookup: WorkflowLookup;
}

const WORKFLOW_DIRECTORY = '.github/workflows/';

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The Dockerfiles matching the configured globs; a problem when none does. */
function matchGlobs(
  globs: readonly string[],
  dockerfiles: readonly string[],
  where: { path: string; index: number; budget: MatchBudget },
): { paths: string[]; problem?: RebuildProblem } {
  const isMatch = compileGlobs(
    globs.map((glob) => glob.replace(/^\.\//, '')),
    where.budget,
  );
  const paths = dockerfiles.filter((path) => isMatch(path)).sort();
  if (paths.length > 0) return { paths };
  return {
    paths,
    problem: { path: where.path, reason: `rebuild.targets[${where.index}].dockerfiles (${globs.join(', ')}) matches no Dockerfile` },
  };
}

/** Plans the configured targets. Detection is skipped; `dockerfiles` globs are resolved, else detected, else any. */
export function planConfiguredTargets(configured: readonly RebuildTarget[], context: ConfiguredTargetContext): RebuildTargets {
  const result: RebuildTargets = { targets: [], missingDispatch: [], problems: [] };
  const keys = new Set<string>();
  const budget = createMatchBudget('rebuild.targets[].dockerfiles');
  for (const [index, entry] of configured.entries()) {
    const byId = typeof entry.workflow === 'number';
    const path = byId ? `${WORKFLOW_DIRECTORY}#${String(entry.workflow)}` : `${WORKFLOW_DIRECTORY}${String(entry.workflow)}`;
    const key = byId ? formatTargetKey(`workflow-id:${String(entry.workflow)}`, entry.ref) : formatTargetKey(path, entry.ref);
    if (keys.has(key)) {
      result.problems.push({ path, reason: `rebuild.targets[${index}] repeats a workflow and ref already listed; ignored` });
      continue;
    }
    keys.add(key);
    const globbed =
      entry.dockerfiles === undefined ? undefined : matchGlobs(entry.dockerfiles, context.dockerfiles, { path, index, budget });
    if (globbed?.problem !== undefined) result.problems.push(globbed.problem);
    if (typeof entry.workflow === 'number') {
      const dockerfiles = globbed?.paths ?? [ANY_DOCKERFILE];
      const ref = entry.ref;
      result.targets.push({
        workflow: entry.workflow,
        path: null,
        key,
        ...(ref === undefined ? {} : { ref }),
        inputs: { ...entry.inputs },
        acceptsInputs: [],
        dockerfiles,
      });
      continue;
    }
    const name = entry.workflow;
    const workflow = [...context.workflows.values()].find((candidate) => candidate.file === name);
    if (workflow === undefined) {
      const unreadable = [...context.unreadable].some((candidate) => fileName(candidate) === name);
      if (!unreadable) result.problems.push({ path, reason: 'configured in rebuild.targets but the workflow file does not exist' });
      continue;
    }
    const builds = findWorkflowBuilds(workflow, context.lookup);
    const dockerfiles = globbed?.paths ?? (builds.length > 0 ? pickDockerfiles(builds, new Set(context.dockerfiles)) : [ANY_DOCKERFILE]);
    const plan = planWorkflowTarget(workflow, dockerfiles, entry);
    if (plan.target !== undefined) result.targets.push(plan.target);
    if (plan.missing !== undefined) result.missingDispatch.push(plan.missing);
    result.problems.push(...plan.problems);
  }
  return result;
}
