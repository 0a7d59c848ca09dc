/**
 * The hardening rules freshbase's Kubernetes manifests must keep, as checks over rendered objects.
 * Each check returns its violations as `file: object: rule` lines ([] when the rule holds), so a
 * failing test names the file and the rule.
 *
 * Owns: the rules on objects around the pods (`checkNamespace`, `checkServiceAccounts`,
 * `checkNetworkPolicy`, `checkDisruptionBudget`, `checkService`) and the helpers the pod rules in
 * kubernetes-pod-rules.ts share. May import: kubernetes-models types, test/support/kubernetes-manifests.
 * Must not: read files.
 */
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { Manifest } from './kubernetes-manifests.js';

/** What the rules are checked against, written by hand in the test. */
export interface Expectations {
  /** The image's numeric USER and group. */
  uid: number;
  gid: number;
  /** The port the app listens on (Probot's PORT). */
  appPort: number;
  /** The health endpoint the readiness and startup probes call (and the liveness probe, unless `livenessPath`). */
  healthPath: string;
  /** The liveness probe's endpoint when it differs: one that answers while Redis is down, so an outage restarts no pod. */
  livenessPath?: string;
  /** Egress `protocol/port` pairs allowed, e.g. `UDP/53`. */
  egress: readonly string[];
}

/** Violations of a rule, one line each. */
export type Violations = string[];

/** `file: Kind name`, the start of every violation. */
export function where(manifest: Manifest): string {
  return `${manifest.file}: ${manifest.object.kind} ${manifest.object.metadata.name}`;
}

/** The kinds the rules read, with their API types. */
interface Kinds {
  Namespace: INamespace;
  ServiceAccount: IServiceAccount;
  ConfigMap: IConfigMap;
  Deployment: IDeployment;
  Service: IService;
  NetworkPolicy: INetworkPolicy;
  PodDisruptionBudget: IPodDisruptionBudget;
}

/** The objects of one kind, typed (they passed `validateManifest`). */
export function ofKind<K extends keyof Kinds>(manifests: readonly Manifest[], kind: K): { manifest: Manifest; object: Kinds[K] }[] {
  return manifests.filter((m) => m.object.kind === kind).map((manifest) => ({ manifest, object: manifest.object as unknown as Kinds[K] }));
}

/** The Deployments with their pod specs. */
export function podSpecs(manifests: readonly Manifest[]): { manifest: Manifest; pod: IPodSpec; labels: Record<string, string> }[] {
  return ofKind(manifests, 'Deployment').map(({ manifest, object }) => ({
    manifest,
    pod: object.spec?.template.spec ?? { containers: [] },
    labels: object.spec?.template.metadata?.labels ?? {},
  }));
}

/** Init containers, then containers. */
export function containersOf(pod: IPodSpec): IContainer[] {
  return [...(pod.initContainers ?? []), ...pod.containers];
}

/** Whether a non-empty label selector matches `labels`. */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

/** Pod Security Standards "restricted" labels (enforce, audit, warn, each with a version); everything else in the namespace. */
export function checkNamespace(manifests: readonly Manifest[]): Violations {
  const namespaces = ofKind(manifests, 'Namespace');
  if (namespaces.length !== 1) return [`(rendered): exactly one Namespace expected, found ${namespaces.length}`];
  const [{ manifest, object }] = namespaces as [(typeof namespaces)[number]];
  const labels = object.metadata?.labels ?? {};
  const violations: Violations = [];
  for (const mode of ['enforce', 'audit', 'warn']) {
    const label = `pod-security.kubernetes.io/${mode}`;
    if (labels[label] !== 'restricted') violations.push(`${where(manifest)}: label ${label} must be "restricted"`);
    if (!/^(latest|v1\.\d+)$/.test(labels[`${label}-version`] ?? '')) {
      violations.push(`${where(manifest)}: label ${label}-version must be "latest" or "v1.N"`);
    }
  }
  for (const other of manifests.filter((m) => m.object.kind !== 'Namespace')) {
    if (other.object.metadata.namespace !== manifest.object.metadata.name) {
      violations.push(`${where(other)}: must be in namespace ${manifest.object.metadata.name}`);
    }
  }
  return violations;
}

