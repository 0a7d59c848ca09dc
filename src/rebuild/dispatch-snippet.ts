/**
 * The YAML a maintainer adds so freshbase can dispatch a build workflow. freshbase never edits
 * workflow files; the dashboard shows this snippet.
 */
import { stringify } from 'yaml';
import type { MissingDispatch } from './types.js';
import type { Workflow } from './workflow-file.js';

const TRIGGER = { workflow_dispatch: { inputs: { reason: { description: 'Why freshbase rebuilds', required: false } } } };

/** Indents every non-empty line. */
function indent(text: string, columns: number): string {
  const pad = ' '.repeat(columns);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : `${pad}${line}`))
    .join('\n');
}

/** The `on` value as a map of triggers: `push` and `[push, pull_request]` become `{ push: null, ... }`. */
function triggerMap(workflow: Workflow): Record<string, unknown> {
  const value = workflow.on.value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { ...(value as Record<string, unknown>) };
  return Object.fromEntries(workflow.triggers.map((name) => [name, null]));
}

/**
 * The snippet that adds `workflow_dispatch` (with an optional `reason` input) to a workflow:
 * lines to insert under a block `on:` map, indented like its triggers, or else a whole `on:` block.
 */
export function renderDispatchSnippet(workflow: Workflow): Pick<MissingDispatch, 'snippet' | 'edit' | 'line'> {
  const { on } = workflow;
  if (on.form === 'map' && on.childIndent !== null) {
    const step = on.childIndent > on.indent ? on.childIndent - on.indent : 2;
    const lines = stringify(TRIGGER, { indent: step, nullStr: '' });
    return { snippet: indent(lines, on.childIndent), edit: 'insert-under-on', line: on.line };
  }
  const block = stringify({ on: { ...triggerMap(workflow), ...TRIGGER } }, { indent: 2, nullStr: '' });
  return { snippet: indent(block, on.indent), edit: 'replace-on', line: on.line };
}
