/**
 * Hidden markers: state freshbase keeps in GitHub itself, as JSON inside an HTML comment of
 * a pull request or issue body (`<!-- freshbase:<kind> {json} -->`), so a restarted or second
 * instance knows it. The one owner of the format: the pull request, dashboard and rebuild
 * markers all go through here.
 *
 * Owns: rendering (sorted keys, escaped so no value can end the comment), finding (the last
 * marker of a kind), replacing and validating markers. May import: nothing.
 * Must not: do I/O or throw on a bad body (a missing, tampered or oversized marker reads as no
 * state). Which bodies may hold markers at all (the app's own) is for the callers to check.
 */

/** What validates a marker's JSON: a zod schema matches it. */
export interface MarkerSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

/** Longest marker JSON read by default; longer means tampered. @default 256 KiB */
export const MAX_MARKER_JSON = 256 * 1024;
/** Longest body searched; GitHub bodies hold at most 65,536 characters. */
const MAX_BODY = 1024 * 1024;
const CLOSE = '-->';

/** Copies with keys sorted, so the same state always renders the same text (writes stay idempotent). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, entry]) => [key, sortKeys(entry)]));
}

/** Renders `<!-- freshbase:<kind> {json} -->`; `<`, `>` and `--` are JSON-escaped, so nothing inside can end the comment. */
export function renderMarker(kind: string, value: unknown): string {
  const json = JSON.stringify(sortKeys(value)).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/--/g, '-\\u002d');
  return `<!-- freshbase:${kind} ${json} ${CLOSE}`;
}

/**
 * Where the marker of `kind` is in `body`: the whole comment and its JSON text. The last one
 * counts: freshbase ends its bodies with its markers, so a copy pasted above them (in text a
 * person wrote, or a value escaped into the body) never takes their place. Spacing inside the
 * comment may vary.
 */
function locate(body: string, kind: string): { start: number; end: number; json: string } | null {
  const opening = new RegExp(`<!--\\s*freshbase:${kind.replace(/[^a-z0-9-]/gi, '')}\\s+`, 'g');
  let open: RegExpExecArray | null = null;
  for (let found = opening.exec(body); found !== null; found = opening.exec(body)) open = found;
  if (open === null) return null;
  const close = body.indexOf(CLOSE, open.index + open[0].length);
  if (close < 0) return null;
  return { start: open.index, end: close + CLOSE.length, json: body.slice(open.index + open[0].length, close).trim() };
}

/** Reads the marker of `kind` from a body, validated by `schema`; null when absent, invalid or longer than `maxLength`. */
export function parseMarker<T>(
  body: string | null | undefined,
  kind: string,
  schema: MarkerSchema<T>,
  maxLength: number = MAX_MARKER_JSON,
): T | null {
  if (body === null || body === undefined) return null;
  const found = locate(body.length > MAX_BODY ? body.slice(-MAX_BODY) : body, kind);
  if (found === null || found.json.length > maxLength) return null;
  let value: unknown;
  try {
    value = JSON.parse(found.json);
  } catch (error: unknown) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** `body` with its `kind` marker replaced by (or, when absent, followed by) a marker of `value`. */
export function replaceMarker(body: string, kind: string, value: unknown): string {
  const found = locate(body, kind);
  const marker = renderMarker(kind, value);
  if (found === null) return `${body}\n\n${marker}`;
  return `${body.slice(0, found.start)}${marker}${body.slice(found.end)}`;
}
