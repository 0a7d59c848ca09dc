/**
 * The dashboard's references by file kind: a count per kind (Dockerfile, Kubernetes, Helm
 * values, Compose, workflow, dev container) and the skipped references, kind by kind, with
 * their reasons. Rows only: dashboard.ts fits them into GitHub's body limit.
 */
import type { Proposal } from '../../plan/index.js';
import { REF_KIND_LABELS, REF_KINDS } from '../../refs/index.js';
import { code, text } from './markdown.js';

/** The count table's rows, one per kind that has references; empty when there are none. */
export function kindSummaryRows(proposals: readonly Proposal[]): string[] {
  return REF_KINDS.flatMap((kind) => {
    const own = proposals.filter((p) => p.ref.kind === kind);
    if (own.length === 0) return [];
    const files = new Set(own.map((p) => p.ref.file)).size;
    const count = (status: Proposal['status']): number => own.filter((p) => p.status === status).length;
    return [`| ${REF_KIND_LABELS[kind]} | ${files} | ${own.length} | ${count('update')} | ${count('up-to-date')} | ${count('skipped')} |`];
  });
}

/** The skipped references' rows, kind by kind in file order, every value from a file escaped. */
export function skippedRows(proposals: readonly Proposal[]): string[] {
  return REF_KINDS.flatMap((kind) =>
    proposals.flatMap((p) =>
      p.ref.kind === kind && p.status === 'skipped'
        ? [`| ${REF_KIND_LABELS[kind]} | ${code(`${p.ref.file}:${p.ref.line}`)} | ${code(p.ref.raw)} | ${p.skip}: ${text(p.reason, 300)} |`]
        : [],
    ),
  );
}
