import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractManifestRefs, MANIFEST_KINDS } from '../../../src/manifests/index.js';

const token = fc.constantFrom(
  'apiVersion: v1\n',
  'kind: Pod\n',
  'kind: List\nitems:\n',
  'containers:\n',
  'image: ',
  'repository: ',
  'tag: ',
  'digest:',
  'services:\n',
  'jobs:\n',
  'container: ',
  'uses: docker://',
  '"image": ',
  '&a ',
  '*a ',
  '<<: *a\n',
  '<<: [*a, *b]\n',
  '- ',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '${',
  '${{ ',
  '{{',
  ':-',
  ':',
  '|\n',
  '# ',
  '//',
  '/*',
  '\n',
  '\r\n',
  '  ',
  '---\n',
  'python:3.11',
  '@sha256:',
  'x',
);

describe('manifests robustness', () => {
  it('never throws on manifest-like noise, for every kind', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 80 }), fc.constantFrom(...MANIFEST_KINDS), (tokens, kind) => {
        const refs = extractManifestRefs({
          path: 'noise',
          kind,
          text: tokens.join(''),
          chart: { path: 'Chart.yaml', text: 'appVersion: 1.0\n' },
        });

        expect(refs.every((ref) => ref.file === 'noise' && ref.kind === kind && ref.line >= 1)).toBe(true);
      }),
      { numRuns: 600 },
    );
  });

  it('never throws on arbitrary text, for every kind', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom(...MANIFEST_KINDS), (text, kind) => {
        expect(Array.isArray(extractManifestRefs({ path: 'noise', kind, text }))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
