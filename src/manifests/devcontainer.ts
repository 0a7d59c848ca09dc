/**
 * Dev container configurations (`devcontainer.json`, JSON with comments and trailing commas):
 * the top-level `image`. Variables (`${localEnv:X}`) are unresolvable.
 */
import { createScanner, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { buildImageRef, LineIndex, mapVerbatim, unmapped, type ImageRef } from '../refs/index.js';
import { interpolate } from './interpolate.js';
import { DEFAULT_MANIFEST_LIMITS, type ManifestLimits } from './types.js';
import { fileProblem } from './yaml-ref.js';

// jsonc-parser's SyntaxKind is a const enum, which isolated modules cannot read: its values.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const END_OF_FILE = 17;

/** Extracts the image reference of a dev container configuration. Never throws. */
export function extractDevcontainerRefs(file: string, text: string, limits: ManifestLimits = DEFAULT_MANIFEST_LIMITS): ImageRef[] {
  if (text.length > limits.maxLength) return [fileProblem(file, 'devcontainer', 1, `file is larger than ${limits.maxLength} characters`)];
  const lines = new LineIndex(text);
  // A byte-order mark read as a blank: jsonc-parser rejects it, and offsets stay the same.
  const source = text.startsWith('\uFEFF') ? ` ${text.slice(1)}` : text;
  const tooDeep = nestingPast(source, limits.maxDepth);
  if (tooDeep !== null) {
    return [fileProblem(file, 'devcontainer', lines.lineOf(tooDeep) + 1, `the JSON nests deeper than ${limits.maxDepth} levels`)];
  }
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const [error] = errors;
  if (error !== undefined) {
    const line = lines.lineOf(error.offset) + 1;
    return [fileProblem(file, 'devcontainer', line, `not valid JSON with comments at line ${line}: ${printParseErrorCode(error.error)}`)];
  }
  const image = root?.type === 'object' ? stringProperty(root, 'image') : null;
  return image === null || image.value === '' ? [] : [imageRef(file, text, lines, image)];
}

/** The last `key` property of an object (JSON's last-one-wins) when its value is a string, or null. */
function stringProperty(object: Node, key: string): ImageProperty | null {
  const found = (object.children ?? []).filter((child) => child.type === 'property' && child.children?.[0]?.value === key);
  const property = found.at(-1);
  const node = property?.children?.[1];
  const value: unknown = node?.value;
  return property === undefined || node?.type !== 'string' || typeof value !== 'string' ? null : { property, node, value };
}

/** The `image` property, its string node and that string's value. */
interface ImageProperty {
  property: Node;
  node: Node;
  value: string;
}

function imageRef(file: string, text: string, lines: LineIndex, image: ImageProperty): ImageRef {
  const { node } = image;
  const inner = text.slice(node.offset + 1, node.offset + node.length - 1);
  const verbatim = inner === image.value;
  const value = verbatim ? mapVerbatim(inner, node.offset + 1) : unmapped(image.value);
  const line = lines.lineOf(node.offset) + 1;
  const instructionLine = lines.lineOf(image.property.offset) + 1;
  const interpolated = interpolate(value, 'devcontainer');
  if (!interpolated.ok) {
    return {
      file,
      kind: 'devcontainer',
      line,
      instructionLine,
      source: 'devcontainer',
      raw: value.text,
      name: null,
      path: 'image',
      problem: { kind: 'unresolvable', reason: interpolated.reason },
    };
  }
  return buildImageRef({
    file,
    kind: 'devcontainer',
    source: 'devcontainer',
    lines,
    instructionLine,
    value: interpolated.value,
    ...(verbatim ? {} : { uneditable: 'the value is written with escape sequences' }),
    extra: { path: 'image' },
  });
}

/** The offset where nesting first goes past `maxDepth`, or null (jsonc-parser's parser recurses). */
function nestingPast(text: string, maxDepth: number): number | null {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let token = scanner.scan(); (token as number) !== END_OF_FILE; token = scanner.scan()) {
    const kind = token as number;
    if (kind === OPEN_BRACE || kind === OPEN_BRACKET) depth++;
    else if (kind === CLOSE_BRACE || kind === CLOSE_BRACKET) depth--;
    if (depth > maxDepth) return scanner.getTokenOffset();
  }
  return null;
}
