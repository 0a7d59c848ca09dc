/**
 * The Kubernetes manifests under deploy/kubernetes, for tests: reads every YAML document the way
 * Kubernetes does (YAML 1.1, so `on` is a boolean), validates it against the Kubernetes API schemas
 * that `kubernetes-models` generates from the published OpenAPI description (offline), and renders a
 * kustomization as `kubectl apply -k` would for the features it uses: `resources`, `namespace`,
 * `components` and `patches` (RFC 6902, applied by `rfc6902`) and `images`. Any other kustomization
 * field, or a strategic-merge patch, fails naming the file, so nothing is rendered silently wrong.
 *
 * Owns: `readYamlDocuments`, `validateManifest`, `renderKustomization`, `listYamlFiles`.
 * May import: yaml, kubernetes-models, rfc6902, node built-ins. Must not: read outside the repository.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { applyPatch, type Operation } from 'rfc6902';
import { parseAllDocuments } from 'yaml';

/** The repository root; manifest files are named relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A Kubernetes object as read from YAML. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** One object and the file it came from (relative to the repository root). */
export interface Manifest {
  file: string;
  object: KubeObject;
}

// One schema per kind the manifests use; a new kind must be added here to be validated.
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};
const CLUSTER_SCOPED = new Set(['Namespace']);
const KUSTOMIZATION_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'components', 'patches', 'images']);

function name(path: string): string {
  return relative(REPO_ROOT, path);
}

/** Every document of a YAML file, parsed as YAML 1.1; throws naming the file on a syntax error. */
export function readYamlDocuments(path: string): unknown[] {
  const documents = parseAllDocuments(readFileSync(path, 'utf8'), { version: '1.1' });
  if (!Array.isArray(documents)) return [];
  return documents.map((document, index) => {
    if (document.errors.length > 0) throw new Error(`${name(path)} (document ${index + 1}): ${document.errors[0]?.message ?? ''}`);
    return document.toJS() as unknown;
  });
}

/** Every `.yaml` / `.yml` file under `dir`, sorted, as absolute paths. */
export function listYamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => join(dir, entry))
    .filter((path) => /\.ya?ml$/.test(path) && statSync(path).isFile())
    .sort();
}

/** Problems of one document against its kind's Kubernetes API schema, each naming the file; [] when valid. */
export function validateManifest(file: string, document: unknown): string[] {
  const object = (typeof document === 'object' && document !== null ? document : {}) as Record<string, unknown>;
  const { apiVersion, kind } = object;
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  const where = `${file} (${String(kind)} ${String(metadata.name)})`;
  const Model = MODELS[`${String(apiVersion)}/${String(kind)}`];
  if (Model === undefined) return [`${where}: no schema for apiVersion ${String(apiVersion)} kind ${String(kind)}`];
  try {
    new Model(structuredClone(object) as never).validate();
    return [];
  } catch (error: unknown) {
    return [`${where}: does not match the Kubernetes API schema: ${error instanceof Error ? error.message : String(error)}`];
  }
}

function asKubeObject(value: unknown, file: string): KubeObject {
  const object = value as Partial<KubeObject> | null;
  if (typeof object?.apiVersion !== 'string' || typeof object.kind !== 'string' || typeof object.metadata?.name !== 'string') {
    throw new Error(`${file}: a document without apiVersion, kind and metadata.name`);
  }
  return object as KubeObject;
}

interface Kustomization {
  kind?: string;
  namespace?: string;
  resources?: string[];
  components?: string[];
  patches?: { path?: string; target?: { group?: string; version?: string; kind?: string; name?: string } }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
}

