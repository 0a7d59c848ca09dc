/**
 * Owns GitHub Actions state derived from git: which workflows a repo has (files under
 * `.github/workflows/` on the default branch, with stable ids) and what a workflow file's
 * `workflow_dispatch` trigger accepts. Imports `yaml` and state. Must not create runs.
 */
import { parse } from 'yaml';
import type { Repo, SimState } from './sim-state.js';

/** A workflow file on a branch. */
export interface WorkflowFile {
  readonly id: number;
  readonly path: string;
  readonly name: string;
  readonly content: string;
}

/** What a workflow's `on.workflow_dispatch` accepts; `undefined` when it has no such trigger. */
export interface DispatchTrigger {
  readonly inputs: ReadonlyMap<string, { readonly required: boolean; readonly default?: string }>;
}

const WORKFLOW_FILE = /^\.github\/workflows\/[^/]+\.ya?ml$/;

/** Workflow files at `ref` (default: the default branch), each with its stable id. */
export function listWorkflows(state: SimState, repo: Repo, ref: string = repo.defaultBranch): WorkflowFile[] {
  const tip = repo.git.resolveCommitish(ref);
  const tree = tip === undefined ? undefined : repo.git.getCommit(tip)?.tree;
  if (tree === undefined) return [];
  const files = [...repo.git.flattenTree(tree).values()].filter((entry) => WORKFLOW_FILE.test(entry.path));
  return files.map((entry) => {
    const content = repo.git.getBlob(entry.sha)?.toString('utf8') ?? '';
    let id = repo.workflowIds.get(entry.path);
    if (id === undefined) {
      id = state.nextId();
      repo.workflowIds.set(entry.path, id);
    }
    return { id, path: entry.path, name: readWorkflowName(content) ?? entry.path, content };
  });
}

/** Finds a default-branch workflow by numeric id or by file name (`build.yml`). */
export function findWorkflow(state: SimState, repo: Repo, idOrFileName: string): WorkflowFile | undefined {
  return listWorkflows(state, repo).find(
    (workflow) => String(workflow.id) === idOrFileName || workflow.path.split('/').pop() === idOrFileName,
  );
}

function parseWorkflow(content: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = parse(content);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function readWorkflowName(content: string): string | undefined {
  const name = parseWorkflow(content)?.name;
  return typeof name === 'string' ? name : undefined;
}

/** Reads a workflow file's `workflow_dispatch` trigger and its inputs. */
export function readDispatchTrigger(content: string): DispatchTrigger | undefined {
  const document = parseWorkflow(content);
  const on: unknown = document?.on ?? document?.true;
  if (on === 'workflow_dispatch') return { inputs: new Map() };
  if (Array.isArray(on)) return on.includes('workflow_dispatch') ? { inputs: new Map() } : undefined;
  if (typeof on !== 'object' || on === null || !('workflow_dispatch' in on)) return undefined;
  const dispatch: unknown = (on as Record<string, unknown>).workflow_dispatch;
  const declared: unknown = typeof dispatch === 'object' && dispatch !== null ? (dispatch as Record<string, unknown>).inputs : undefined;
  const inputs = new Map<string, { required: boolean; default?: string }>();
  if (typeof declared === 'object' && declared !== null) {
    for (const [name, spec] of Object.entries(declared as Record<string, unknown>)) {
      const fields = typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>) : {};
      const fallback = fields.default;
      const scalar = typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean';
      inputs.set(name, { required: fields.required === true, ...(scalar ? { default: String(fallback) } : {}) });
    }
  }
  return { inputs };
}
