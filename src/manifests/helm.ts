/**
 * Helm values files: `image: repo:tag` strings and `{registry?, repository, tag, digest?}`
 * image maps (also `name` for `repository`), anywhere in the values. A map whose `tag` is
 * empty runs the chart's `appVersion`: reported as the tag, never edited.
 */
import { isMap, parseDocument, type Document, type ParsedNode } from 'yaml';
import { LineIndex, type ImageRef } from '../refs/index.js';
import { imageMapRef, type AppVersion, type ImageMapParts } from './helm-image-map.js';
import { DEFAULT_MANIFEST_LIMITS, type ManifestLimits } from './types.js';
import { extractYaml, refFromScalar } from './yaml-ref.js';
import { readScalar } from './yaml-scalar.js';
import { checkDepth, entries, items, scalarText, type Entry, type Reached, type YamlContext } from './yaml-tree.js';

/** Options for `extractHelmValuesRefs`. */
export interface HelmValuesOptions {
  /** The chart's `Chart.yaml`, for `appVersion`. */
  chart?: { path: string; text: string };
  limits?: ManifestLimits;
}

/** Keys that, next to `repository` and `tag`, mark a map under any key as an image map. */
const MAP_HINTS = ['registry', 'digest', 'sha', 'pullPolicy'];

/** `image`, or a camel-case key ending in `Image` (`initImage`, `configReloaderImage`). */
function isImageKey(key: string): boolean {
  return key === 'image' || /[a-z0-9]Image$/.test(key);
}

/** Extracts the image references of a Helm values file. Never throws. */
export function extractHelmValuesRefs(file: string, text: string, options: HelmValuesOptions = {}): ImageRef[] {
  const appVersion = options.chart === undefined ? null : readAppVersion(options.chart);
  return extractYaml({
    file,
    kind: 'helm',
    text,
    limits: options.limits ?? DEFAULT_MANIFEST_LIMITS,
    visit: (ctx, root, out) => {
      visit(ctx, root, { path: '', key: '', keyLine: 0, appVersion, out }, 0);
    },
    reportBroken: () => true,
  });
}

/** `appVersion` of a Chart.yaml as written, with its line; null when absent or unreadable. */
export function readAppVersion(chart: { path: string; text: string }): AppVersion | null {
  if (chart.text.length > DEFAULT_MANIFEST_LIMITS.maxLength) return null;
  const doc = parseDocument(chart.text, { keepSourceTokens: true }) as Document.Parsed;
  if (doc.errors.length > 0 || !isMap(doc.contents)) return null;
  const node = doc.contents.get('appVersion', true) as ParsedNode | undefined;
  if (node === undefined) return null;
  const read = readScalar(new LineIndex(chart.text), node);
  if (read === null || read.isNull || read.value.text === '') return null;
  return { file: chart.path, line: read.span.line, value: read.value.text };
}

interface Walk {
  path: string;
  /** Key that holds the node ('' at the root and for sequence items), and its line (0 for none). */
  key: string;
  keyLine: number;
  appVersion: AppVersion | null;
  out: ImageRef[];
}

function visit(ctx: YamlContext, node: Reached, walk: Walk, depth: number): void {
  checkDepth(ctx, depth);
  for (const [index, item] of items(ctx, node).entries())
    visit(ctx, item, { ...walk, path: `${walk.path}[${index}]`, key: '', keyLine: 0 }, depth + 1);
  const fields = entries(ctx, node, depth);
  if (fields.length === 0) return;
  const parts = imageMapParts(fields, walk.key);
  if (parts !== null) {
    const instructionLine = walk.keyLine === 0 ? parts.repository.keyLine : walk.keyLine;
    const ref = imageMapRef(ctx, parts, { path: walk.path, instructionLine, appVersion: walk.appVersion, strict: isImageKey(walk.key) });
    if (ref !== null) walk.out.push(ref);
    return;
  }
  for (const entry of fields) {
    const path = walk.path === '' ? entry.key : `${walk.path}.${entry.key}`;
    if (isImageKey(entry.key) && scalarText(entry.node) !== null) {
      const ref = refFromScalar(ctx, entry, { source: 'helm-values', path, rule: 'template', instructionLine: entry.keyLine });
      if (ref !== null && (entry.key === 'image' || (ref.name !== null && (ref.name.tag !== undefined || ref.name.digest !== undefined)))) {
        walk.out.push(ref);
      }
      continue;
    }
    visit(ctx, entry, { ...walk, path, key: entry.key, keyLine: entry.keyLine }, depth + 1);
  }
}

/** The parts of an image map, or null when `fields` is not one. */
function imageMapParts(fields: Entry[], key: string): ImageMapParts | null {
  const get = (name: string): Entry | undefined => fields.find((entry) => entry.key === name);
  const repository = get('repository');
  const imageKey = isImageKey(key);
  // Under another key (`busybox:`), `repository` + `tag` alone is too weak: charts also hold
  // registry prefixes that way (`images: {repository: gcr.io/team, tag: ""}`).
  const hinted = get('tag') !== undefined && MAP_HINTS.some((hint) => get(hint) !== undefined);
  if (repository !== undefined && scalarText(repository.node) !== null && (imageKey || hinted)) {
    return { repository, registry: get('registry'), tag: get('tag'), digest: get('digest'), sha: get('sha') };
  }
  const name = get('name');
  const tag = get('tag');
  if (imageKey && name !== undefined && scalarText(name.node) !== null && tag !== undefined) {
    return { repository: name, registry: get('registry'), tag, digest: get('digest'), sha: get('sha') };
  }
  return null;
}