function readKustomization(dir: string, kind: 'Kustomization' | 'Component'): Kustomization {
  const path = join(dir, 'kustomization.yaml');
  const [document] = readYamlDocuments(path);
  const kustomization = (document ?? {}) as Kustomization & Record<string, unknown>;
  const unknown = Object.keys(kustomization).filter((key) => !KUSTOMIZATION_FIELDS.has(key));
  if (unknown.length > 0) throw new Error(`${name(path)}: the test renderer does not know ${unknown.join(', ')}`);
  if (kustomization.kind !== kind) throw new Error(`${name(path)}: kind is ${String(kustomization.kind)}, expected ${kind}`);
  return kustomization;
}

function matchesTarget(object: KubeObject, target: NonNullable<Kustomization['patches']>[number]['target']): boolean {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  return (
    (target?.group === undefined || target.group === group) &&
    (target?.version === undefined || target.version === version) &&
    (target?.kind === undefined || target.kind === object.kind) &&
    (target?.name === undefined || target.name === object.metadata.name)
  );
}

function applyPatches(dir: string, kustomization: Kustomization, manifests: Manifest[]): void {
  for (const patch of kustomization.patches ?? []) {
    const path = join(dir, patch.path ?? '');
    const [operations] = readYamlDocuments(path);
    if (patch.path === undefined || !Array.isArray(operations)) {
      throw new Error(`${name(path)}: only RFC 6902 patches in a file are rendered by the test (a list of operations)`);
    }
    const targets = manifests.filter((manifest) => matchesTarget(manifest.object, patch.target));
    if (targets.length === 0) throw new Error(`${name(path)}: the patch matches no resource`);
    for (const target of targets) {
      const failed = applyPatch(target.object, operations as Operation[]).filter((result) => result !== null);
      if (failed.length > 0) throw new Error(`${name(path)}: ${failed.map((error) => error.message).join('; ')}`);
      target.file = `${target.file} + ${name(path)}`;
    }
  }
}

function setImages(kustomization: Kustomization, manifests: Manifest[]): void {
  for (const { object } of manifests) {
    type ImageHolder = { image?: string }[] | undefined;
    const spec = object.spec as { template?: { spec?: { containers?: ImageHolder; initContainers?: ImageHolder } } } | undefined;
    const pod = spec?.template?.spec;
    for (const container of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]) {
      const image = container.image ?? '';
      const [reference = '', digest] = image.split('@');
      const colon = reference.lastIndexOf(':');
      const [imageName, tag] =
        colon > reference.lastIndexOf('/') ? [reference.slice(0, colon), reference.slice(colon + 1)] : [reference, undefined];
      const rule = kustomization.images?.find((entry) => entry.name === imageName);
      if (rule === undefined) continue;
      const newTag = rule.newTag ?? tag;
      const newDigest = rule.digest ?? digest;
      container.image = `${rule.newName ?? imageName}${newTag === undefined ? '' : `:${newTag}`}${newDigest === undefined ? '' : `@${newDigest}`}`;
    }
  }
}

/**
 * Builds `dir`'s kustomization plus `extraComponents` (directories, as an overlay listing them under
 * `components:` would): resources, then components' and own patches, then namespace and images.
 */
export function renderKustomization(dir: string, extraComponents: readonly string[] = []): Manifest[] {
  const kustomization = readKustomization(dir, 'Kustomization');
  const manifests: Manifest[] = [];
  for (const resource of kustomization.resources ?? []) {
    const path = join(dir, resource);
    if (statSync(path).isDirectory()) {
      manifests.push(...renderKustomization(path));
      continue;
    }
    for (const document of readYamlDocuments(path)) manifests.push({ file: name(path), object: asKubeObject(document, name(path)) });
  }
  for (const component of [...(kustomization.components ?? []).map((c) => join(dir, c)), ...extraComponents]) {
    applyPatches(component, readKustomization(component, 'Component'), manifests);
  }
  applyPatches(dir, kustomization, manifests);
  if (kustomization.namespace !== undefined) {
    for (const { object } of manifests) {
      if (!CLUSTER_SCOPED.has(object.kind)) object.metadata.namespace = kustomization.namespace;
    }
  }
  setImages(kustomization, manifests);
  return manifests;
}
