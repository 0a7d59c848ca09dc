/**
 * The dashboard's references by file kind: a count per kind (Dockerfile, Kubernetes, Helm
 * values, Compose, workflow, dev container) and the skipped references, kind by kind, with
 * their reasons, within a size budget so the body stays under GitHub's limit.
 */
import type { Proposal } from '../../plan/index.js';
import { REF_KIND_LABELS, REF_KINDS } from '../../refs/index.js';

/** Skipped references listed at most. */
export const MAX_SKIPPED_ROWS = 150;
/** Characters the skipped table may take; GitHub caps an issue body at 65,536. */
export const SKIPPED_TABLE_BUDGET = 30_000;

function cell(text: string, max: number): string {
  const flat = text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The count table, one row per kind that has references; empty when there are none. */
export function renderKindSummary(proposals: readonly Proposal[]): string[] {
  const rows = REF_KINDS.flatMap((kind) => {
    const own = proposals.filter((p) => p.ref.kind === kind);
    if (own.length === 0) return [];
    const files = new Set(own.map((p) => p.ref.file)).size;
    const count = (status: Proposal['status']): number => own.filter((p) => p.status === status).length;
    return [`| ${REF_KIND_LABELS[kind]} | ${files} | ${own.length} | ${count('update')} | ${count('up-to-date')} | ${count('skipped')} |`];
  });
  if (rows.length === 0) return [];
  return [
    '## References by file kind',
    '',
    '| Kind | Files | References | To update | Up to date | Skipped |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ];
}

/** The skipped references, kind by kind in file order, with their reasons; empty when none is skipped. */
export function renderSkippedTable(proposals: readonly Proposal[]): string[] {
  const skipped = REF_KINDS.flatMap((kind) => proposals.filter((p) => p.ref.kind === kind && p.status === 'skipped'));
  if (skipped.length === 0) return [];
  const rows: string[] = [];
  let size = 0;
  for (const p of skipped) {
    if (p.status !== 'skipped') continue;
    const row = `| ${REF_KIND_LABELS[p.ref.kind]} | \`${cell(`${p.ref.file}:${p.ref.line}`, 200)}\` | \`${cell(p.ref.raw, 120)}\` | ${p.skip}: ${cell(p.reason, 300)} |`;
    if (rows.length >= MAX_SKIPPED_ROWS || size + row.length > SKIPPED_TABLE_BUDGET) break;
    rows.push(row);
    size += row.length + 1;
  }
  if (rows.length < skipped.length) rows.push(`| … | ${skipped.length - rows.length} more | | |`);
  return ['## Skipped references', '', '| Kind | Where | Reference | Reason |', '| --- | --- | --- | --- |', ...rows, ''];
}
