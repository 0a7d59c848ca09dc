/**
 * Scheduled rebuilds on GitHub: for each build workflow, record how its last dispatched
 * run ended, decide whether upstream base images changed enough to rebuild, dispatch
 * `workflow_dispatch`, and render the dashboard's rebuild section with its state marker.
 * One target's failed dispatch is shown and never stops the others.
 */
import {
  buildsDockerfile,
  decideRebuild,
  detectRebuildTargets,
  parseRebuildMarker,
  renderRebuildMarker,
  type LastRebuild,
  type RebuildState,
  type RebuildTargetPlan,
} from '../rebuild/index.js';
import type { ScanResult } from '../scan/types.js';
import { describeError } from '../util/errors.js';
import { code, codeBlock, text } from './render/markdown.js';
import { statusOf, type GitHub, type RepoSnapshot } from './types.js';

/** `status`: only record run results; `scheduled`: decide by config; `forced`: `/freshbase rebuild`. */
export type RebuildMode = 'status' | 'scheduled' | 'forced';

/** Input of `runRebuildPass`. */
export interface RebuildPassInput {
  octokit: GitHub;
  snapshot: RepoSnapshot;
  /** The plan, with the Dockerfiles and workflow files it was made from. */
  result: ScanResult;
  /** The dashboard body before this pass (holds the rebuild marker). */
  previousBody: string | null;
  now: Date;
  mode: RebuildMode;
  /** Decide, but dispatch nothing (dry run). @default false */
  dryRun?: boolean;
  /**
   * What an upstream rebuild of a base image changed, as a `reason` input (the vulnerabilities it
   * closes); undefined when there is nothing to say. Asked only for workflows that declare `reason`.
   */
  describeChange?: (change: { image: string; from: string; to: string }) => Promise<string | undefined>;
}

/** What the pass did. */
export interface RebuildPass {
  /** The dashboard's rebuild sections, escaped. */
  sections: string[];
  /** The rebuild state marker, kept in the dashboard whatever its length. */
  marker: string;
  errors: string[];
  dispatched: string[];
}

interface TargetLine {
  target: RebuildTargetPlan;
  last: LastRebuild | undefined;
  decision: string;
}

/** Runs one rebuild pass. */
export async function runRebuildPass(input: RebuildPassInput): Promise<RebuildPass> {
  const state: RebuildState = { ...parseRebuildMarker(input.previousBody ?? '') };
  const config = input.result.config;
  if (config === undefined) return { sections: [], marker: renderRebuildMarker(state), errors: [], dispatched: [] };
  const detected = detectRebuildTargets({
    workflows: input.result.workflows,
    dockerfiles: input.result.files.filter((file) => file.kind === 'dockerfile').map((file) => file.path),
    ...(config.rebuild.targets === undefined ? {} : { configured: config.rebuild.targets }),
  });
  const errors = detected.problems.map((p) => `rebuild: ${p.path}${p.line === undefined ? '' : `:${p.line}`}: ${p.reason}`);
  const dispatched: string[] = [];
  const lines: TargetLine[] = [];
  for (const target of detected.targets) {
    let last = state[target.key];
    try {
      if (last !== undefined && last.conclusion === undefined) last = await recordRun(input, target, last);
      let decision = '';
      if (input.mode !== 'status') {
        const baseImages = dedupe(
          input.result.baseImages.filter((b) => buildsDockerfile(target, b.file)).map((b) => ({ image: b.image, digest: b.digest })),
        );
        const outcome = decideRebuild({
          target,
          baseImages,
          ...(last === undefined ? {} : { last }),
          when: config.rebuild.when,
          maxAgeMs: config.rebuild.maxAge,
          now: input.now,
          force: input.mode === 'forced',
        });
        decision = outcome.reason;
        if (outcome.dispatch && input.dryRun === true) {
          decision = `dry run, not dispatched: ${outcome.reason}`;
        } else if (outcome.dispatch) {
          const reason = await describeReason(input, target, { reason: outcome.reason, changed: outcome.changed, last, baseImages });
          await dispatch(
            input,
            target,
            reason,
            baseImages.map((b) => b.image),
          );
          last = {
            at: input.now.toISOString(),
            digests: Object.fromEntries(baseImages.flatMap((b) => (b.digest === null ? [] : [[b.image, b.digest]]))),
          };
          dispatched.push(target.key);
          decision = `dispatched: ${outcome.reason}`;
        }
      }
      if (last !== undefined) state[target.key] = last;
      lines.push({ target, last, decision });
    } catch (error: unknown) {
      const status = statusOf(error);
      errors.push(
        `rebuild: ${target.path ?? String(target.workflow)}: dispatch failed${status === undefined ? '' : ` (HTTP ${status})`}: ${describeError(error)}`,
      );
      lines.push({ target, last, decision: 'dispatch failed, see Errors' });
    }
  }
  return { ...renderSection(lines, detected.missingDispatch, state), errors, dispatched };
}

function dedupe<T extends { image: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.image) && seen.add(item.image));
}

/** Most changed base images described in one `reason` input. */
const MAX_DESCRIBED = 3;

/**
 * The `reason` input of a dispatch: for a rebuild because base images changed upstream, what
 * each change closes (`base image python:3.12-slim rebuilt upstream: closes 2 vulnerabilities …`),
 * else the decision's sentence. A failure to describe keeps the sentence.
 */
