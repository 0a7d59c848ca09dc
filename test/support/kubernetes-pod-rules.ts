/**
 * The hardening rules on freshbase's pods: security context, probes, volumes, resources and
 * environment, as checks over rendered objects returning `file: object: rule` lines.
 *
 * Owns: `checkPodSecurity`, `checkProbes`, `checkVolumes`, `checkResources`, `parseQuantity`,
 * `checkEnvironment`. May import: kubernetes-models types, test/support/kubernetes-{manifests,rules}.
 * Must not: read files.
 */
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { Manifest } from './kubernetes-manifests.js';
import { containersOf, ofKind, podSpecs, portNumber, where, type Expectations, type Violations } from './kubernetes-rules.js';

/** Non-root numeric user, read-only root filesystem, no escalation, no capabilities, RuntimeDefault seccomp: on the pod and every container. */
export function checkPodSecurity(manifests: readonly Manifest[], expected: Expectations): Violations {
  const violations: Violations = [];
  for (const { manifest, pod } of podSpecs(manifests)) {
    const at = where(manifest);
    const context = pod.securityContext ?? {};
    const podRules: [string, unknown, unknown][] = [
      ['runAsNonRoot', context.runAsNonRoot, true],
      ['runAsUser', context.runAsUser, expected.uid],
      ['runAsGroup', context.runAsGroup, expected.gid],
      ['fsGroup', context.fsGroup, expected.gid],
      ['seccompProfile.type', context.seccompProfile?.type, 'RuntimeDefault'],
    ];
    for (const [field, actual, want] of podRules) {
      if (actual !== want) violations.push(`${at}: pod securityContext.${field} must be ${JSON.stringify(want)}`);
    }
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (pod[field] === true) violations.push(`${at}: pod ${field} must not be true`);
    }
    for (const container of containersOf(pod)) {
      const c = container.securityContext ?? {};
      const rules: [string, unknown, unknown][] = [
        ['runAsNonRoot', c.runAsNonRoot, true],
        ['runAsUser', c.runAsUser, expected.uid],
        ['runAsGroup', c.runAsGroup, expected.gid],
        ['readOnlyRootFilesystem', c.readOnlyRootFilesystem, true],
        ['allowPrivilegeEscalation', c.allowPrivilegeEscalation, false],
        ['capabilities.drop', c.capabilities?.drop, ['ALL']],
        ['capabilities.add', c.capabilities?.add ?? [], []],
        ['seccompProfile.type', c.seccompProfile?.type, 'RuntimeDefault'],
        ['privileged', c.privileged ?? false, false],
      ];
      for (const [field, actual, want] of rules) {
        if (JSON.stringify(actual) !== JSON.stringify(want)) {
          violations.push(`${at}: container ${container.name} securityContext.${field} must be ${JSON.stringify(want)}`);
        }
      }
    }
  }
  return violations;
}

/** Liveness and readiness (and startup, when present) probes: HTTP GET of the health path on the app port. */
export function checkProbes(manifests: readonly Manifest[], expected: Expectations): Violations {
  const violations: Violations = [];
  for (const { manifest, pod } of podSpecs(manifests)) {
    for (const container of pod.containers) {
      for (const kind of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        const probe = container[kind];
        const at = `${where(manifest)}: container ${container.name} ${kind}`;
        if (probe === undefined) {
          if (kind !== 'startupProbe') violations.push(`${at} is missing`);
          continue;
        }
        const path = kind === 'livenessProbe' ? (expected.livenessPath ?? expected.healthPath) : expected.healthPath;
        if (probe.httpGet?.path !== path) violations.push(`${at} must GET ${path}`);
        if (portNumber(container, probe.httpGet?.port) !== expected.appPort) violations.push(`${at} must use port ${expected.appPort}`);
      }
    }
  }
  return violations;
}

/** An emptyDir with a sizeLimit at /tmp in every container; no emptyDir without a sizeLimit. */
export function checkVolumes(manifests: readonly Manifest[]): Violations {
  const violations: Violations = [];
  for (const { manifest, pod } of podSpecs(manifests)) {
    const volumes = pod.volumes ?? [];
    for (const volume of volumes.filter((v) => v.emptyDir !== undefined)) {
      if (volume.emptyDir?.sizeLimit === undefined) violations.push(`${where(manifest)}: emptyDir volume ${volume.name} needs a sizeLimit`);
    }
    for (const container of containersOf(pod)) {
      const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
      const volume = volumes.find((v) => v.name === tmp?.name);
      if (volume?.emptyDir === undefined) {
        violations.push(`${where(manifest)}: container ${container.name} needs an emptyDir volume mounted at /tmp`);
      }
    }
  }
  return violations;
}

