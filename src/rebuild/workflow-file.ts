/**
 * Reads a GitHub Actions workflow file into the few parts rebuild detection uses: triggers,
 * declared inputs, env, jobs and steps, and where the `on:` key sits. Never throws: a file that
 * is too large, not YAML or not a workflow gives a `RebuildProblem` with its line.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { RebuildProblem } from './types.js';

/** Largest workflow file read. @default 256 KiB */
export const MAX_WORKFLOW_LENGTH = 256 * 1024;

/** An input declared under `workflow_dispatch` or `workflow_call`. */
export interface WorkflowInput {
  name: string;
  required: boolean;
  default?: string;
}

/** One step: an action (`uses`, `with`) or a script (`run`). */
export interface WorkflowStep {
  uses?: string;
  with: Record<string, string>;
  run?: string;
  workingDirectory?: string;
  env: Record<string, string>;
}

/** One job: steps, or a call of a reusable workflow (`uses`, `with`). */
export interface WorkflowJob {
  id: string;
  uses?: string;
  with: Record<string, string>;
  steps: WorkflowStep[];
  env: Record<string, string>;
  /** `defaults.run.working-directory` of the job, else of the workflow. */
  workingDirectory?: string;
  /** Image of the job's `container:`. */
  container?: string;
}

/** How the `on:` key is written, for the snippet that adds `workflow_dispatch`. */
export interface OnKey {
  /** `map`: a block map lines can be added to; `inline`: a string, a list or a flow map; `none`: no `on:`. */
  form: 'map' | 'inline' | 'none';
  /** 1-based line of the `on:` key. */
  line: number | null;
  /** Column (0-based) of the `on:` key. */
  indent: number;
  /** Column (0-based) of the first trigger under a block map. */
  childIndent: number | null;
  /** The parsed `on` value. */
  value: unknown;
}

/** The parts of a workflow file rebuild detection reads. */
export interface Workflow {
  path: string;
  /** File name: `build.yml`. */
  file: string;
  /** Trigger names, in file order. */
  triggers: string[];
  /** Inputs of `workflow_dispatch`; null when the workflow cannot be dispatched. */
  dispatchInputs: WorkflowInput[] | null;
  /** Inputs of `workflow_call`; null when the workflow is not reusable. */
  callInputs: WorkflowInput[] | null;
  on: OnKey;
  env: Record<string, string>;
  jobs: WorkflowJob[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The scalar entries of a map, as text (`with:`, `env:`). */
function textMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!isObject(value)) return result;
  for (const [key, entry] of Object.entries(value)) {
    const text = asText(entry);
    if (text !== undefined) result[key] = text;
  }
  return result;
}

function readInputs(trigger: unknown): WorkflowInput[] {
  if (!isObject(trigger) || !isObject(trigger.inputs)) return [];
  return Object.entries(trigger.inputs).map(([name, spec]) => {
    const fallback = isObject(spec) ? asText(spec.default) : undefined;
    return { name, required: isObject(spec) && spec.required === true, ...(fallback === undefined ? {} : { default: fallback }) };
  });
}

function workingDirectoryOf(value: unknown): string | undefined {
  return isObject(value) && isObject(value.run) ? asText(value.run['working-directory']) : undefined;
}

function readStep(value: unknown): WorkflowStep | null {
  if (!isObject(value)) return null;
  const uses = asText(value.uses);
  const run = asText(value.run);
  const workingDirectory = asText(value['working-directory']);
  return {
    ...(uses === undefined ? {} : { uses }),
    with: textMap(value.with),
    ...(run === undefined ? {} : { run }),
    ...(workingDirectory === undefined ? {} : { workingDirectory }),
    env: textMap(value.env),
  };
}