async function describeReason(
  input: RebuildPassInput,
  target: RebuildTargetPlan,
  decision: {
    reason: string;
    changed: readonly string[];
    last: LastRebuild | undefined;
    baseImages: readonly { image: string; digest: string | null }[];
  },
): Promise<string> {
  const describe = input.describeChange;
  if (describe === undefined || !target.acceptsInputs.includes('reason') || decision.changed.length === 0) return decision.reason;
  const texts: string[] = [];
  for (const image of decision.changed.slice(0, MAX_DESCRIBED)) {
    const from = decision.last?.digests[image];
    const to = decision.baseImages.find((base) => base.image === image)?.digest ?? undefined;
    if (from === undefined || to === undefined) continue;
    const text = await describe({ image, from, to }).catch(() => undefined);
    if (text !== undefined) texts.push(text);
  }
  return texts.length === 0 ? decision.reason : texts.join('; ');
}

async function dispatch(input: RebuildPassInput, target: RebuildTargetPlan, reason: string, images: readonly string[]): Promise<void> {
  const inputs: Record<string, string> = { ...target.inputs };
  if (target.acceptsInputs.includes('reason')) inputs.reason = reason.slice(0, 1000);
  if (target.acceptsInputs.includes('images')) inputs.images = images.join(', ').slice(0, 1000);
  await input.octokit.rest.actions.createWorkflowDispatch({
    owner: input.snapshot.owner,
    repo: input.snapshot.name,
    workflow_id: target.workflow,
    ref: target.ref ?? input.snapshot.defaultBranch,
    ...(Object.keys(inputs).length === 0 ? {} : { inputs }),
  });
}

/** Finds the run a dispatch started (the first `workflow_dispatch` run created since) and its conclusion. */
async function recordRun(input: RebuildPassInput, target: RebuildTargetPlan, last: LastRebuild): Promise<LastRebuild> {
  const { data } = await input.octokit.rest.actions.listWorkflowRuns({
    owner: input.snapshot.owner,
    repo: input.snapshot.name,
    workflow_id: target.workflow,
    event: 'workflow_dispatch',
    per_page: 20,
  });
  // GitHub writes whole seconds: a run created in the second of the dispatch counts.
  const since = Math.floor(Date.parse(last.at) / 1000) * 1000;
  const run = data.workflow_runs
    .filter((r) => (last.runId === undefined ? Date.parse(r.created_at) >= since : r.id === last.runId))
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))[0];
  if (run === undefined) return last;
  return { ...last, runId: run.id, ...(run.status === 'completed' && run.conclusion !== null ? { conclusion: run.conclusion } : {}) };
}

/** The workflow a target names, as inline code. */
function workflowOf(target: RebuildTargetPlan): string {
  return code(target.path ?? String(target.workflow));
}

/** The dashboard's rebuild sections (every value from the repository or GitHub escaped) and the state marker. */
function renderSection(
  lines: readonly TargetLine[],
  missing: ReturnType<typeof detectRebuildTargets>['missingDispatch'],
  state: RebuildState,
): { sections: string[]; marker: string } {
  const out: string[] = [];
  if (lines.length > 0) {
    out.push('## Rebuilds', '', '| Workflow | Last rebuild | Result | This pass |', '| --- | --- | --- | --- |');
    for (const { target, last, decision } of lines) {
      const run = last?.runId === undefined ? '' : ` ([run](../actions/runs/${last.runId}))`;
      const result = last === undefined ? 'never' : text(last.conclusion ?? 'running or not found yet', 100);
      out.push(
        `| ${workflowOf(target)} | ${text(last?.at.slice(0, 16).replace('T', ' ') ?? 'never', 40)} | ${result}${run} | ${text(decision)} |`,
      );
    }
    const failed = lines.filter((l) => l.last?.conclusion !== undefined && !['success', 'skipped', 'neutral'].includes(l.last.conclusion));
    if (failed.length > 0)
      out.push(
        '',
        '**Failed rebuilds**',
        '',
        ...failed.map(
          (l) =>
            `- ${workflowOf(l.target)}: ${text(l.last?.conclusion ?? '', 100)} ([run ${l.last?.runId ?? ''}](../actions/runs/${l.last?.runId ?? ''}))`,
        ),
      );
    out.push('');
  }
  if (missing.length > 0) {
    out.push(
      '## Build workflows freshbase cannot dispatch',
      '',
      'These workflows build Dockerfiles but have no `workflow_dispatch` trigger; freshbase never edits workflow files. Add these lines to let it rebuild when base images are patched:',
      '',
    );
    for (const m of missing)
      out.push(
        `- ${code(m.path)} (builds ${m.dockerfiles.map((d) => code(d)).join(', ')}${m.line === null ? '' : `, \`on:\` at line ${m.line}`}):`,
        '',
        ...codeBlock(m.snippet.trimEnd().split('\n'), { language: 'yaml', indent: '  ' }),
        '',
      );
  }
  return { sections: out, marker: renderRebuildMarker(state) };
}

/** The rebuild marker of a dashboard body, rewritten as it is: for a dashboard written when no rebuild pass ran. */
export function keepRebuildMarker(previousBody: string | null): string {
  return renderRebuildMarker(parseRebuildMarker(previousBody ?? ''));
}
