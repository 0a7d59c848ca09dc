/** Workflow files shaped like real ones, shared by the rebuild tests. */

export const BUILD_PUSH = `name: Publish images
on:
  push:
    branches: [main]
  workflow_dispatch:
    inputs:
      reason:
        description: Why the images are rebuilt
        required: false
      images:
        required: false
jobs:
  docker:
    runs-on: ubuntu-latest
    permissions:
      packages: write
    steps:
      - uses: actions/checkout@v4
      - uses: docker/setup-buildx-action@v3
      - uses: docker/build-push-action@v6
        with:
          context: ./api
          file: ./api/Dockerfile.prod
          push: true
          tags: ghcr.io/acme/api:latest
      - name: Web
        uses: docker/build-push-action@v6
        with:
          context: web
          push: \${{ github.event_name != 'pull_request' }}
`;

export const DOCKER_CLI_PUSH_ONLY = `name: CI
on: [push, pull_request]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: |
          docker build \\
            --build-arg VERSION=\${{ github.sha }} \\
            -t acme/api:\${{ github.sha }} \\
            -f docker/api.Dockerfile .
`;

export const MATRIX = `on:
  workflow_dispatch:
  schedule:
    - cron: '0 4 * * *'
jobs:
  images:
    strategy:
      matrix:
        dockerfile: [docker/a.Dockerfile, docker/b.Dockerfile]
    runs-on: ubuntu-latest
    steps:
      - uses: docker/build-push-action@v6
        with:
          file: \${{ matrix.dockerfile }}
`;

export const DISPATCH_STRING = `on: workflow_dispatch
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: docker build -t app .
`;

export const BUILDAH = `on:
  push:
    tags: ['v*']
  workflow_dispatch: {}
jobs:
  build:
    runs-on: ubuntu-latest
    defaults:
      run:
        working-directory: images/ubi
    steps:
      - run: buildah bud --layers -f Containerfile -t quay.io/acme/ubi:latest .
      - uses: redhat-actions/buildah-build@v2
        with:
          image: tools
          containerfiles: |
            ./images/tools/Containerfile
`;

export const KANIKO = `on:
    push:
        branches: [main]
jobs:
    kaniko:
        runs-on: ubuntu-latest
        container:
            image: gcr.io/kaniko-project/executor:debug
        steps:
            - run: >-
                /kaniko/executor
                --context "\${{ github.workspace }}"
                --dockerfile "\${{ github.workspace }}/deploy/Dockerfile"
                --destination ghcr.io/acme/app:latest
`;

export const LINT = `on: [push]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: npm ci && npm run lint
`;

export function wf(name: string, content: string): { path: string; content: string } {
  return { path: `.github/workflows/${name}`, content };
}

export const DOCKERFILES = [
  'api/Dockerfile.prod',
  'web/Dockerfile',
  'docker/api.Dockerfile',
  'docker/a.Dockerfile',
  'docker/b.Dockerfile',
  'Dockerfile',
  'images/ubi/Containerfile',
  'images/tools/Containerfile',
  'deploy/Dockerfile',
];
