/**
 * Fuzz properties over untrusted input, shared by the fixed-seed tests (test/unit/fuzz/) and the
 * longer `npm run fuzz` (bench/fuzz.ts): generated Dockerfiles (malformed, huge, adversarial),
 * repository configs (YAML through `parseRepoConfig`) and registry facts go through extraction,
 * planning and rewriting. No exception escapes but the typed ones each stage documents, no
 * byte outside an edit changes, and what comes out is bounded by what went in.
 */
import fc from 'fast-check';
import { parseRepoConfig } from '../../src/config/parse-repo-config.js';
import type { RepoConfig } from '../../src/config/schema.js';
import { extractImageRefs, MAX_EXPANDED_LENGTH, rewriteDockerfile, type Edit, type ImageRef } from '../../src/dockerfile/index.js';
import { checkDigest, checkTag } from '../../src/oci/reference.js';
import { planReference, selectLookups, type Proposal, type RefFacts, type TagFacts } from '../../src/plan/index.js';
import { ConfigError, EditConflictError, FreshbaseError } from '../../src/util/errors.js';
import { GlobBudgetError } from '../../src/util/glob.js';
import { ADVERSARIAL_KINDS } from './adversarial-dockerfiles.js';

/** Sizes of generated input: small for the test, larger for `npm run fuzz`. */
export interface FuzzScale {
  /** Most tokens or lines in one generated Dockerfile or config. */
  items: number;
  /** Largest scale an adversarial kind is generated at. */
  adversarialScale: number;
}

const TOKENS = [
  'FROM ',
  'ARG ',
  'COPY --from=',
  'RUN --mount=type=bind,from=',
  '${',
  '}',
  '$',
  ':',
  '@',
  '/',
  '\\\n',
  '`',
  '# escape=`\n',
  '# syntax=',
  '\r\n',
  '\n',
  '\r',
  'AS ',
  ' ',
  '=',
  '"',
  "'",
  'x',
  'python',
  '3.11',
  '-slim',
  'sha256:',
  'a'.repeat(64),
  ':-',
  ':+',
  '--platform=',
  '<<EOF\n',
  'EOF\n',
  '\u0000',
  '\u001b[31m',
  '\u202e',
  'é',
  '--',
  'ghcr.io/',
  'localhost:5000/',
  'ARG A=${A}${A}\n',
] as const;

const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/);
const junkTag = fc.oneof(tag, fc.string({ maxLength: 30 }), fc.constantFrom('1.2.3<!--x-->', '-x', '.x', 'a'.repeat(129), '3.12\n'));
const digest = fc.stringMatching(/^[a-f0-9]{64}$/).map((hex) => `sha256:${hex}`);
const platform = fc.record({ os: fc.constantFrom('linux', 'windows'), architecture: fc.constantFrom('amd64', 'arm64', 'x') });

/** Dockerfile text: binary noise, token soup, line-structured Dockerfiles or an adversarial kind. */
export function dockerfileText(scale: FuzzScale): fc.Arbitrary<string> {
  const line = fc.oneof(
    fc
      .tuple(fc.constantFrom('FROM', 'from', 'COPY --from=', 'ARG X=', 'RUN --mount=from='), fc.string({ maxLength: 40 }))
      .map(([a, b]) => `${a} ${b}`),
    fc.tuple(fc.constantFrom('python', 'ghcr.io/org/app', 'localhost:5000/a', 'Python'), junkTag).map(([image, t]) => `FROM ${image}:${t}`),
    fc.constantFrom('ARG PY=3.11', 'FROM python:${PY}-slim', 'ARG B=${PY:-3}${PY:+x}', 'FROM ${B}', '# c', 'RUN a \\', '  && b', ''),
  );
  return fc.oneof(
    fc.string({ unit: 'binary', maxLength: scale.items * 10 }),
    fc.array(fc.constantFrom(...TOKENS), { maxLength: scale.items }).map((tokens) => tokens.join('')),
    fc.tuple(fc.array(line, { maxLength: scale.items }), fc.constantFrom('\n', '\r\n', '\r')).map(([lines, eol]) => lines.join(eol)),
    fc
      .tuple(fc.constantFrom(...ADVERSARIAL_KINDS), fc.integer({ min: 1, max: scale.adversarialScale }))
      .map(([kind, n]) => kind.generate(n)),
  );
}

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
    out = rewriteDockerfile('Dockerfile', text, edits);
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

/** Edits for references: valid and invalid tags and digests. */
export function editsFor(refs: readonly ImageRef[]): fc.Arbitrary<Edit[]> {
  const usable = refs.filter((ref) => ref.problem === undefined);
  return fc
    .array(
      fc.record({
        index: fc.nat(),
        newTag: fc.option(fc.oneof({ arbitrary: tag, weight: 4 }, { arbitrary: junkTag, weight: 1 }), { nil: undefined }),
        newDigest: fc.option(
          fc.oneof(
            { arbitrary: digest, weight: 3 },
            { arbitrary: fc.constant(null), weight: 1 },
            { arbitrary: fc.string({ maxLength: 10 }), weight: 1 },
          ),
          { nil: undefined },
        ),
      }),
      { maxLength: 3 },
    )
    .map((picks) =>
      usable.length === 0
        ? []
        : picks.map((pick) => ({
            ref: usable[pick.index % usable.length] as ImageRef,
            ...(pick.newTag === undefined ? {} : { newTag: pick.newTag }),
            ...(pick.newDigest === undefined ? {} : { newDigest: pick.newDigest }),
          })),
    );
}

