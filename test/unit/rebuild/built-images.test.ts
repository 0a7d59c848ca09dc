import { describe, expect, it } from 'vitest';
import { listBuiltRepositories } from '../../../src/rebuild/index.js';
import { NO_VARIABLES } from '../../../src/rebuild/dockerfile-path.js';
import { findShellImages } from '../../../src/rebuild/shell-builds.js';

const AT_ROOT = { workingDirectory: '.', variables: NO_VARIABLES, kanikoContainer: false };

describe('rebuild/shell-builds images', () => {
  it.each([
    ['docker build -t acme/app:1.0 .', ['acme/app:1.0']],
    [
      'docker buildx build --push --tag=ghcr.io/acme/app:1 --tag ghcr.io/acme/app:latest .',
      ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:latest'],
    ],
    ['podman build -tquay.io/acme/tool .', ['quay.io/acme/tool']],
    ['/kaniko/executor --context . --destination=registry.example.com/acme/job:2', ['registry.example.com/acme/job:2']],
    ['docker run -t acme/app:1.0 echo', []],
    ['docker push acme/app:1.0', []],
  ])('%s tags %j', (script, expected) => {
    expect(findShellImages(script, AT_ROOT)).toEqual(expected);
  });
});

describe('rebuild/built-images', () => {
  it('lists the repositories the workflows push, literal names only, with env values and input defaults put in', () => {
    const build = `name: build
on:
  workflow_dispatch:
    inputs:
      registry: { default: ghcr.io/acme }
env:
  IMAGE: docker.io/acme/worker
jobs:
  images:
    runs-on: ubuntu-latest
    steps:
      - id: meta
        uses: docker/metadata-action@v5
        with:
          images: |
            name=ghcr.io/acme/api,enable=true
            acme/api
      - uses: docker/build-push-action@v6
        with:
          tags: \${{ steps.meta.outputs.tags }}
      - uses: docker/build-push-action@v6
        with:
          tags: acme/web:1.0,acme/web:latest
      - run: docker build -t $IMAGE:1 -t \${{ inputs.registry }}/tool:2 -t \${{ github.sha }} .
`;
    const notAWorkflow = 'services:\n  a:\n    image: acme/ignored:1\n';

    const repositories = listBuiltRepositories([
      { path: '.github/workflows/build.yml', content: build },
      { path: '.github/workflows/broken.yml', content: notAWorkflow },
    ]);

    expect(repositories).toEqual([
      'docker.io/acme/api',
      'docker.io/acme/web',
      'docker.io/acme/worker',
      'ghcr.io/acme/api',
      'ghcr.io/acme/tool',
    ]);
  });
});
