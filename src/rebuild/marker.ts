/**
 * The hidden marker that keeps rebuild state in the dashboard issue body:
 * `<!-- freshbase:rebuild {json} -->`. State lives in GitHub, not in a local store.
 *
 * Owns: the marker's kind and size limit and its validation (util/markers.ts owns the format).
 * May import: zod, rebuild types, util/. Must not: do I/O or throw on a bad body.
 */
import { parseMarker, renderMarker } from '../util/markers.js';
import { RebuildState } from './types.js';

export { RebuildState } from './types.js';

/** Longest marker JSON read; longer means tampered. @default 32 KiB */
export const MAX_MARKER_LENGTH = 32 * 1024;

/** Renders the state as an HTML comment for the dashboard issue body (keys sorted, nothing can end the comment early). */
export function renderRebuildMarker(state: RebuildState): string {
  return renderMarker('rebuild', state);
}

/**
 * Reads the state from an issue body. Never throws: a body without a marker, or with an invalid,
 * oversized or tampered one, gives the empty state (the next rebuild starts over).
 */
export function parseRebuildMarker(body: string): RebuildState {
  return parseMarker(body, 'rebuild', RebuildState, MAX_MARKER_LENGTH) ?? {};
}