const UNITS: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };

/** A Kubernetes quantity (`100m`, `512Mi`, `1`) as a number; NaN for a suffix this test does not know. */
export function parseQuantity(quantity: string | number | undefined): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(quantity ?? '');
  const unit = UNITS[match?.[2] ?? 'none'];
  return match === null || unit === undefined ? Number.NaN : Number(match[1]) * unit;
}

/** CPU and memory requests and limits on every container, requests within limits, and V8's heap below the memory limit. */
export function checkResources(manifests: readonly Manifest[]): Violations {
  const violations: Violations = [];
  for (const { manifest, pod } of podSpecs(manifests)) {
    for (const container of containersOf(pod)) {
      const at = `${where(manifest)}: container ${container.name}`;
      for (const resource of ['cpu', 'memory']) {
        const request = parseQuantity(container.resources?.requests?.[resource]);
        const limit = parseQuantity(container.resources?.limits?.[resource]);
        if (!(request > 0)) violations.push(`${at}: resources.requests.${resource} must be set`);
        if (!(limit > 0)) violations.push(`${at}: resources.limits.${resource} must be set`);
        if (request > limit) violations.push(`${at}: resources.requests.${resource} must not exceed the limit`);
      }
      const heap = /--max-old-space-size=(\d+)/.exec(container.env?.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '')?.[1];
      const limit = parseQuantity(container.resources?.limits?.memory);
      if (heap === undefined || Number(heap) * 2 ** 20 >= limit) {
        violations.push(`${at}: NODE_OPTIONS --max-old-space-size must be set below the memory limit`);
      }
    }
  }
  return violations;
}

/** The Secret the pods read: its name, the file that documents it, and every key it documents. */
export interface SecretDescription {
  file: string;
  name: string;
  keys: readonly string[];
}

function checkSecretReferences(manifest: Manifest, pod: IPodSpec, secret: SecretDescription): Violations {
  const violations: Violations = [];
  const refs = pod.containers.flatMap((container) =>
    (container.env ?? []).flatMap(({ name, valueFrom }) => {
      const ref = valueFrom?.secretKeyRef;
      return ref === undefined ? [] : [{ what: `container ${container.name} ${name}`, name: ref.name, keys: [ref.key] }];
    }),
  );
  for (const volume of pod.volumes ?? []) {
    if (volume.secret === undefined) continue;
    const keys = (volume.secret.items ?? []).map((item) => item.key);
    refs.push({ what: `volume ${volume.name}`, name: volume.secret.secretName ?? '', keys });
  }
  for (const ref of refs) {
    if (ref.name !== secret.name) violations.push(`${where(manifest)}: ${ref.what} must come from Secret ${secret.name}`);
    for (const key of ref.keys.filter((k) => !secret.keys.includes(k))) {
      violations.push(`${where(manifest)}: ${ref.what} reads key ${key}, which ${secret.file} does not document`);
    }
  }
  return violations;
}

/**
 * Environment of every container: production mode, listening on all addresses at the app port,
 * Secret keys the Secret template documents, a ConfigMap of the kustomization, and the registry
 * cache directory on the /tmp emptyDir.
 */
export function checkEnvironment(manifests: readonly Manifest[], secret: SecretDescription, expected: Expectations): Violations {
  const configMaps = ofKind(manifests, 'ConfigMap');
  const violations: Violations = [];
  for (const { manifest, pod } of podSpecs(manifests)) {
    violations.push(...checkSecretReferences(manifest, pod, secret));
    for (const container of pod.containers) {
      const at = `${where(manifest)}: container ${container.name}`;
      const value = (name: string) => container.env?.find((e) => e.name === name)?.value;
      if (value('NODE_ENV') !== 'production') violations.push(`${at}: NODE_ENV must be "production"`);
      if (value('HOST') !== '0.0.0.0') violations.push(`${at}: HOST must be "0.0.0.0" (Probot listens on localhost otherwise)`);
      if (value('PORT') !== String(expected.appPort)) violations.push(`${at}: PORT must be "${expected.appPort}"`);
      for (const source of container.envFrom ?? []) {
        const data = configMaps.find(({ object }) => object.metadata?.name === source.configMapRef?.name)?.object.data;
        if (data === undefined) {
          violations.push(`${at}: envFrom names ConfigMap ${String(source.configMapRef?.name)}, which the kustomization lacks`);
        } else if (!(data.FRESHBASE_CACHE_DIR ?? '').startsWith('/tmp/')) {
          violations.push(`${at}: FRESHBASE_CACHE_DIR must lie under the /tmp emptyDir`);
        }
      }
    }
  }
  return violations;
}
