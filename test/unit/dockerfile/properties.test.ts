import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dockerfileText, editsFor } from '../../../bench/support/fuzz-inputs.js';
import { checkExtraction, checkRewrite } from '../../../bench/support/fuzz-properties.js';
import { extractImageRefs } from '../../../src/dockerfile/index.js';
import { applyEdits, type Edit } from '../../../src/refs/index.js';

/** The seed of every property in npm test, so a failure reproduces; `npm run fuzz` draws new ones. */
const FUZZ_SEED = 20_261_201;

const component = fc.stringMatching(/^[a-z0-9]{1,8}$/);
const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/);
const digest = fc.stringMatching(/^[a-f0-9]{64}$/).map((hex) => `sha256:${hex}`);
const eol = fc.constantFrom('\n', '\r\n');
const image = fc.record({
  host: fc.option(fc.constantFrom('ghcr.io', 'localhost:5000', 'quay.io'), { nil: undefined }),
  path: fc.array(component, { minLength: 1, maxLength: 3 }),
  tag: fc.option(tag, { nil: undefined }),
  digest: fc.option(digest, { nil: undefined }),
});
type Image = typeof image extends fc.Arbitrary<infer T> ? T : never;

function formatImage(value: Image): string {
  const host = value.host === undefined ? '' : `${value.host}/`;
  return `${host}${value.path.join('/')}${value.tag === undefined ? '' : `:${value.tag}`}${value.digest === undefined ? '' : `@${value.digest}`}`;
}

/** A Dockerfile line: a FROM (direct or through an ARG), a comment, a RUN or a COPY --from. */
const line = fc.oneof(
  image.map((value) => ({ text: `FROM ${formatImage(value)}`, image: value })),
  fc
    .tuple(image, fc.constantFrom('AS base', '', 'as Final'))
    .map(([value, stage]) => ({ text: `from --platform=linux/amd64 ${formatImage(value)} ${stage}`, image: value })),
  image.map((value) => ({ text: `COPY --from=${formatImage(value)} /a /b`, image: value })),
  fc.constantFrom('# comment FROM python:3.11', 'RUN echo hi \\', '  && true', 'ENV A=b', '').map((text) => ({ text, image: undefined })),
);

describe('dockerfile properties', () => {
  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        expect(Array.isArray(extractImageRefs('Dockerfile', text))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on Dockerfile-like noise', () => {
    const token = fc.constantFrom(
      'FROM ',
      'ARG ',
      'COPY --from=',
      'RUN --mount=from=',
      '${',
      '}',
      '$',
      ':',
      '@',
      '\\\n',
      '`',
      '# escape=`\n',
      '# syntax=',
      '\r\n',
      'AS ',
      'x',
      '3.11',
      '"',
      "'",
      '=',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => {
        expect(Array.isArray(extractImageRefs('Dockerfile', tokens.join('')))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('returns the input byte for byte when there are no edits', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), eol, (lines, end) => {
        const text = lines.map((l) => l.text).join(end);
        expect(applyEdits('Dockerfile', text, [])).toBe(text);
      }),
    );
  });

  it('rewrite then extract finds exactly the new values on the same lines, and nothing else changes', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), eol, tag, digest, (lines, end, newTag, newDigest) => {
        const text = lines.map((l) => l.text).join(end);
        const refs = extractImageRefs('Dockerfile', text).filter((r) => r.problem === undefined);
        const edits: Edit[] = refs.map((ref) => ({ ref, ...(ref.tagSlot === undefined ? {} : { newTag }), newDigest }));

        const out = applyEdits('Dockerfile', text, edits);
        const after = extractImageRefs('Dockerfile', out).filter((r) => r.problem === undefined);

        expect(after.map((r) => r.line)).toEqual(refs.map((r) => r.line));
        for (const [i, ref] of after.entries()) {
          expect(ref.name?.digest).toBe(newDigest);
          expect(ref.name?.tag).toBe(refs[i]?.tagSlot === undefined ? undefined : newTag);
          expect(ref.name?.repository).toBe(refs[i]?.name?.repository);
        }
        const strip = (s: string) => s.replace(/(:[A-Za-z0-9_][A-Za-z0-9_.-]*)?(@sha256:[a-f0-9]{64})?(?=\s|$)/g, '');
        expect(strip(out)).toBe(strip(text));
      }),
    );
  });
});

describe('dockerfile properties on untrusted input (fixed seed; `npm run fuzz` runs more)', () => {
  const scale = { items: 60, adversarialScale: 3 };

  it('extracts any generated Dockerfile without throwing, references bounded by the input', () => {
    fc.assert(
      fc.property(dockerfileText(scale), (text) => {
        expect(Array.isArray(checkExtraction(text))).toBe(true);
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  });

  it('rewrites with any edits, valid or not, changing no byte outside them (or refusing with a typed error)', () => {
    const withEdits = dockerfileText(scale).chain((text) => fc.tuple(fc.constant(text), editsFor(extractImageRefs('Dockerfile', text))));
    fc.assert(
      fc.property(withEdits, ([text, edits]) => {
        expect(() => {
          checkRewrite(text, edits);
        }).not.toThrow();
      }),
      { seed: FUZZ_SEED, numRuns: 300 },
    );
  });
});