function readJob(id: string, value: unknown, workflowDirectory: string | undefined): WorkflowJob | null {
  if (!isObject(value)) return null;
  const uses = asText(value.uses);
  const workingDirectory = workingDirectoryOf(value.defaults) ?? workflowDirectory;
  const container = isObject(value.container) ? asText(value.container.image) : asText(value.container);
  const steps = Array.isArray(value.steps) ? value.steps.map(readStep).filter((step) => step !== null) : [];
  return {
    id,
    ...(uses === undefined ? {} : { uses }),
    with: textMap(value.with),
    steps,
    env: textMap(value.env),
    ...(workingDirectory === undefined ? {} : { workingDirectory }),
    ...(container === undefined ? {} : { container }),
  };
}

/** The `on` value: YAML 1.1 files read `on` as the boolean `true`. */
function triggersValue(root: Json): unknown {
  return 'on' in root ? root.on : root.true;
}

function triggerNames(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.filter((name): name is string => typeof name === 'string');
  return isObject(on) ? Object.keys(on) : [];
}

/** Where `on:` is and how it is written. */
function locateOn(document: Document, counter: LineCounter, value: unknown): Omit<OnKey, 'value'> {
  const root = document.contents;
  if (!isMap(root)) return { form: 'none', line: null, indent: 0, childIndent: null };
  const pair = root.items.find((item) => isScalar(item.key) && (item.key.value === 'on' || item.key.value === true));
  const keyStart = isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
  if (pair === undefined || keyStart === undefined) return { form: 'none', line: null, indent: 0, childIndent: null };
  const key = counter.linePos(keyStart);
  const node = pair.value;
  const first = isMap(node) && !node.flow && isObject(value) ? node.items[0] : undefined;
  const childStart = isScalar(first?.key) ? first.key.range?.[0] : undefined;
  if (childStart === undefined) return { form: 'inline', line: key.line, indent: key.col - 1, childIndent: null };
  return { form: 'map', line: key.line, indent: key.col - 1, childIndent: counter.linePos(childStart).col - 1 };
}

/** Parses a workflow file. Never throws. */
export function readWorkflow(path: string, content: string): { ok: true; workflow: Workflow } | { ok: false; problem: RebuildProblem } {
  if (content.length > MAX_WORKFLOW_LENGTH) {
    return { ok: false, problem: { path, reason: `workflow is larger than ${MAX_WORKFLOW_LENGTH / 1024} KiB; not read` } };
  }
  const counter = new LineCounter();
  const document = parseDocument(content, { lineCounter: counter, uniqueKeys: false, prettyErrors: false });
  const error = document.errors[0];
  if (error !== undefined) {
    const line = counter.linePos(error.pos[0]).line;
    const message = error.message.split('\n')[0] ?? 'invalid YAML';
    return { ok: false, problem: { path, line, reason: `invalid YAML at line ${line}: ${message}` } };
  }
  let root: unknown;
  try {
    root = document.toJS({ maxAliasCount: 100 });
  } catch (error: unknown) {
    return { ok: false, problem: { path, reason: `workflow cannot be read: ${error instanceof Error ? error.message : String(error)}` } };
  }
  if (!isObject(root) || !isObject(root.jobs)) return { ok: false, problem: { path, reason: 'not a workflow: it has no jobs map' } };
  const on = triggersValue(root);
  const triggers = triggerNames(on);
  const dispatch = isObject(on) ? on.workflow_dispatch : undefined;
  const call = isObject(on) ? on.workflow_call : undefined;
  const workingDirectory = workingDirectoryOf(root.defaults);
  const jobs = Object.entries(root.jobs).map(([id, job]) => readJob(id, job, workingDirectory));
  return {
    ok: true,
    workflow: {
      path,
      file: path.slice(path.lastIndexOf('/') + 1),
      triggers,
      dispatchInputs: triggers.includes('workflow_dispatch') ? readInputs(dispatch) : null,
      callInputs: triggers.includes('workflow_call') ? readInputs(call) : null,
      on: { ...locateOn(document, counter, on), value: on },
      env: textMap(root.env),
      jobs: jobs.filter((job) => job !== null),
    },
  };
}
