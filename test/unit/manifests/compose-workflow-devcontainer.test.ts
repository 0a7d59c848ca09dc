import { describe, expect, it } from 'vitest';
import { extractComposeRefs, extractDevcontainerRefs, extractWorkflowRefs } from '../../../src/manifests/index.js';
import type { ImageRef } from '../../../src/refs/index.js';

function raws(refs: ImageRef[]): string[] {
  return refs.map((ref) => (ref.name === null ? `! ${ref.problem?.reason ?? ''}` : `${ref.line} ${ref.raw}`));
}

describe('manifests/compose', () => {
  it.each([
    ['${PG_IMAGE:-postgres:15.5}', '3 postgres:15.5'],
    ['postgres:${PG_VERSION-15.5}', '3 postgres:15.5'],
    ['${REGISTRY:-docker.io}/library/postgres:${PG:-${PG_DEFAULT:-15.5}}', '3 docker.io/library/postgres:15.5'],
    ['postgres:15.5${SUFFIX:+-alpine}', '3 postgres:15.5'],
    ['postgres:${TAG}', '! ${TAG} has no default: TAG is only known from the environment or .env file when Compose runs'],
    ['$IMAGE', '! $IMAGE has no default: IMAGE is only known from the environment or .env file when Compose runs'],
    ['postgres:${TAG:?set TAG}', '! ${TAG:?set TAG} requires TAG to be set when Compose runs; there is no default'],
  ])('reads image %s as %s', (image, expected) => {
    const text = `services:\n  db:\n    image: ${image}\n`;

    expect(raws(extractComposeRefs('compose.yaml', text))).toEqual([expected]);
  });

  it('edits inside the default: the tag slot is the default text', () => {
    const text = 'services:\n  db:\n    image: "postgres:${PG_VERSION:-15.5}-alpine"\n';

    const [ref] = extractComposeRefs('compose.yaml', text);

    expect(ref?.raw).toBe('postgres:15.5-alpine');
    expect(ref?.tagSlot).toMatchObject({ before: '', after: '-alpine', span: { text: '15.5', line: 3 } });
  });

  it('follows merge keys and skips services that build their image', () => {
    const text = [
      'x-base: &base',
      '  image: python:3.11-slim',
      'services:',
      '  api:',
      '    <<: *base',
      '  worker:',
      '    <<: *base',
      '    image: python:3.12-slim',
      '  app:',
      '    build: .',
      '    image: acme/app:dev',
    ].join('\n');

    const refs = extractComposeRefs('compose.yaml', text);

    expect(raws(refs)).toEqual(['2 python:3.11-slim', '8 python:3.12-slim']);
    expect(refs.map((ref) => ref.anchor)).toEqual(['base', undefined]);
  });
});

describe('manifests/workflow', () => {
  it('reads job containers, services and docker:// steps, and names expressions', () => {
    const text = [
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    container: python:3.11-slim',
      '    services:',
      '      db:',
      '        image: postgres:16',
      '      cache:',
      '        image: ${{ matrix.cache }}',
      '    steps:',
      '      - uses: actions/checkout@v4',
      "      - uses: 'docker://alpine:3.20'",
      '      - uses: docker/setup-qemu-action@v3',
      '        with:',
      '          image: tonistiigi/binfmt:latest',
      '  other:',
      '    container:',
      '      image: ghcr.io/acme/ci:1',
      '      options: --user root',
    ].join('\n');

    const refs = extractWorkflowRefs('.github/workflows/ci.yml', text);

    expect(raws(refs)).toEqual([
      '5 python:3.11-slim',
      '8 postgres:16',
      '! ${{ matrix.cache }} is a GitHub Actions expression: the image is only known when the workflow runs',
      '13 alpine:3.20',
      '19 ghcr.io/acme/ci:1',
    ]);
    expect(refs.map((ref) => ref.source)).toEqual([
      'workflow-container',
      'workflow-service',
      'workflow-service',
      'docker-uses',
      'workflow-container',
    ]);
    expect(refs[3]?.tagSlot?.span).toMatchObject({ line: 13, text: '3.20' });
  });
});

describe('manifests/devcontainer', () => {
  it('reads image from JSON with comments and trailing commas', () => {
    const text =
      '// dev container\r\n{\r\n  /* the image */\r\n  "name": "x",\r\n  "image": "mcr.microsoft.com/devcontainers/python:1-3.12", // pinned\r\n  "features": {},\r\n}\r\n';

    const [ref] = extractDevcontainerRefs('.devcontainer/devcontainer.json', text);

    expect(ref).toMatchObject({
      line: 5,
      kind: 'devcontainer',
      source: 'devcontainer',
      raw: 'mcr.microsoft.com/devcontainers/python:1-3.12',
    });
    expect(ref?.tagSlot?.span).toMatchObject({ text: '1-3.12', line: 5 });
  });

  it('reads a file that starts with a byte-order mark', () => {
    const text = '\uFEFF{"image": "python:3.11"}';

    const [ref] = extractDevcontainerRefs('devcontainer.json', text);

    expect(ref?.tagSlot?.span).toMatchObject({ start: 19, text: '3.11' });
  });

  it('locks an image written with escapes, and reports broken JSON with its line', () => {
    const escaped = '{ "image": "mcr.microsoft.com\\/devcontainers\\/base:ubuntu" }';
    const broken = '{\n  "image": "python:3.11"\n  "name": "x"\n}';

    expect(extractDevcontainerRefs('devcontainer.json', escaped)[0]).toMatchObject({
      raw: 'mcr.microsoft.com/devcontainers/base:ubuntu',
      uneditable: 'the value is written with escape sequences',
    });
    expect(extractDevcontainerRefs('devcontainer.json', broken)[0]?.problem?.reason).toBe(
      'not valid JSON with comments at line 3: CommaExpected',
    );
  });
});
