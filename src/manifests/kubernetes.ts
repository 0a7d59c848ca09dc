/**
 * Kubernetes manifests: the `image` of every container, init container and ephemeral
 * container of any Pod spec in any object (workloads, `List` items, custom resources with a
 * Pod template), and Spark Operator's application images.
 *
 * A document that is not an object (`apiVersion` and `kind`) is ignored without a word.
 */
import type { ImageRef, RefSource } from '../refs/index.js';
import { DEFAULT_MANIFEST_LIMITS, type ManifestLimits } from './types.js';
import { extractYaml, refFromScalar } from './yaml-ref.js';
import { checkDepth, entries, field, items, scalarText, type Reached, type YamlContext } from './yaml-tree.js';

/** Containers lists of a Pod spec, and what a reference in each is. */
const CONTAINER_LISTS: Readonly<Record<string, RefSource>> = {
  containers: 'container',
  initContainers: 'init-container',
  ephemeralContainers: 'ephemeral-container',
};

/** Kinds that hold no Pod spec but can be large: not walked. */
const SKIPPED_KINDS = new Set(['ConfigMap', 'Secret', 'CustomResourceDefinition']);

/** Keys never holding a Pod spec. */
const SKIPPED_KEYS = new Set(['metadata', 'status', 'data', 'stringData', 'binaryData']);

const SPARK_API = /^sparkoperator\.k8s\.io\//;

/** Quick test: whether the text can hold a Kubernetes object at all. */
export function mayBeKubernetes(text: string): boolean {
  return /(^|[\s{,])["']?apiVersion["']?\s*:/m.test(text) && /(^|[\s{,])["']?kind["']?\s*:/m.test(text);
}

/** Extracts the image references of a Kubernetes manifest (one or more YAML documents). Never throws. */
export function extractKubernetesRefs(file: string, text: string, limits: ManifestLimits = DEFAULT_MANIFEST_LIMITS): ImageRef[] {
  if (!mayBeKubernetes(text)) return [];
  return extractYaml({
    file,
    kind: 'kubernetes',
    text,
    limits,
    visit: (ctx, root, out) => {
      if (isObject(ctx, root)) visitObject(ctx, root, '', out, 0);
    },
    reportBroken: (ctx, root) => root !== null && isObject(ctx, root),
  });
}

function isObject(ctx: YamlContext, node: Reached): boolean {
  return scalarText(field(ctx, node, 'apiVersion')?.node) !== null && scalarText(field(ctx, node, 'kind')?.node) !== null;
}

function visitObject(ctx: YamlContext, object: Reached, path: string, out: ImageRef[], depth: number): void {
  const kind = scalarText(field(ctx, object, 'kind')?.node) ?? '';
  const apiVersion = scalarText(field(ctx, object, 'apiVersion')?.node) ?? '';
  if (SKIPPED_KINDS.has(kind)) return;
  if (kind.endsWith('List')) {
    const list = field(ctx, object, 'items');
    if (list === undefined) return;
    for (const [index, item] of items(ctx, list).entries()) {
      if (isObject(ctx, item)) visitObject(ctx, item, `${join(path, 'items')}[${index}]`, out, depth + 1);
    }
    return;
  }
  const spark = SPARK_API.test(apiVersion);
  if (spark) visitSpark(ctx, object, kind, path, out);
  findPodSpecs(ctx, object, path, { out, spark }, depth);
}

/** Spark Operator: `spec.image`, `spec.driver.image`, `spec.executor.image` (under `spec.template` when scheduled). */
function visitSpark(ctx: YamlContext, object: Reached, kind: string, path: string, out: ImageRef[]): void {
  const spec = field(ctx, object, 'spec');
  if (spec === undefined) return;
  const scheduled = kind === 'ScheduledSparkApplication';
  const app = scheduled ? field(ctx, spec, 'template') : spec;
  if (app === undefined) return;
  const base = join(path, scheduled ? 'spec.template' : 'spec');
  addImage(ctx, app, { source: 'spark-image', path: base }, out);
  for (const [role, source] of [
    ['driver', 'spark-driver'],
    ['executor', 'spark-executor'],
  ] as const) {
    const pod = field(ctx, app, role);
    if (pod !== undefined) addImage(ctx, pod, { source, path: `${base}.${role}` }, out);
  }
}

interface Found {
  out: ImageRef[];
  /** Inside a Spark object: `sidecars` lists are containers too. */
  spark: boolean;
}

/** Walks `node` for container lists, wherever a Pod spec sits. */
function findPodSpecs(ctx: YamlContext, node: Reached, path: string, found: Found, depth: number): void {
  checkDepth(ctx, depth);
  for (const [index, item] of items(ctx, node).entries()) findPodSpecs(ctx, item, `${path}[${index}]`, found, depth + 1);
  for (const entry of entries(ctx, node, depth)) {
    if (SKIPPED_KEYS.has(entry.key)) continue;
    const source = CONTAINER_LISTS[entry.key] ?? (found.spark && entry.key === 'sidecars' ? 'sidecar' : undefined);
    const here = join(path, entry.key);
    if (source === undefined) {
      findPodSpecs(ctx, entry, here, found, depth + 1);
      continue;
    }
    for (const [index, container] of items(ctx, entry).entries()) {
      const name = scalarText(field(ctx, container, 'name')?.node);
      addImage(ctx, container, { source, path: `${here}[${name === null ? index : `name=${name}`}]` }, found.out);
    }
  }
}

function addImage(ctx: YamlContext, holder: Reached, meta: { source: RefSource; path: string }, out: ImageRef[]): void {
  const image = field(ctx, holder, 'image');
  if (image === undefined) return;
  const ref = refFromScalar(ctx, image, { ...meta, path: `${meta.path}.image`, rule: 'template', instructionLine: image.keyLine });
  if (ref !== null) out.push(ref);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
