import { describe, expect, it } from 'vitest';
import { NO_VARIABLES } from '../../../src/rebuild/dockerfile-path.js';
import { findShellBuilds } from '../../../src/rebuild/shell-builds.js';
import { splitShellCommands } from '../../../src/rebuild/shell-words.js';

const AT_ROOT = { workingDirectory: '.', variables: NO_VARIABLES, kanikoContainer: false };

describe('rebuild/shell-words', () => {
  it('joins continued lines, drops comments and redirections, and keeps $(...) and ${{ }} in one word', () => {
    const script = [
      '# build the image',
      'docker build \\',
      '  -t "acme/api:$(git rev-parse --short HEAD)" \\',
      '  -f ${{ matrix.dockerfile }} . 2>&1 | tee build.log',
      "echo 'done; really' && exit 0",
    ].join('\n');

    const commands = splitShellCommands(script);

    expect(commands).toEqual([
      ['docker', 'build', '-t', 'acme/api:$(git rev-parse --short HEAD)', '-f', '${{ matrix.dockerfile }}', '.'],
      ['tee', 'build.log'],
      ['echo', 'done; really'],
      ['exit', '0'],
    ]);
  });
});

describe('rebuild/shell-builds', () => {
  it.each([
    ['docker build .', [['Dockerfile']]],
    ['docker build -t acme/app:latest --pull --no-cache app/', [['app/Dockerfile']]],
    ['docker build -f docker/api.Dockerfile .', [['docker/api.Dockerfile']]],
    ['docker build --file=./docker/web.Dockerfile --build-arg VERSION=1 ./web', [['docker/web.Dockerfile']]],
    ['docker buildx build --platform linux/amd64,linux/arm64 --push -t ghcr.io/acme/app:1 .', [['Dockerfile']]],
    ['sudo -E docker image build -t x services/worker', [['services/worker/Dockerfile']]],
    ['DOCKER_BUILDKIT=1 docker build -t x - < Dockerfile', [['*']]],
    ['docker build -f $DOCKERFILE .', [['*']]],
    ['docker build -f ${{ matrix.dockerfile }} .', [['*']]],
    ['docker build -t app https://github.com/acme/app.git#main', [['*']]],
    ['docker buildx bake --push', [['*']]],
    ['docker compose build api', [['*']]],
    ['buildah bud -f Containerfile.ubi -t app .', [['Containerfile.ubi']]],
    ['buildah --storage-driver vfs build -t app images/base', [['images/base/Containerfile', 'images/base/Dockerfile']]],
    ['podman build --layers -t app .', [['Containerfile', 'Dockerfile']]],
    ['podman build -f a.Containerfile -f b.Containerfile .', [['a.Containerfile'], ['b.Containerfile']]],
    [
      '/kaniko/executor --context "${{ github.workspace }}/svc" --dockerfile "${{ github.workspace }}/svc/Dockerfile.k" --destination r/x',
      [['svc/Dockerfile.k']],
    ],
    ['/kaniko/executor --context=dir://./svc --destination r/x', [['svc/Dockerfile']]],
    ['docker run -v $PWD:/workspace gcr.io/kaniko-project/executor:v1.23.2 --dockerfile=/workspace/Dockerfile --no-push', [['*']]],
    ['docker push acme/app:latest', []],
    ['echo docker build .', []],
  ])('finds the Dockerfiles of %s', (script, expected) => {
    expect(findShellBuilds(script, AT_ROOT)).toEqual(expected);
  });

  it('resolves paths against the working directory and known env values', () => {
    const variables = { env: new Map([['DOCKERFILE', 'build/Dockerfile.ci']]), inputs: new Map<string, string>() };

    const builds = findShellBuilds('docker build -f "$DOCKERFILE" ..\ndocker build ./sub', {
      workingDirectory: 'services/api',
      variables,
      kanikoContainer: false,
    });

    expect(builds).toEqual([['services/api/build/Dockerfile.ci'], ['services/api/sub/Dockerfile']]);
  });

  it("reads a bare executor as kaniko's in a kaniko job container", () => {
    const builds = findShellBuilds('executor --dockerfile docker/Dockerfile --context .', { ...AT_ROOT, kanikoContainer: true });

    expect(builds).toEqual([['docker/Dockerfile']]);
  });
});
