import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { extractComposeRefs, extractDevcontainerRefs, extractHelmValuesRefs, extractKubernetesRefs } from '../../../src/manifests/index.js';
import { applyEdits, type Edit, type ImageRef } from '../../../src/refs/index.js';
import { EditConflictError } from '../../../src/util/errors.js';

const DIGEST = `sha256:${'d'.repeat(64)}`;

function pod(images: string[], eol = '\n'): string {
  return ['apiVersion: v1', 'kind: Pod', 'spec:', '  containers:', ...images.map((image) => `  - ${image}`)].join(eol) + eol;
}

function editAll(file: string, text: string, refs: ImageRef[], edit: Omit<Edit, 'ref'>): string {
  return applyEdits(
    file,
    text,
    refs.map((ref) => ({ ref, ...edit })),
  );
}

describe('manifests rewrite (byte-exact YAML and JSON edits)', () => {
  it.each([
    ['plain', 'image: python:3.11-slim # base', `image: python:3.12-slim@${DIGEST} # base`],
    ['single-quoted', "image: 'python:3.11-slim'", `image: 'python:3.12-slim@${DIGEST}'`],
    ['double-quoted', 'image: "python:3.11-slim"', `image: "python:3.12-slim@${DIGEST}"`],
    ['flow map', '{name: app, image: python:3.11-slim}', `{name: app, image: python:3.12-slim@${DIGEST}}`],
    ['flow map, quoted', '{"name": "app", "image": "python:3.11-slim"}', `{"name": "app", "image": "python:3.12-slim@${DIGEST}"}`],
  ])('changes tag and pins a digest in a %s value, keeping everything else', (_style, before, after) => {
    const text = pod([before], '\r\n');

    const out = editAll('pod.yaml', text, extractKubernetesRefs('pod.yaml', text), { newTag: '3.12-slim', newDigest: DIGEST });

    expect(out).toBe(pod([after], '\r\n'));
    expect(parse(out)).toMatchObject({ spec: { containers: [{ image: `python:3.12-slim@${DIGEST}` }] } });
  });

  it('replaces and removes an existing digest', () => {
    const old = `sha256:${'a'.repeat(64)}`;
    const text = pod([`image: "python:3.11@${old}"`]);
    const refs = extractKubernetesRefs('pod.yaml', text);

    expect(editAll('pod.yaml', text, refs, { newDigest: DIGEST })).toBe(pod([`image: "python:3.11@${DIGEST}"`]));
    expect(editAll('pod.yaml', text, refs, { newDigest: null })).toBe(pod(['image: "python:3.11"']));
  });

  it('edits an anchored image once, at the anchor, for every alias', () => {
    const text = pod(['image: &py python:3.11-slim', 'image: *py', 'image: *py']);
    const refs = extractKubernetesRefs('pod.yaml', text);

    const out = editAll('pod.yaml', text, refs, { newTag: '3.12-slim' });

    expect(refs).toHaveLength(3);
    expect(out).toBe(pod(['image: &py python:3.12-slim', 'image: *py', 'image: *py']));
  });

  it('refuses two different edits of one shared anchor', () => {
    const text = pod(['image: &py python:3.11-slim', 'image: *py']);
    const [first, second] = extractKubernetesRefs('pod.yaml', text);
    if (first === undefined || second === undefined) throw new Error('two references expected');

    const act = (): string =>
      applyEdits('pod.yaml', text, [
        { ref: first, newTag: '3.12-slim' },
        { ref: second, newTag: '3.13-slim' },
      ]);

    expect(act).toThrow(EditConflictError);
  });

  it('edits a Helm map tag and fills its empty digest field, in each quoting style', () => {
    const values = (tag: string, digest: string): string =>
      `image:\n  repository: acme/app\n  tag: ${tag}\n  digest:${digest === '' ? '' : ' '}${digest}\n`;
    const cases = [
      [values('1.2.3', '""'), values('1.2.4', `"${DIGEST}"`)],
      [values("'1.2.3'", "''"), values("'1.2.4'", `'${DIGEST}'`)],
      [values('"1.2.3"', ''), values('"1.2.4"', DIGEST)],
      [values('1.2.3', '  # none'), values('1.2.4', ` ${DIGEST} # none`)],
    ] as const;

    for (const [before, after] of cases) {
      const out = editAll('values.yaml', before, extractHelmValuesRefs('values.yaml', before), { newTag: '1.2.4', newDigest: DIGEST });

      expect(out).toBe(after);
      expect(parse(out)).toEqual({ image: { repository: 'acme/app', tag: '1.2.4', digest: DIGEST } });
    }
  });

  it('keeps a Compose default and its surroundings when editing inside it', () => {
    const text = 'x-img: &img\n  image: ${IMAGE:-postgres:15.5}\nservices:\n  a:\n    <<: *img\n  b:\n    <<: *img\n';

    const out = editAll('compose.yaml', text, extractComposeRefs('compose.yaml', text), { newTag: '16.1' });

    expect(out).toBe(text.replace('15.5', '16.1'));
  });

  it('edits a devcontainer.json value and keeps its comments and trailing comma', () => {
    const text = '{\n  // base\n  "image": "mcr.microsoft.com/devcontainers/python:1-3.11", /* pinned */\n}\n';

    const out = editAll('devcontainer.json', text, extractDevcontainerRefs('devcontainer.json', text), {
      newTag: '1-3.12',
      newDigest: DIGEST,
    });

    expect(out).toBe(`{\n  // base\n  "image": "mcr.microsoft.com/devcontainers/python:1-3.12@${DIGEST}", /* pinned */\n}\n`);
  });

  it('refuses an edit when the file changed since extraction', () => {
    const text = pod(['image: python:3.11']);
    const refs = extractKubernetesRefs('pod.yaml', text);

    const act = (): string => editAll('pod.yaml', text.replace('3.11', '3.10'), refs, { newTag: '3.12' });

    expect(act).toThrow('pod.yaml:5: expected "3.11" but found "3.10"; edit refused');
  });
});
