import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyPatch, type Operation } from 'rfc6902';
import { afterAll, describe, expect, it } from 'vitest';
import { readYamlDocuments, renderKustomization, REPO_ROOT, validateManifest, type Manifest } from '../../support/kubernetes-manifests.js';
import { checkEnvironment, checkPodSecurity, checkProbes, checkResources, checkVolumes } from '../../support/kubernetes-pod-rules.js';
import {
  checkDisruptionBudget,
  checkNamespace,
  checkNetworkPolicy,
  checkServiceAccounts,
  type Expectations,
} from '../../support/kubernetes-rules.js';

const EXPECTED: Expectations = {
  uid: 10001,
  gid: 10001,
  appPort: 3000,
  healthPath: '/freshbase/status',
  egress: ['UDP/53', 'TCP/53', 'TCP/443'],
};
const SECRET = { file: 'deploy/kubernetes/secret.example.yaml', name: 'freshbase', keys: ['APP_ID', 'PRIVATE_KEY', 'WEBHOOK_SECRET'] };
const DEPLOYMENT = 'deploy/kubernetes/deployment.yaml: Deployment freshbase';
const CONTAINER = `${DEPLOYMENT}: container freshbase`;
const C = '/spec/template/spec/containers/0';
const base = renderKustomization(join(REPO_ROOT, 'deploy', 'kubernetes'));
const scratch = mkdtempSync(join(tmpdir(), 'freshbase-kubernetes-'));

