/**
 * A Helm image map (`{registry?, repository, tag, digest?}`) as one reference: the parts
 * joined into `registry/repository:tag@digest`, the tag slot on the `tag:` value, the digest
 * slot on the `digest:` value (written without `@`).
 */
import { buildImageRef, concatMapped, unmapped, type EditSlot, type ImageRef, type MappedText } from '../refs/index.js';
import { interpolate } from './interpolate.js';
import { readScalar, type ScalarText } from './yaml-scalar.js';
import type { Entry, YamlContext } from './yaml-tree.js';

/** A chart's `appVersion` as written in its Chart.yaml. */
export interface AppVersion {
  file: string;
  line: number;
  value: string;
}

/** The entries of an image map. */
export interface ImageMapParts {
  repository: Entry;
  registry: Entry | undefined;
  tag: Entry | undefined;
  digest: Entry | undefined;
  /** A digest field some charts call `sha`: with or without `sha256:` depending on their templates. */
  sha: Entry | undefined;
}

/** Where the map is and what the chart says. */
export interface ImageMapContext {
  path: string;
  /** 1-based line of the key holding the map (or of `repository` for a sequence item). */
  instructionLine: number;
  appVersion: AppVersion | null;
  /** Under an image key: an invalid name is reported; elsewhere the map is ignored. */
  strict: boolean;
}

type Read = ScalarText | null;

/** The reference of an image map; null when it names no image (empty repository, or not an image). */
export function imageMapRef(ctx: YamlContext, parts: ImageMapParts, where: ImageMapContext): ImageRef | null {
  const read = (entry: Entry | undefined): Read => (entry === undefined ? null : readScalar(ctx.lines, entry.node));
  const [repository, registry, tag, digest, sha] = [
    read(parts.repository),
    read(parts.registry),
    read(parts.tag),
    read(parts.digest),
    read(parts.sha),
  ];
  if (repository === null || repository.value.text === '') return null;
  const anchor = parts.repository.anchor;
  const extra = { path: where.path, ...(anchor === undefined ? {} : { anchor }) };
  const base = { file: ctx.file, kind: ctx.kind, instructionLine: where.instructionLine, source: 'helm-image-map' as const, ...extra };
  for (const part of [registry, repository, tag, digest, sha]) {
    const checked = part === null ? null : interpolate(part.value, 'template');
    if (checked !== null && !checked.ok) {
      return {
        ...base,
        line: part?.span.line ?? where.instructionLine,
        raw: joined(registry, repository, tag, digest, sha).text,
        name: null,
        problem: { kind: 'unresolvable', reason: checked.reason },
      };
    }
  }
  const tagText = filled(tag);
  if (tagText === null && where.appVersion === null) {
    const line = tag?.span.line ?? repository.span.line;
    const reason = 'the tag is empty and the chart has no appVersion; the chart’s templates decide which tag runs';
    return {
      ...base,
      line,
      raw: joined(registry, repository, null, digest, sha).text,
      name: null,
      problem: { kind: 'unresolvable', reason },
    };
  }
  const value = joined(registry, repository, tagText === null ? null : tag, digest, sha, where.appVersion);
  const uneditable = describeLocked(tagText === null ? where.appVersion : null, sha, [registry, repository, tag, digest]);
  const ref = buildImageRef({ ...base, lines: ctx.lines, value, ...(uneditable === null ? {} : { uneditable }), extra });
  if (ref.name === null && !where.strict) return null;
  if (ref.name === null || uneditable !== null) return { ...ref, line: tag?.span.line ?? repository.span.line };
  return withSlots(ctx, ref, { tag, digest });
}

/** A part's text, or null when it is absent, null or empty. */
function filled(part: Read): string | null {
  return part === null || part.isNull || part.value.text === '' ? null : part.value.text;
}

/** `registry/repository:tag@digest` with each part mapped to its value in the file. */
function joined(registry: Read, repository: ScalarText, tag: Read, digest: Read, sha: Read, appVersion?: AppVersion | null): MappedText {
  const parts: MappedText[] = [];
  if (filled(registry) !== null && registry !== null) parts.push(registry.value, unmapped('/'));
  parts.push(repository.value);
  if (filled(tag) !== null && tag !== null) parts.push(unmapped(':'), tag.value);
  else if (appVersion !== undefined && appVersion !== null) parts.push(unmapped(`:${appVersion.value}`));
  const shaText = filled(sha);
  if (filled(digest) !== null && digest !== null) parts.push(unmapped('@'), digest.value);
  else if (shaText !== null) parts.push(unmapped(shaText.includes(':') ? `@${shaText}` : `@sha256:${shaText}`));
  return concatMapped(parts);
}

function describeLocked(appVersion: AppVersion | null, sha: Read, parts: Read[]): string | null {
  if (appVersion !== null) {
    return `the tag is empty, so the chart's appVersion (${appVersion.file} line ${appVersion.line}) is what runs by the chart's convention (its templates may add a prefix such as "v"); freshbase does not edit the chart version`;
  }
  if (filled(sha) !== null) {
    return 'the digest is in a "sha" field, whose format (with or without "sha256:") depends on the chart\'s templates; freshbase does not edit it';
  }
  return parts.find((part) => part?.uneditable !== undefined)?.uneditable ?? null;
}

/** The map's own slots: the whole `tag:` value, and the `digest:` value written without `@`. */
function withSlots(ctx: YamlContext, ref: ImageRef, { tag, digest }: { tag: Read; digest: Read }): ImageRef {
  const { tagSlot: builtTag, digestSlot: builtDigest, ...rest } = ref;
  const tagHoldsDigest = tag !== null && tag.value.text.includes('@');
  const tagSlot: EditSlot | undefined =
    builtTag !== undefined && tag?.style === 'plain' && builtTag.span.start === tag.span.start && builtTag.span.end === tag.span.end
      ? { ...builtTag, scalar: 'yaml-plain' }
      : builtTag;
  const digestSlot = tagHoldsDigest ? builtDigest : digestFieldSlot(ctx, digest);
  return { ...rest, ...(tagSlot === undefined ? {} : { tagSlot }), ...(digestSlot === undefined ? {} : { digestSlot }) };
}

function digestFieldSlot(ctx: YamlContext, digest: Read): EditSlot | undefined {
  if (digest === null || digest.uneditable !== undefined) return undefined;
  if (digest.style === 'empty') {
    // `digest:` with nothing after it: the value goes after the blanks, but before the blank
    // that keeps a comment a comment (`digest:  # none`), and after a space it may need.
    let at = digest.span.start;
    if (ctx.text.charAt(at) === '#' && /[ \t]/.test(ctx.text.charAt(at - 1))) at -= 1;
    const separator = /[ \t]/.test(ctx.text.charAt(at - 1)) ? '' : ' ';
    return { span: ctx.lines.span(at, at), before: '', after: '', separator };
  }
  return {
    span: digest.span,
    before: '',
    after: '',
    separator: '',
    ...(digest.style === 'plain' ? { scalar: 'yaml-plain' as const } : {}),
  };
}
