/**
 * Hidden markers: the state freshbase keeps in GitHub itself, as JSON inside HTML comments
 * of pull request and dashboard bodies, so a restarted or second instance knows it.
 * Parsing never throws: a missing, tampered or oversized marker reads as no state.
 */
import { z } from 'zod';

const MAX_MARKER = 256 * 1024;

/** One reference's change in a pull request. */
export const PrItem = z.object({
  file: z.string().max(1000),
  line: z.number().int().positive(),
  image: z.string().max(300),
  from: z.string().max(300).nullable(),
  to: z.string().max(300).nullable(),
  digest: z.string().max(200).nullable(),
  type: z.enum(['patch', 'minor', 'major', 'digest', 'pin']),
});
export type PrItem = z.infer<typeof PrItem>;

/** What a freshbase pull request proposes. */
export const PrState = z.object({
  group: z.string().max(200),
  /** Default-branch commit the branch was built on. */
  base: z.string().regex(/^[0-9a-f]{40}$/),
  /** The commit freshbase made (a different head means a person pushed). */
  head: z.string().regex(/^[0-9a-f]{40}$/),
  items: z.array(PrItem).max(500),
  /** Set when freshbase itself closed the pull request (superseded or no longer needed): not a decline. */
  retired: z.boolean().optional(),
});
export type PrState = z.infer<typeof PrState>;

/** A version a maintainer declined by closing its pull request. */
export const IgnoredVersion = z.object({
  image: z.string().max(300),
  /** A tag, or `major:<n>` for a whole major line, or a digest. */
  version: z.string().max(300),
  pr: z.number().int().positive().optional(),
});
export type IgnoredVersion = z.infer<typeof IgnoredVersion>;

/** State kept in the dashboard issue. */
export const DashboardState = z.object({
  ignored: z.array(IgnoredVersion).max(1000).default([]),
  /** When the dashboard last changed (ISO 8601). */
  scannedAt: z.string().max(40).optional(),
  /** When the last scheduled pass ran (ISO 8601): a pass missed while freshbase was down runs at start-up. */
  scheduledAt: z.string().max(40).optional(),
});
export type DashboardState = z.infer<typeof DashboardState>;

/** Renders `<!-- freshbase:<kind> {json} -->`, escaped so the JSON cannot end the comment. */
export function renderMarker(kind: string, value: unknown): string {
  const json = JSON.stringify(value)
    .replace(/-->/g, '--\\u003e')
    .replace(/--/g, '-\\u002d')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e');
  return `<!-- freshbase:${kind} ${json} -->`;
}

/** Reads the marker of `kind` from a body, validated by `schema`; null when absent or invalid. */
export function parseMarker<T>(body: string | null | undefined, kind: string, schema: z.ZodType<T>): T | null {
  if (body === null || body === undefined || body.length > MAX_MARKER) return null;
  const start = body.indexOf(`<!-- freshbase:${kind} `);
  if (start < 0) return null;
  const end = body.indexOf(' -->', start);
  if (end < 0) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(body.slice(start + `<!-- freshbase:${kind} `.length, end)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `body` with its `kind` marker replaced by (or, when absent, followed by) a marker of `value`. */
export function replaceMarker(body: string, kind: string, value: unknown): string {
  const start = body.indexOf(`<!-- freshbase:${kind} `);
  const end = start < 0 ? -1 : body.indexOf(' -->', start);
  const marker = renderMarker(kind, value);
  if (start < 0 || end < 0) return `${body}\n\n${marker}`;
  return `${body.slice(0, start)}${marker}${body.slice(end + ' -->'.length)}`;
}
