/**
 * Walking a parsed YAML document within bounds: map entries (with `<<` merge keys), sequence
 * items and aliases followed to the node they name, remembering the anchor so that every
 * reference through it points at the one place where the value is written.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type ParsedNode, type YAMLMap } from 'yaml';
import type { LineIndex } from '../refs/index.js';
import { FreshbaseError } from '../util/errors.js';
import type { ManifestKind, ManifestLimits } from './types.js';

/** What a walk over one document knows and spends. */
export interface YamlContext {
  file: string;
  kind: ManifestKind;
  text: string;
  lines: LineIndex;
  limits: ManifestLimits;
  doc: Document.Parsed;
  /** Shared by every document of the file. */
  budget: { nodes: number; aliases: number };
  /** Resolved entries and items by node, for this document. */
  cache: WeakMap<object, Reached[]>;
}

/** A node reached through a key or an item, aliases followed. */
export interface Reached {
  node: ParsedNode;
  /** The anchor of the last alias followed, when the node was reached through one. */
  anchor?: string;
}

/** One entry of a map: its key as text, its value, the line of its key. */
export interface Entry extends Reached {
  key: string;
  keyLine: number;
}

/** A limit of `ManifestLimits` was reached while walking. */
export class ManifestLimitError extends FreshbaseError {
  override name = 'ManifestLimitError';

  constructor(reason: string) {
    super('manifest-limit', reason);
  }
}

/** Parses every document of a YAML stream, keeping source tokens for byte-exact spans. */
export function parseYamlStream(text: string): Document.Parsed[] {
  return parseAllDocuments(text, { keepSourceTokens: true, prettyErrors: false }) as Document.Parsed[];
}

/** Counts one visited node; throws `ManifestLimitError` past `maxNodes`. */
export function spend(ctx: YamlContext): void {
  ctx.budget.nodes -= 1;
  if (ctx.budget.nodes < 0) throw new ManifestLimitError(`the file has more than ${ctx.limits.maxNodes} YAML nodes; the rest was not read`);
}

/** Throws `ManifestLimitError` when `depth` is past `maxDepth`. */
export function checkDepth(ctx: YamlContext, depth: number): void {
  if (depth > ctx.limits.maxDepth)
    throw new ManifestLimitError(`the YAML nests deeper than ${ctx.limits.maxDepth} levels; the rest was not read`);
}

/** Follows aliases from `node` to the node they name; null when an alias names nothing. */
export function resolve(ctx: YamlContext, node: ParsedNode | null | undefined, anchor?: string): Reached | null {
  let current: ParsedNode | null | undefined = node;
  let lastAnchor = anchor;
  for (let hops = 0; current !== null && current !== undefined && isAlias(current); hops++) {
    ctx.budget.aliases -= 1;
    if (ctx.budget.aliases < 0 || hops > 8) {
      throw new ManifestLimitError(`the file follows more than ${ctx.limits.maxAliasCount} YAML aliases; the rest was not read`);
    }
    lastAnchor = current.source;
    current = current.resolve(ctx.doc) as ParsedNode | undefined;
  }
  if (current === null || current === undefined) return null;
  return lastAnchor === undefined ? { node: current } : { node: current, anchor: lastAnchor };
}

/** The text of a scalar key (`image`, `3`), or null for other keys. */
function keyText(key: unknown): string | null {
  if (!isScalar(key)) return null;
  const value = key.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
}

/**
 * The entries of a map (none for other nodes), merge keys (`<<: *base`, `<<: [*a, *b]`) after
 * the explicit ones. Each map is resolved once per document (so each alias is followed once);
 * every visit still counts its entries against `maxNodes`.
 */
export function entries(ctx: YamlContext, parent: Reached, depth = 0): Entry[] {
  checkDepth(ctx, depth);
  if (!isMap(parent.node)) return [];
  let own = ctx.cache.get(parent.node) as Entry[] | undefined;
  if (own === undefined) {
    own = mapEntries(ctx, parent.node, depth);
    ctx.cache.set(parent.node, own);
  }
  return own.map((entry) => {
    spend(ctx);
    return within(parent, entry);
  });
}

function mapEntries(ctx: YamlContext, map: YAMLMap.Parsed, depth: number): Entry[] {
  const explicit: Entry[] = [];
  const merged: Entry[] = [];
  for (const pair of map.items) {
    const key = keyText(pair.key);
    if (key === null) continue;
    const keyLine = ctx.lines.lineOf(pair.key.range[0]) + 1;
    if (key === '<<' && (isAlias(pair.value) || isSeq(pair.value))) {
      merged.push(...mergedEntries(ctx, pair.value as ParsedNode, depth));
      continue;
    }
    const reached = resolve(ctx, pair.value);
    if (reached !== null) explicit.push({ ...reached, key, keyLine });
  }
  const seen = new Set(explicit.map((entry) => entry.key));
  for (const entry of merged) {
    if (seen.has(entry.key)) continue;
    seen.add(entry.key);
    explicit.push(entry);
  }
  return explicit;
}

function mergedEntries(ctx: YamlContext, value: ParsedNode, depth: number): Entry[] {
  const sources = isSeq(value) ? value.items : [value];
  return sources.flatMap((source) => {
    const reached = resolve(ctx, source);
    return reached === null ? [] : entries(ctx, reached, depth + 1);
  });
}

/** The entry of a map under `key`, or undefined. */
export function field(ctx: YamlContext, parent: Reached, key: string): Entry | undefined {
  return entries(ctx, parent).find((entry) => entry.key === key);
}

/** The items of a sequence (none for other nodes), aliases followed (once per document). */
export function items(ctx: YamlContext, parent: Reached): Reached[] {
  if (!isSeq(parent.node)) return [];
  let own = ctx.cache.get(parent.node);
  if (own === undefined) {
    own = parent.node.items.flatMap((item) => resolve(ctx, item) ?? []);
    ctx.cache.set(parent.node, own);
  }
  return own.map((item) => {
    spend(ctx);
    return within(parent, item);
  });
}

/** The value of a scalar as text (`Deployment`, `apps/v1`), or null for other nodes and empty values. */
export function scalarText(node: ParsedNode | undefined): string | null {
  if (node === undefined || !isScalar(node)) return null;
  const value = node.value;
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
}

/** `child` as reached from `parent`: an anchor on the way to the parent holds the child too. */
export function within<T extends Reached>(parent: Reached, child: T): T {
  return child.anchor === undefined && parent.anchor !== undefined ? { ...child, anchor: parent.anchor } : child;
}
