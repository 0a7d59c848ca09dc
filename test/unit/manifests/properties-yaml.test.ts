import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { extractHelmValuesRefs, extractKubernetesRefs } from '../../../src/manifests/index.js';
import { applyEdits, isNonStringPlainScalar, type Edit, type ImageRef } from '../../../src/refs/index.js';
import {
  digest,
  eol,
  image,
  quote,
  Rendered,
  renderImage,
  style,
  tag,
  withEdits,
  type Image,
  type NewValues,
  type Style,
} from './generators.js';

/** A container: its own image value (maybe anchored, maybe in flow style), or an alias to an earlier anchored one. */
interface Container {
  image: Image;
  style: Style;
  anchor: boolean;
  alias: number | null;
  flow: boolean;
  comment: string | null;
}

const comment = fc.option(fc.constantFrom('# pinned', '#image: fake:1', '# a: b # c'), { nil: null });
const container: fc.Arbitrary<Container> = fc
  .record({ image, style, anchor: fc.boolean(), alias: fc.option(fc.nat(5), { nil: null }), flow: fc.boolean(), comment })
  // A bare `image: 123` or `image: yes` is not a string in YAML: no image is written that way.
  .filter((item) => item.style !== 'plain' || !isNonStringPlainScalar(renderImage(item.image)));

/** Renders a Deployment; `values` maps a container index to the image text it holds. */
function renderPod(containers: Container[], values: (index: number) => Image, end: string): Rendered {
  const out = new Rendered();
  out.add(
    [
      '# generated',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'spec: # the spec',
      '  template:',
      '    spec:',
      '      containers:',
      '',
    ].join(end),
  );
  const anchored: number[] = [];
  for (const [index, item] of containers.entries()) {
    const target = item.alias === null || anchored.length === 0 ? null : anchored[item.alias % anchored.length];
    const open = item.flow ? `      - {name: c${index}, image: ` : `      - name: c${index}${end}        image: `;
    out.add(open);
    if (target !== undefined && target !== null) {
      out.add(`*a${target}`);
    } else {
      if (item.anchor) {
        out.add(`&a${index} `);
        anchored.push(index);
      }
      out.value(index, renderImage(values(index)), item.style);
    }
    out.add(item.flow ? '}' : '');
    out.add(`${item.comment === null ? '' : ` ${item.comment}`}${end}`);
  }
  return out;
}

/** The same Deployment as JavaScript, with the image texts the edits should leave. */
function podObject(containers: Container[], values: (index: number) => Image): unknown {
  const anchored: number[] = [];
  const images = containers.map((item, index) => {
    const target = item.alias === null || anchored.length === 0 ? null : anchored[item.alias % anchored.length];
    if (target !== undefined && target !== null) return renderImage(values(target));
    if (item.anchor) anchored.push(index);
    return renderImage(values(index));
  });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    spec: { template: { spec: { containers: images.map((text, index) => ({ name: `c${index}`, image: text })) } } },
  };
}

/** One edit per value (the same for every reference that shares it). */
function editsFor(refs: ImageRef[], rendered: Rendered, changes: NewValues): Edit[] {
  return refs.flatMap((ref) => {
    const at = ref.tagSlot?.span.start ?? ref.digestSlot?.span.start;
    const id = at === undefined ? undefined : rendered.valueAt(at);
    const change = id === undefined ? undefined : changes.get(id);
    if (change === undefined) return [];
    return [
      {
        ref,
        ...(change.tag !== undefined && ref.tagSlot !== undefined ? { newTag: change.tag } : {}),
        ...(change.digest === undefined ? {} : { newDigest: change.digest }),
      },
    ];
  });
}

const changes = fc.array(fc.record({ tag: fc.option(tag, { nil: undefined }), digest: fc.option(digest, { nil: undefined }) }), {
  maxLength: 8,
});

describe('manifests properties (YAML)', () => {
  it('edits change exactly the edited characters, and the result parses to the same document with the new images', () => {
    fc.assert(
      fc.property(fc.array(container, { minLength: 1, maxLength: 6 }), changes, eol, (containers, picked, end) => {
        const original = (index: number): Image => containers[index]?.image ?? { path: ['x'] };
        const rendered = renderPod(containers, original, end);
        const wanted: NewValues = new Map(picked.flatMap((change, index) => (index < containers.length ? [[index, change] as const] : [])));
        const refs = extractKubernetesRefs('pod.yaml', rendered.text);
        const updated = (index: number): Image => withEdits(original(index), wanted.get(index));

        const out = applyEdits('pod.yaml', rendered.text, editsFor(refs, rendered, wanted));

        expect(out).toBe(renderPod(containers, updated, end).text);
        const docs = parseAllDocuments(out);
        expect(docs.flatMap((doc) => doc.errors)).toEqual([]);
        expect(docs.map((doc) => doc.toJS() as unknown)).toEqual([podObject(containers, updated)]);
      }),
      { numRuns: 200 },
    );
  });

  it('Helm image maps: the tag and the digest field change in their own quoting, nothing else', () => {
    const map = fc.record({
      repository: fc.constantFrom('acme/app', 'bitnami/redis'),
      tag,
      tagStyle: style,
      digestStyle: fc.constantFrom<Style | 'none'>('plain', 'single', 'double', 'none'),
      comment,
    });
    /** Values with image maps; an empty plain digest is a bare `digest:`. */
    const render = (maps: Helm[], tagText: (index: number) => string, digestText: string, end: string): string =>
      maps
        .map((item, index) => {
          const digestValue =
            item.digestStyle === 'plain' && digestText === ''
              ? ''
              : ` ${quote(digestText, item.digestStyle === 'none' ? 'plain' : item.digestStyle)}`;
          const digestLine = item.digestStyle === 'none' ? '' : `    digest:${digestValue}${end}`;
          const tagLine = `    tag: ${quote(tagText(index), item.tagStyle)}${item.comment === null ? '' : ` ${item.comment}`}${end}`;
          return `c${index}:${end}  image:${end}    repository: ${item.repository}${end}${tagLine}${digestLine}`;
        })
        .join('');
    type Helm = typeof map extends fc.Arbitrary<infer T> ? T : never;
    fc.assert(
      fc.property(fc.array(map, { minLength: 1, maxLength: 4 }), tag, digest, eol, (maps, newTag, newDigest, end) => {
        fc.pre(maps.every((item) => item.tagStyle !== 'plain' || (!isNonStringPlainScalar(item.tag) && !isNonStringPlainScalar(newTag))));
        const text = render(maps, (index) => maps[index]?.tag ?? '', '', end);
        const refs = extractHelmValuesRefs('values.yaml', text);

        const out = applyEdits(
          'values.yaml',
          text,
          refs.map((ref) => ({ ref, newTag, ...(ref.digestSlot === undefined ? {} : { newDigest }) })),
        );

        expect(refs).toHaveLength(maps.length);
        expect(out).toBe(render(maps, () => newTag, newDigest, end));
        const parsed = parseAllDocuments(out)[0]?.toJS() as Record<string, { image: Record<string, string> }>;
        for (const [index, item] of maps.entries()) {
          expect(parsed[`c${index}`]?.image).toEqual({
            repository: item.repository,
            tag: newTag,
            ...(item.digestStyle === 'none' ? {} : { digest: newDigest }),
          });
        }
      }),
      { numRuns: 200 },
    );
  });
});