/** A copy of the rendered base with RFC 6902 `operations` applied to the object of `kind`. */
function broken(kind: string, ...operations: Operation[]): Manifest[] {
  const copy = structuredClone(base);
  const manifest = copy.find((m) => m.object.kind === kind);
  if (manifest === undefined) throw new Error(`the rendered base has no ${kind}`);
  const failed = applyPatch(manifest.object, operations).filter((result) => result !== null);
  if (failed.length > 0) throw new Error(`the edit of ${kind} failed: ${failed.map((e) => e.message).join('; ')}`);
  return copy;
}

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('test/support/kubernetes rules', () => {
  it.each<[string, () => string[], string]>([
    [
      'a writable root filesystem',
      () =>
        checkPodSecurity(
          broken('Deployment', { op: 'replace', path: `${C}/securityContext/readOnlyRootFilesystem`, value: false }),
          EXPECTED,
        ),
      `${CONTAINER} securityContext.readOnlyRootFilesystem must be true`,
    ],
    [
      'a pod running as root',
      () =>
        checkPodSecurity(
          broken('Deployment', { op: 'replace', path: '/spec/template/spec/securityContext/runAsUser', value: 0 }),
          EXPECTED,
        ),
      `${DEPLOYMENT}: pod securityContext.runAsUser must be 10001`,
    ],
    [
      'an added capability',
      () =>
        checkPodSecurity(broken('Deployment', { op: 'add', path: `${C}/securityContext/capabilities/add`, value: ['NET_RAW'] }), EXPECTED),
      `${CONTAINER} securityContext.capabilities.add must be []`,
    ],
    [
      'a liveness probe on another path',
      () => checkProbes(broken('Deployment', { op: 'replace', path: `${C}/livenessProbe/httpGet/path`, value: '/' }), EXPECTED),
      `${CONTAINER} livenessProbe must GET /freshbase/status`,
    ],
    [
      'no readiness probe',
      () => checkProbes(broken('Deployment', { op: 'remove', path: `${C}/readinessProbe` }), EXPECTED),
      `${CONTAINER} readinessProbe is missing`,
    ],
    [
      'an emptyDir without a size limit',
      () => checkVolumes(broken('Deployment', { op: 'remove', path: '/spec/template/spec/volumes/0/emptyDir/sizeLimit' })),
      `${DEPLOYMENT}: emptyDir volume tmp needs a sizeLimit`,
    ],
    [
      'no memory limit',
      () => checkResources(broken('Deployment', { op: 'remove', path: `${C}/resources/limits/memory` })),
      `${CONTAINER}: resources.limits.memory must be set`,
    ],
    [
      'egress to SSH',
      () =>
        checkNetworkPolicy(
          broken('NetworkPolicy', { op: 'add', path: '/spec/egress/-', value: { ports: [{ protocol: 'TCP', port: 22 }] } }),
          EXPECTED,
        ),
      'deploy/kubernetes/networkpolicy.yaml: NetworkPolicy freshbase: egress must allow exactly UDP/53, TCP/53, TCP/443 (extra: TCP/22; missing: )',
    ],
    [
      'an egress rule open on every port',
      () =>
        checkNetworkPolicy(
          broken('NetworkPolicy', { op: 'add', path: '/spec/egress/-', value: { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] } }),
          EXPECTED,
        ),
      'deploy/kubernetes/networkpolicy.yaml: NetworkPolicy freshbase: every egress rule must name its ports',
    ],
    [
      'a mounted service account token',
      () => checkServiceAccounts(broken('ServiceAccount', { op: 'replace', path: '/automountServiceAccountToken', value: true })),
      'deploy/kubernetes/serviceaccount.yaml: ServiceAccount freshbase: automountServiceAccountToken must be false',
    ],
    [
      'a namespace that does not warn',
      () => checkNamespace(broken('Namespace', { op: 'remove', path: '/metadata/labels/pod-security.kubernetes.io~1warn' })),
      'deploy/kubernetes/namespace.yaml: Namespace freshbase: label pod-security.kubernetes.io/warn must be "restricted"',
    ],
    [
      'a budget that blocks drains of a single replica',
      () =>
        checkDisruptionBudget(
          broken(
            'PodDisruptionBudget',
            { op: 'remove', path: '/spec/maxUnavailable' },
            { op: 'add', path: '/spec/minAvailable', value: 1 },
          ),
        ),
      'deploy/kubernetes/poddisruptionbudget.yaml: PodDisruptionBudget freshbase: must allow evicting one of 1 replica(s), or drains block',
    ],
    [
      'a Secret key the template does not document',
      () => {
        const value = { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'freshbase', key: 'TOKEN' } } };
        return checkEnvironment(broken('Deployment', { op: 'add', path: `${C}/env/-`, value }), SECRET, EXPECTED);
      },
      `${CONTAINER} TOKEN reads key TOKEN, which deploy/kubernetes/secret.example.yaml does not document`,
    ],
    [
      'Probot left listening on localhost',
      () =>
        checkEnvironment(
          broken('Deployment', { op: 'test', path: `${C}/env/1/name`, value: 'HOST' }, { op: 'remove', path: `${C}/env/1` }),
          SECRET,
          EXPECTED,
        ),
      `${CONTAINER}: HOST must be "0.0.0.0" (Probot listens on localhost otherwise)`,
    ],
  ])('%s is reported with its file and rule', (_case, check, message) => {
    expect(check()).toContain(message);
  });

  it('a field of the wrong type fails the API schema, naming the file', () => {
    const manifests = broken('Deployment', { op: 'replace', path: `${C}/ports/0/containerPort`, value: '3000' });
    const deployment = manifests.find((m) => m.object.kind === 'Deployment');

    const problems = validateManifest(deployment?.file ?? '', deployment?.object);

    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^deploy\/kubernetes\/deployment\.yaml \(Deployment freshbase\): does not match the Kubernetes API schema: /,
    );
    expect(problems[0]).toContain('containerPort must be integer');
  });

  it('reads YAML as Kubernetes does (1.1): an unquoted `on` is a boolean, which a ConfigMap refuses', () => {
    const file = join(scratch, 'configmap.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  FRESHBASE_SCHEDULE: on\n');

    const [document] = readYamlDocuments(file);

    expect(document).toMatchObject({ data: { FRESHBASE_SCHEDULE: true } });
    expect(validateManifest('configmap.yaml', document).join('\n')).toContain('FRESHBASE_SCHEDULE must be string');
  });

  it('refuses to render a kustomization field it does not implement, naming the file', () => {
    const dir = join(scratch, 'overlay');
    mkdirSync(dir);
    writeFileSync(join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nreplicas: []\n');

    const render = () => renderKustomization(dir);

    expect(render).toThrow(/overlay\/kustomization\.yaml: the test renderer does not know replicas$/);
  });
});
