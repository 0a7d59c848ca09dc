import fc from 'fast-check';
import { parse, stripComments, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { extractDevcontainerRefs } from '../../../src/manifests/index.js';
import { applyEdits } from '../../../src/refs/index.js';
import { digest, eol, image, renderImage, tag, withEdits, type Image } from './generators.js';

interface Shape {
  leading: string | null;
  before: string | null;
  after: string | null;
  trailingComma: boolean;
  indent: string;
}

const shape: fc.Arbitrary<Shape> = fc.record({
  leading: fc.option(fc.constantFrom('// For format details, see https://aka.ms/devcontainer.json', '/* a "quoted" block */'), {
    nil: null,
  }),
  before: fc.option(fc.constantFrom('// "image": "old:1",', '/* image */'), { nil: null }),
  after: fc.option(fc.constantFrom('// pinned', '/* , */'), { nil: null }),
  trailingComma: fc.boolean(),
  indent: fc.constantFrom('\t', '  '),
});

function render(value: Image, form: Shape, end: string): string {
  const lines = [
    ...(form.leading === null ? [] : [form.leading]),
    '{',
    `${form.indent}"name": "demo",`,
    ...(form.before === null ? [] : [`${form.indent}${form.before}`]),
    `${form.indent}"image": "${renderImage(value)}",${form.after === null ? '' : ` ${form.after}`}`,
    `${form.indent}"features": { "ghcr.io/devcontainers/features/node:1": {} }${form.trailingComma ? ',' : ''}`,
    '}',
  ];
  return lines.join(end) + end;
}

describe('manifests properties (JSON with comments)', () => {
  it('edits change exactly the image characters, and the result parses to the same object with the new image', () => {
    fc.assert(
      fc.property(
        image,
        shape,
        eol,
        fc.option(tag, { nil: undefined }),
        fc.option(digest, { nil: undefined }),
        (value, form, end, newTag, newDigest) => {
          const text = render(value, form, end);
          const refs = extractDevcontainerRefs('.devcontainer/devcontainer.json', text);
          const edits = refs.map((ref) => ({
            ref,
            ...(newTag !== undefined && ref.tagSlot !== undefined ? { newTag } : {}),
            ...(newDigest === undefined ? {} : { newDigest }),
          }));
          const updated = withEdits(value, { tag: newTag, digest: newDigest });

          const out = applyEdits('.devcontainer/devcontainer.json', text, edits);

          expect(out).toBe(render(updated, form, end));
          const errors: ParseError[] = [];
          const object = { name: 'demo', image: renderImage(updated), features: { 'ghcr.io/devcontainers/features/node:1': {} } };
          expect(parse(out, errors, { allowTrailingComma: true })).toEqual(object);
          expect(errors).toEqual([]);
          if (!form.trailingComma) expect(JSON.parse(stripComments(out))).toEqual(object);
        },
      ),
      { numRuns: 300 },
    );
  });
});