/** YAML text for `.github/freshbase.yml`: random keys and values, globs, garbage. */
export function configText(scale: FuzzScale): fc.Arbitrary<string> {
  const glob = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom(
      '*a*a*a*a*a*a*a*a*a*a*a*ab',
      '{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}',
      'x{1..99999999999999999999}',
      '**/**/**',
      '!python',
      '#x',
      '[z-a]',
      '\u0000',
    ),
  );
  const value: fc.Arbitrary<unknown> = fc.oneof(
    glob,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(glob, { maxLength: 5 }),
    fc.record({
      image: glob,
      versions: fc.array(glob, { maxLength: 4 }),
      updateTypes: fc.array(fc.constantFrom('patch', 'major', 'x'), { maxLength: 3 }),
    }),
  );
  const key = fc.constantFrom(
    'enabled',
    'ignore',
    'dockerfiles',
    'platforms',
    'minimumReleaseAge',
    'rebuild',
    'schedule',
    'pullRequests',
    'x',
    '__proto__',
    'constructor',
  );
  const structured = fc.dictionary(
    key,
    fc.oneof(
      value,
      fc.array(value, { maxLength: scale.items / 10 }),
      fc.dictionary(fc.constantFrom('include', 'exclude', 'targets', 'cron', 'timezone', 'when'), value),
    ),
    { maxKeys: 6 },
  );
  return fc.oneof(
    structured.map((object) => JSON.stringify(object)),
    fc.string({ unit: 'binary', maxLength: scale.items * 10 }),
    fc
      .array(
        fc.constantFrom(
          'ignore:\n',
          '  - image: ',
          '"*"\n',
          '    versions: [',
          '"*a*ab"',
          ', ',
          ']\n',
          '&a ',
          '*a ',
          '<<: *a\n',
          '{',
          '}',
          ': ',
          '- ',
          '\t',
          '!!js/function x',
        ),
        { maxLength: scale.items },
      )
      .map((parts) => parts.join('')),
  );
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

/** Registry facts for a reference: random tag lists (valid and junk tags), failures, platforms. */
export function factsArbitrary(): fc.Arbitrary<{ tags: string[]; facts: (request: string[]) => RefFacts; failed: boolean }> {
  const tagFacts: fc.Arbitrary<TagFacts> = fc.record({
    digest,
    kind: fc.constantFrom('index' as const, 'image' as const),
    platforms: fc.array(platform, { maxLength: 3 }),
    entries: fc.array(fc.record({ digest, platform }), { maxLength: 3 }),
    created: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2026-01-01T00:00:00Z'), noInvalidDate: true }),
  });
  return fc
    .record({ tags: fc.array(fc.oneof(tag, junkTag), { maxLength: 40 }), sample: tagFacts, failed: fc.boolean() })
    .map(({ tags, sample, failed }) => ({
      tags,
      failed,
      facts: (request: string[]): RefFacts => ({
        tags: failed ? { ok: false, notFound: false, message: 'registry error 500' } : { ok: true, value: { tags, complete: true } },
        byTag: new Map(
          request.map((t, i) => [
            t,
            i % 5 === 4
              ? { ok: false, notFound: true, message: 'gone' }
              : { ok: true, value: { ...sample, digest: sample.digest.replace(/.$/, String(i % 10)) } },
          ]),
        ),
        byDigest: new Map(),
      }),
    }));
}

/**
 * Plans `ref` with generated facts and checks the proposal: a status, typed skip reasons,
 * only grammar-valid tags and digests proposed, and its edits applied byte-exactly.
 */
export function checkPlan(
  text: string,
  ref: ImageRef,
  policy: RepoConfig,
  generated: { tags: string[]; facts: (request: string[]) => RefFacts },
): Proposal | null {
  try {
    const request = ref.name === null ? [] : selectLookups(ref, generated.tags, policy).tags;
    const proposal = planReference({
      ref,
      facts: ref.problem === undefined ? generated.facts(request) : null,
      policy,
      now: new Date('2026-02-01T00:00:00Z'),
    });
    if (!['update', 'up-to-date', 'skipped'].includes(proposal.status)) throw new Error(`status ${proposal.status}`);
    for (const update of proposal.updates) {
      if (update.newTag !== null && checkTag(update.newTag) !== null) throw new Error(`proposed tag ${JSON.stringify(update.newTag)}`);
      if (update.newDigest !== null && checkDigest(update.newDigest) !== null) throw new Error(`proposed digest ${update.newDigest}`);
      checkRewrite(text, [
        {
          ref,
          ...(update.newTag === null ? {} : { newTag: update.newTag }),
          ...(update.writeDigest && update.newDigest !== null ? { newDigest: update.newDigest } : {}),
        },
      ]);
    }
    return proposal;
  } catch (error: unknown) {
    if (error instanceof GlobBudgetError) return null;
    throw error;
  }
}
