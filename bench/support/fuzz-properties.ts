/**
 * Fuzz properties over untrusted input, shared by the fixed-seed tests (properties.test.ts in
 * test/unit/dockerfile and test/unit/plan) and `npm run fuzz` (bench/fuzz.ts): generated Dockerfiles (malformed, huge, adversarial),
 * repository configs (YAML through `parseRepoConfig`) and registry facts go through extraction,
 * planning and rewriting. No exception escapes but the typed ones each stage documents, no
 * byte outside an edit changes, and what comes out is bounded by what went in.
 */
import { parseRepoConfig } from '../../src/config/parse-repo-config.js';
import type { RepoConfig } from '../../src/config/schema.js';
import { extractImageRefs, MAX_EXPANDED_LENGTH } from '../../src/dockerfile/index.js';
import { applyEdits, type Edit, type ImageRef } from '../../src/refs/index.js';
import { checkDigest, checkTag } from '../../src/oci/reference.js';
import { editFor, planWithAnswers, targetTag, type Proposal } from '../../src/plan/index.js';
import type { GeneratedFacts } from './fuzz-inputs.js';
import { ConfigError, EditConflictError, FreshbaseError } from '../../src/util/errors.js';
import { GlobBudgetError } from '../../src/util/glob.js';

/** Checks what extraction promises for `text`: no throw, and references bounded by the input. */
export function checkExtraction(text: string): ImageRef[] {
  const refs = extractImageRefs('Dockerfile', text);
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const ref of refs) {
    if (ref.line < 1 || ref.line > lines) throw new Error(`line ${ref.line} outside 1..${lines}`);
    if (ref.raw.length > Math.max(MAX_EXPANDED_LENGTH, text.length)) throw new Error(`raw of ${ref.raw.length} characters`);
    if (ref.problem === undefined && ref.name === null) throw new Error('a reference without name and without problem');
    if (ref.problem !== undefined && ref.problem.reason === '') throw new Error('a problem without a reason');
  }
  return refs;
}

/** What a replacement may hold: tag and digest characters (and the `@` before an inserted digest). */
const REPLACEMENT = /^[A-Za-z0-9_.:@-]*$/;

/**
 * Applies `edits` and checks that every byte outside the edited spans is unchanged: the output
 * is the text between the spans, in order, with only tag or digest characters in between.
 * Only the typed errors of the rewrite may be thrown.
 */
export function checkRewrite(text: string, edits: readonly Edit[]): 'applied' | 'refused' {
  let out: string;
  try {
    out = applyEdits('Dockerfile', text, edits);
  } catch (error: unknown) {
    if (error instanceof EditConflictError || (error instanceof FreshbaseError && error.code === 'edit-impossible')) return 'refused';
    throw error;
  }
  const spans = edits
    .flatMap((edit) => [
      edit.newTag === undefined ? undefined : edit.ref.tagSlot?.span,
      edit.newDigest === undefined ? undefined : edit.ref.digestSlot?.span,
    ])
    .filter((span) => span !== undefined)
    // A removed digest takes its '@' with it.
    .map((span) => ({ start: text.charAt(span.start - 1) === '@' ? span.start - 1 : span.start, end: span.end }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const gaps: string[] = [];
  let from = 0;
  for (const span of spans) {
    if (span.start < from) continue;
    gaps.push(text.slice(from, span.start));
    from = span.end;
  }
  const last = text.slice(from);
  let at = 0;
  for (const [index, gap] of gaps.entries()) {
    const found = findAfterReplacement(out, gap, at, index === 0);
    if (found < 0) throw new Error(`the text ${JSON.stringify(gap.slice(0, 40))} between edits changed`);
    at = found + gap.length;
  }
  if (!out.endsWith(last) || out.length - last.length < at || !REPLACEMENT.test(out.slice(at, out.length - last.length))) {
    throw new Error(`the text ${JSON.stringify(last.slice(0, 40))} after the last edit changed`);
  }
  return 'applied';
}

/** Where `gap` starts in `out` at or after `at`, with only replacement characters skipped (exactly at `at` for the first). */
function findAfterReplacement(out: string, gap: string, at: number, exact: boolean): number {
  for (let p = at; p <= Math.min(out.length, at + 300); p++) {
    if (!REPLACEMENT.test(out.slice(at, p))) return -1;
    if (out.startsWith(gap, p)) return p;
    if (exact) return -1;
  }
  return -1;
}

/** Parses a config: a `RepoConfig`, or a `ConfigError` with its file and key; nothing else. */
export function checkConfig(text: string): RepoConfig | null {
  try {
    return parseRepoConfig(text);
  } catch (error: unknown) {
    if (error instanceof ConfigError && error.file === '.github/freshbase.yml' && typeof error.path === 'string') return null;
    throw error;
  }
}

/**
 * Plans `ref` with generated facts and checks the proposal: a status, typed skip reasons,
 * only grammar-valid tags and digests proposed, and its edits applied byte-exactly.
 */
export function checkPlan(
  text: string,
  ref: ImageRef,
  policy: RepoConfig,
  generated: Pick<GeneratedFacts, 'tags' | 'answer'>,
): Proposal | null {
  try {
    const { proposal } = planWithAnswers(
      { ref, tags: ref.problem === undefined ? generated.tags : null, policy, now: new Date('2026-02-01T00:00:00Z') },
      generated.answer,
    );
    if (!['update', 'up-to-date', 'skipped'].includes(proposal.status)) throw new Error(`status ${proposal.status}`);
    for (const update of proposal.status === 'update' ? proposal.updates : []) {
      const tag = targetTag(ref, update);
      if (tag !== null && checkTag(tag) !== null) throw new Error(`proposed tag ${JSON.stringify(tag)}`);
      if (update.newDigest !== null && checkDigest(update.newDigest) !== null) throw new Error(`proposed digest ${update.newDigest}`);
      checkRewrite(text, [editFor(proposal, update)]);
    }
    return proposal;
  } catch (error: unknown) {
    if (error instanceof GlobBudgetError) return null;
    throw error;
  }
}