/** Service accounts and pods never mount a service account token. */
export function checkServiceAccounts(manifests: readonly Manifest[]): Violations {
  const accounts = ofKind(manifests, 'ServiceAccount');
  const violations = accounts
    .filter(({ object }) => object.automountServiceAccountToken !== false)
    .map(({ manifest }) => `${where(manifest)}: automountServiceAccountToken must be false`);
  for (const { manifest, pod } of podSpecs(manifests)) {
    if (pod.automountServiceAccountToken !== false) violations.push(`${where(manifest)}: pod automountServiceAccountToken must be false`);
    if (!accounts.some(({ object }) => object.metadata?.name === pod.serviceAccountName)) {
      violations.push(`${where(manifest)}: pod serviceAccountName must name a ServiceAccount of the kustomization`);
    }
  }
  return violations;
}

/** A probe or service port resolved to a container port number (named ports by the container's ports). */
export function portNumber(container: IContainer, port: number | string | undefined): number | undefined {
  return typeof port === 'number' ? port : container.ports?.find((p) => p.name === port)?.containerPort;
}

/** Default-deny both ways; ingress only to the app port; egress only to the expected ports, each rule limited by port. */
export function checkNetworkPolicy(manifests: readonly Manifest[], expected: Expectations): Violations {
  const violations: Violations = [];
  const policies = ofKind(manifests, 'NetworkPolicy');
  for (const { manifest, labels } of podSpecs(manifests)) {
    if (!policies.some(({ object }) => selects(object.spec?.podSelector.matchLabels, labels))) {
      violations.push(`${where(manifest)}: no NetworkPolicy selects its pods`);
    }
  }
  for (const { manifest, object } of policies) {
    const at = where(manifest);
    const spec = object.spec;
    if (!(['Ingress', 'Egress'] as const).every((type) => spec?.policyTypes?.includes(type))) {
      violations.push(`${at}: policyTypes must list Ingress and Egress`);
    }
    for (const rule of spec?.ingress ?? []) {
      const ports = (rule.ports ?? []).map((p) => `${p.protocol ?? 'TCP'}/${String(p.port)}`);
      if (JSON.stringify(ports) !== JSON.stringify([`TCP/${expected.appPort}`])) {
        violations.push(`${at}: ingress may reach only TCP/${expected.appPort}, found [${ports.join(', ')}]`);
      }
    }
    const egress = spec?.egress ?? [];
    if (egress.some((rule) => (rule.ports ?? []).length === 0)) violations.push(`${at}: every egress rule must name its ports`);
    const found = egress.flatMap((rule) => (rule.ports ?? []).map((p) => `${p.protocol ?? 'TCP'}/${String(p.port)}`));
    const extra = found.filter((port) => !expected.egress.includes(port));
    const missing = expected.egress.filter((port) => !found.includes(port));
    if (extra.length > 0 || missing.length > 0) {
      violations.push(
        `${at}: egress must allow exactly ${expected.egress.join(', ')} (extra: ${extra.join(', ')}; missing: ${missing.join(', ')})`,
      );
    }
  }
  return violations;
}

/** A PodDisruptionBudget selects the pods and still lets a drain evict a single replica. */
export function checkDisruptionBudget(manifests: readonly Manifest[]): Violations {
  const budgets = ofKind(manifests, 'PodDisruptionBudget');
  const violations: Violations = [];
  for (const { manifest, labels } of podSpecs(manifests)) {
    const replicas = (manifest.object as unknown as IDeployment).spec?.replicas ?? 1;
    const budget = budgets.find(({ object }) => selects(object.spec?.selector?.matchLabels, labels));
    if (budget === undefined) {
      violations.push(`${where(manifest)}: no PodDisruptionBudget selects its pods`);
      continue;
    }
    const spec = budget.object.spec;
    const allowed = spec?.maxUnavailable !== undefined ? Number(spec.maxUnavailable) : replicas - Number(spec?.minAvailable ?? replicas);
    if (!(allowed >= 1)) violations.push(`${where(budget.manifest)}: must allow evicting one of ${replicas} replica(s), or drains block`);
  }
  return violations;
}

/** Services select the pods and reach the app port. */
export function checkService(manifests: readonly Manifest[], expected: Expectations): Violations {
  const violations: Violations = [];
  const [deployment] = podSpecs(manifests);
  const container = deployment?.pod.containers[0];
  for (const { manifest, object } of ofKind(manifests, 'Service')) {
    if (deployment === undefined || container === undefined || !selects(object.spec?.selector, deployment.labels)) {
      violations.push(`${where(manifest)}: selector must match the Deployment's pods`);
      continue;
    }
    for (const port of object.spec?.ports ?? []) {
      if (portNumber(container, port.targetPort) !== expected.appPort)
        violations.push(`${where(manifest)}: targetPort must be ${expected.appPort}`);
    }
  }
  return violations;
}
