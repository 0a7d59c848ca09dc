/**
 * From YAML to `ImageRef`s: one reference per image value, and the per-file driver every
 * YAML kind shares (size limit, documents, parse errors, walk limits).
 */
import { buildImageRef, LineIndex, type ImageRef, type MappedText, type RefSource } from '../refs/index.js';
import { interpolate, type InterpolationRule } from './interpolate.js';
import type { ManifestKind, ManifestLimits } from './types.js';
import { readScalar, type ScalarText } from './yaml-scalar.js';
import { ManifestLimitError, parseYamlStream, type Reached, type YamlContext } from './yaml-tree.js';

/** What a reference found in a manifest says about itself. */
export interface ValueMeta {
  source: RefSource;
  /** Key path, e.g. `services.db.image`. */
  path: string;
  rule: InterpolationRule;
  /** 1-based line of the key (or alias) that uses the image. */
  instructionLine: number;
  anchor?: string | undefined;
}

/** The source each kind's file-level problems are reported under. */
const FILE_SOURCE: Readonly<Record<ManifestKind, RefSource>> = {
  kubernetes: 'container',
  helm: 'helm-values',
  compose: 'compose-service',
  workflow: 'workflow-container',
  devcontainer: 'devcontainer',
};

/** A reference standing for a whole file that could not be read. */
export function fileProblem(file: string, kind: ManifestKind, line: number, reason: string): ImageRef {
  return { file, kind, line, instructionLine: line, source: FILE_SOURCE[kind], raw: '', name: null, problem: { kind: 'invalid', reason } };
}

/** The reference for a scalar image value; null for collections and empty values. */
export function refFromScalar(ctx: YamlContext, reached: Reached, meta: Omit<ValueMeta, 'anchor'>): ImageRef | null {
  const read = readScalar(ctx.lines, reached.node);
  if (read === null || read.value.text.trim() === '') return null;
  const anchor = reached.anchor ?? (reached.node as { anchor?: string }).anchor;
  return refFromValue(ctx, read, read.value, { ...meta, anchor });
}

/** The reference for `value` (all or part of the scalar `read`). */
export function refFromValue(ctx: YamlContext, read: ScalarText, value: MappedText, meta: ValueMeta): ImageRef {
  const extra = { path: meta.path, ...(meta.anchor === undefined ? {} : { anchor: meta.anchor }) };
  const interpolated = interpolate(value, meta.rule);
  if (!interpolated.ok) {
    return {
      file: ctx.file,
      kind: ctx.kind,
      line: read.span.line,
      instructionLine: meta.instructionLine,
      source: meta.source,
      raw: value.text,
      name: null,
      ...extra,
      problem: { kind: 'unresolvable', reason: interpolated.reason },
    };
  }
  return buildImageRef({
    file: ctx.file,
    kind: ctx.kind,
    source: meta.source,
    lines: ctx.lines,
    instructionLine: meta.instructionLine,
    value: interpolated.value,
    ...(read.uneditable === undefined ? {} : { uneditable: read.uneditable }),
    extra,
  });
}

/** What a YAML kind's extractor gives the shared driver. */
export interface YamlExtraction {
  file: string;
  kind: ManifestKind;
  text: string;
  limits: ManifestLimits;
  /** Adds the references of one document. */
  visit: (ctx: YamlContext, root: Reached, out: ImageRef[]) => void;
  /** Whether a document that failed to parse should be reported (Kubernetes: only objects). */
  reportBroken: (ctx: YamlContext, root: Reached | null) => boolean;
}

/** Parses a YAML stream and visits each document within the limits. Never throws. */
export function extractYaml(input: YamlExtraction): ImageRef[] {
  const { file, kind, text, limits } = input;
  if (text.length > limits.maxLength) return [fileProblem(file, kind, 1, `file is larger than ${limits.maxLength} characters`)];
  const lines = new LineIndex(text);
  const budget = { nodes: limits.maxNodes, aliases: limits.maxAliasCount };
  const out: ImageRef[] = [];
  const docs = parseYamlStream(text);
  for (const [index, doc] of docs.entries()) {
    if (index >= limits.maxDocuments) {
      out.push(
        fileProblem(
          file,
          kind,
          lines.lineOf(doc.range[0]) + 1,
          `file has more than ${limits.maxDocuments} YAML documents; the rest were not read`,
        ),
      );
      break;
    }
    const ctx: YamlContext = { file, kind, text, lines, limits, doc, budget, cache: new WeakMap() };
    const contents = doc.contents;
    const root = contents === null ? null : { node: contents };
    try {
      const [error] = doc.errors;
      if (error !== undefined) {
        if (input.reportBroken(ctx, root)) {
          const line = lines.lineOf(error.pos[0]) + 1;
          out.push(fileProblem(file, kind, line, `not valid YAML at line ${line}: ${error.message.split('\n')[0] ?? error.code}`));
        }
        continue;
      }
      if (root !== null) input.visit(ctx, root, out);
    } catch (error: unknown) {
      if (!(error instanceof ManifestLimitError)) throw error;
      out.push(fileProblem(file, kind, lines.lineOf(doc.range[0]) + 1, error.message));
      break;
    }
  }
  return out;
}
