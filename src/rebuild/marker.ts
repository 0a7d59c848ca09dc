/**
 * The hidden marker that keeps rebuild state in the dashboard issue body:
 * `<!-- freshbase:rebuild {json} -->`. State lives in GitHub, not in a local store.
 *
 * Owns: the marker's format, its escaping and its validation.
 * May import: zod, rebuild types. Must not: do I/O or throw on a bad body.
 */
import { RebuildState } from './types.js';

export { RebuildState } from './types.js';

/** Longest marker JSON read; longer means tampered. @default 32 KiB */
export const MAX_MARKER_LENGTH = 32 * 1024;

const OPEN = '<!-- freshbase:rebuild ';
const CLOSE = ' -->';
const MARKER = /<!--\s*freshbase:rebuild\s+(\{[^]*?\})\s*-->/;
/** Issue bodies hold at most 65,536 characters; more is not a GitHub body. */
const MAX_BODY_LENGTH = 256 * 1024;
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

/** Escapes `<`, `>` and `-` inside JSON strings, so the text cannot close or open an HTML comment. */
function escapeForComment(json: string): string {
  return json.replace(JSON_STRING, (text) => text.replace(/[<>-]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Copies with keys sorted, so the same state always renders the same text (writes stay idempotent). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, entry]) => [key, sortKeys(entry)]));
}

/**
 * Renders the state as an HTML comment for the dashboard issue body. Keys are sorted, and
 * `-`, `<`, `>` are JSON-escaped so no value can end the comment early.
 */
export function renderRebuildMarker(state: RebuildState): string {
  return `${OPEN}${escapeForComment(JSON.stringify(sortKeys(state)))}${CLOSE}`;
}

/**
 * Reads the state from an issue body. Never throws: a body without a marker, or with an invalid,
 * oversized or tampered one, gives the empty state (the next rebuild starts over).
 */
export function parseRebuildMarker(body: string): RebuildState {
  const match = MARKER.exec(body.length > MAX_BODY_LENGTH ? body.slice(0, MAX_BODY_LENGTH) : body);
  const json = match?.[1];
  if (json === undefined || json.length > MAX_MARKER_LENGTH) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error: unknown) {
    if (error instanceof SyntaxError) return {};
    throw error;
  }
  const result = RebuildState.safeParse(value);
  return result.success ? result.data : {};
}
