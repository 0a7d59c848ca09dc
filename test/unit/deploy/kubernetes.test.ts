import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import {
  listYamlFiles,
  readYamlDocuments,
  renderKustomization,
  REPO_ROOT,
  validateManifest,
  type KubeObject,
  type Manifest,
} from '../../support/kubernetes-manifests.js';
import {
  checkEnvironment,
  checkPodSecurity,
  checkProbes,
  checkResources,
  checkVolumes,
  type SecretDescription,
} from '../../support/kubernetes-pod-rules.js';
import {
  checkDisruptionBudget,
  checkNamespace,
  checkNetworkPolicy,
  checkService,
  checkServiceAccounts,
  podSpecs,
  type Expectations,
} from '../../support/kubernetes-rules.js';

const BASE = join(REPO_ROOT, 'deploy', 'kubernetes');
const REDIS = join(BASE, 'redis');
const SECRET_TEMPLATE = 'deploy/kubernetes/secret.example.yaml';
const EXPECTED: Expectations = {
  uid: 10001,
  gid: 10001,
  appPort: 3000,
  healthPath: '/freshbase/status',
  egress: ['UDP/53', 'TCP/53', 'TCP/443'],
};
const WITH_REDIS: Expectations = { ...EXPECTED, egress: [...EXPECTED.egress, 'TCP/6379'], livenessPath: '/ping' };

interface KustomizationFile {
  resources?: string[];
  patches?: { path: string }[];
  images?: { name: string }[];
}

function kustomizationOf(dir: string): KustomizationFile {
  return readYamlDocuments(join(dir, 'kustomization.yaml'))[0] as KustomizationFile;
}

const patchFiles = new Set((kustomizationOf(REDIS).patches ?? []).map((patch) => join(REDIS, patch.path)));
const resourceFiles = listYamlFiles(BASE).filter((path) => basename(path) !== 'kustomization.yaml' && !patchFiles.has(path));
const secretTemplate = readYamlDocuments(join(REPO_ROOT, SECRET_TEMPLATE))[0] as KubeObject & { stringData?: Record<string, string> };
// Keys the template documents: its placeholders and the keys of its `kubectl create secret` instructions.
const secretKeys = [
  ...Object.keys(secretTemplate.stringData ?? {}),
  ...[...readFileSync(join(REPO_ROOT, SECRET_TEMPLATE), 'utf8').matchAll(/--from-(?:literal|file)=([\w.-]+)=/g)].map((m) => m[1] ?? ''),
];
const secret: SecretDescription = { file: SECRET_TEMPLATE, name: secretTemplate.metadata.name, keys: secretKeys };
const renders: [string, Manifest[], Expectations][] = [
  ['deploy/kubernetes', renderKustomization(BASE), EXPECTED],
  ['deploy/kubernetes with the redis component', renderKustomization(BASE, [REDIS]), WITH_REDIS],
];

