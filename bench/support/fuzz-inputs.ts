/**
 * Generated untrusted input for the fuzz properties (fuzz-properties.ts): Dockerfiles
 * (binary noise, token soup, line-structured, adversarial kinds), edits, repository configs
 * and registry facts. Shared by the fixed-seed tests and `npm run fuzz`.
 */
import fc from 'fast-check';
import type { Edit, ImageRef } from '../../src/refs/index.js';
import type { Lookup, LookupAnswers, LookupRequest, RefFacts, TagFacts } from '../../src/plan/index.js';
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

/** Generated registry answers: a tag list (valid and junk tags, or a failure) and an answer to every lookup. */
export interface GeneratedFacts {
  tags: RefFacts['tags'];
  /** Answers a planner's lookups: some not found (by the key's length), the rest one image with varied digests. */
  answer: (request: LookupRequest) => LookupAnswers;
  failed: boolean;
}

/** Registry facts for a reference: random tag lists (valid and junk tags), failures, platforms. */
export function factsArbitrary(): fc.Arbitrary<GeneratedFacts> {
  const tagFacts: fc.Arbitrary<TagFacts> = fc.record({
    digest,
    kind: fc.constantFrom('index' as const, 'image' as const),
    platforms: fc.array(platform, { maxLength: 3 }),
    entries: fc.array(fc.record({ digest, platform }), { maxLength: 3 }),
    created: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2026-01-01T00:00:00Z'), noInvalidDate: true }),
  });
  return fc
    .record({ tags: fc.array(fc.oneof(tag, junkTag), { maxLength: 40 }), sample: tagFacts, failed: fc.boolean() })
    .map(({ tags, sample, failed }) => {
      const factsOf = (key: string): Lookup<TagFacts> =>
        key.length % 5 === 4
          ? { ok: false, notFound: true, message: 'gone' }
          : { ok: true, value: { ...sample, digest: sample.digest.replace(/.$/, String(key.length % 10)) } };
      const digestOf = (key: string): Lookup<string> => {
        const found = factsOf(key);
        return found.ok ? { ok: true, value: found.value.digest } : found;
      };
      return {
        failed,
        tags: failed ? { ok: false, notFound: false, message: 'registry error 500' } : { ok: true, value: { tags, complete: true } },
        answer: (request: LookupRequest): LookupAnswers => ({
          tags: new Map(request.tags.map((key) => [key, factsOf(key)])),
          tagDigests: new Map(request.tagDigests.map((key) => [key, digestOf(key)])),
          digests: new Map(request.digests.map((key) => [key, factsOf(key)])),
        }),
      };
    });
}
