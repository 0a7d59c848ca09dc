/**
 * The text of a YAML scalar with every character mapped to the file, when the value is
 * written verbatim (plain on one line, or quoted without escapes); otherwise the value with
 * the reason it cannot be edited in place.
 */
import { isScalar, type ParsedNode } from 'yaml';
import { mapVerbatim, unmapped, type LineIndex, type MappedText, type TextSpan } from '../refs/index.js';

/** How a scalar is written. */
export type ScalarStyle = 'plain' | 'single-quoted' | 'double-quoted' | 'block' | 'empty';

/** A scalar's value and where it stands. */
export interface ScalarText {
  /** The value; characters map to the file when it is written verbatim. */
  value: MappedText;
  style: ScalarStyle;
  /** The value's own characters (inside quotes); zero-length after the key for an empty value. */
  span: TextSpan;
  /** True for an empty value, `~` or `null`. */
  isNull: boolean;
  /** Why the value cannot be edited in place. */
  uneditable?: string;
}

const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);

/** Reads a scalar node; null for collections. */
export function readScalar(lines: LineIndex, node: ParsedNode): ScalarText | null {
  if (!isScalar(node)) return null;
  const token = node.srcToken;
  if (token === undefined) {
    const at = node.range[0];
    return { value: unmapped(''), style: 'empty', span: lines.span(at, at), isNull: true };
  }
  const value = node.value;
  const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  switch (token.type) {
    case 'scalar':
      return readPlain(lines, token.source, token.offset, text);
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
      return readQuoted(lines, token.source, token.offset, text, token.type === 'single-quoted-scalar' ? 'single-quoted' : 'double-quoted');
    case 'block-scalar': {
      const at = token.offset;
      return {
        value: unmapped(text.trim()),
        style: 'block',
        span: lines.span(at, at + token.source.length),
        isNull: false,
        uneditable: 'the value is a block scalar (| or >); freshbase edits only plain and quoted values',
      };
    }
    default:
      return null;
  }
}

function readPlain(lines: LineIndex, source: string, offset: number, value: string): ScalarText {
  const span = lines.span(offset, offset + source.length);
  if (/[\r\n]/.test(source)) {
    return { value: unmapped(value), style: 'plain', span, isNull: false, uneditable: 'the value is written over several lines' };
  }
  // The source text, not the parsed value: `tag: 3.10` is the tag "3.10", not the number 3.1.
  return { value: mapVerbatim(source, offset), style: 'plain', span, isNull: NULL_WORDS.has(source) };
}

function readQuoted(lines: LineIndex, source: string, offset: number, value: string, style: 'single-quoted' | 'double-quoted'): ScalarText {
  const inner = source.slice(1, -1);
  const span = lines.span(offset + 1, offset + 1 + inner.length);
  if (inner !== value) {
    return {
      value: unmapped(value),
      style,
      span,
      isNull: false,
      uneditable: 'the value is written with escape sequences or over several lines',
    };
  }
  return { value: mapVerbatim(inner, offset + 1), style, span, isNull: false };
}