describe('deploy/kubernetes', () => {
  it.each(resourceFiles.map((path) => [relative(REPO_ROOT, path), path]))(
    '%s: every document matches the Kubernetes API schema',
    (file, path) => {
      const documents = readYamlDocuments(path);

      const problems = documents.flatMap((document) => validateManifest(file, document));

      expect(documents.length, `${file}: holds no document`).toBeGreaterThan(0);
      expect(problems).toEqual([]);
    },
  );

  it('kustomization.yaml lists every manifest beside it, each listed file exists, and the Secret template is not applied', () => {
    const listed = kustomizationOf(BASE).resources ?? [];
    const beside = listYamlFiles(BASE)
      .filter((path) => dirname(path) === BASE && basename(path) !== 'kustomization.yaml')
      .map((path) => basename(path));

    expect(
      listed.filter((file) => !existsSync(join(BASE, file))),
      'deploy/kubernetes/kustomization.yaml: listed resources that do not exist',
    ).toEqual([]);
    expect(
      beside.filter((file) => !listed.includes(file) && !file.endsWith('.example.yaml')),
      'deploy/kubernetes/kustomization.yaml: manifests in the directory that resources does not list',
    ).toEqual([]);
    expect(
      listed.filter((file) => file.endsWith('.example.yaml')),
      'deploy/kubernetes/kustomization.yaml: a template must not be applied (it would overwrite the real Secret)',
    ).toEqual([]);
  });

  it('redis/kustomization.yaml is a component whose patches are every other file in its directory', () => {
    const kustomization = readYamlDocuments(join(REDIS, 'kustomization.yaml'))[0] as { kind?: string };
    const files = listYamlFiles(REDIS).filter((path) => basename(path) !== 'kustomization.yaml');

    expect(kustomization.kind, 'deploy/kubernetes/redis/kustomization.yaml: kind').toBe('Component');
    expect(files.filter((path) => !patchFiles.has(path)).map((path) => relative(REPO_ROOT, path))).toEqual([]);
    expect([...patchFiles].filter((path) => !existsSync(path)).map((path) => relative(REPO_ROOT, path))).toEqual([]);
  });

  it('the Deployment uses the image placeholder that kustomization.yaml `images` sets', () => {
    const names = (kustomizationOf(BASE).images ?? []).map((image) => image.name);
    const deployment = readYamlDocuments(join(BASE, 'deployment.yaml'))[0] as Manifest['object'];
    const [raw] = podSpecs([{ file: 'deploy/kubernetes/deployment.yaml', object: deployment }]);
    const [rendered] = podSpecs(renderKustomization(BASE));

    expect(raw?.pod.containers.map((c) => c.image)).toEqual(['freshbase']);
    expect(names, 'deploy/kubernetes/kustomization.yaml: images must name the placeholder').toEqual(['freshbase']);
    expect(rendered?.pod.containers.map((c) => c.image)).toEqual(['registry.example.com/freshbase:replace-me']);
  });

  it("runs as the image's numeric USER from the Dockerfile", () => {
    const dockerfile = DockerfileParser.parse(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));

    const user = dockerfile
      .getInstructions()
      .filter((instruction) => instruction.getKeyword() === 'USER')
      .at(-1)
      ?.getArgumentsContent();

    expect(user, 'Dockerfile: USER must be the uid:gid the manifests run as').toBe(`${EXPECTED.uid}:${EXPECTED.gid}`);
  });

  it('the Secret template holds only placeholders, never a key or a secret', () => {
    const values = Object.entries(secretTemplate.stringData ?? {});

    expect(secretTemplate.kind).toBe('Secret');
    expect(secretTemplate.data, `${SECRET_TEMPLATE}: use stringData placeholders, not data`).toBeUndefined();
    expect(values.map(([key]) => key).sort()).toEqual(['APP_ID', 'PRIVATE_KEY', 'WEBHOOK_SECRET']);
    expect(
      values.filter(([, value]) => !/replace/i.test(value) || /BEGIN [A-Z ]*PRIVATE KEY/.test(value)).map(([key]) => key),
      `${SECRET_TEMPLATE}: values that are not obvious placeholders`,
    ).toEqual([]);
  });

  describe.each(renders)('rendered %s', (_name, manifests, expected) => {
    it('every object matches the Kubernetes API schema', () => {
      expect(manifests.flatMap((manifest) => validateManifest(manifest.file, manifest.object))).toEqual([]);
    });

    it('holds the namespace, service account, config, deployment, service, network policy and disruption budget', () => {
      expect(manifests.map((m) => m.object.kind).sort()).toEqual([
        'ConfigMap',
        'Deployment',
        'Namespace',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'Service',
        'ServiceAccount',
      ]);
    });

    it.each([
      ['the namespace has the "restricted" Pod Security labels and holds everything', () => checkNamespace(manifests)],
      ['no service account token is mounted', () => checkServiceAccounts(manifests)],
      [
        'the pod and every container run non-root, read-only, unprivileged, with RuntimeDefault seccomp',
        () => checkPodSecurity(manifests, expected),
      ],
      ['liveness and readiness probes GET /freshbase/status on the app port', () => checkProbes(manifests, expected)],
      ['/tmp is an emptyDir with a sizeLimit', () => checkVolumes(manifests)],
      ['every container has CPU and memory requests and limits', () => checkResources(manifests)],
      ['the NetworkPolicy allows only the app port in and the expected ports out', () => checkNetworkPolicy(manifests, expected)],
      ['the PodDisruptionBudget selects the pods without blocking drains', () => checkDisruptionBudget(manifests)],
      ['the Service reaches the app port', () => checkService(manifests, expected)],
      ['the environment runs production mode from the Secret and the ConfigMap', () => checkEnvironment(manifests, secret, expected)],
    ])('%s', (_rule, check) => {
      expect(check()).toEqual([]);
    });
  });

  it('the redis component adds REDIS_URL from the Secret to the freshbase container, and nothing without it does', () => {
    const env = (manifests: Manifest[]) =>
      podSpecs(manifests).flatMap(({ pod }) =>
        pod.containers.map((c) => [c.name, c.env?.find((e) => e.name === 'REDIS_URL')?.valueFrom?.secretKeyRef ?? null]),
      );

    expect(env(renderKustomization(BASE))).toEqual([['freshbase', null]]);
    expect(env(renderKustomization(BASE, [REDIS]))).toEqual([['freshbase', { name: 'freshbase', key: 'REDIS_URL' }]]);
  });

  it('runs one replica without Redis and three with the redis component', () => {
    const replicas = (manifests: Manifest[]) =>
      manifests
        .filter(({ object }) => object.kind === 'Deployment')
        .map(({ object }) => (object as { spec?: { replicas?: number } }).spec?.replicas);

    expect(replicas(renderKustomization(BASE))).toEqual([1]);
    expect(replicas(renderKustomization(BASE, [REDIS]))).toEqual([3]);
  });
});
