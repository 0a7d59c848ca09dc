/**
 * The state freshbase keeps in pull request and dashboard bodies: the schemas of their hidden
 * markers (util/markers.ts owns the marker format and re-exports here for this layer).
 * Parsing never throws: a missing, tampered or oversized marker reads as no state.
 */
import { z } from 'zod';
import { UpdateType } from '../config/schema.js';
import { DeclinedVersion } from '../plan/index.js';

export { parseMarker, renderMarker, replaceMarker } from '../util/markers.js';

/** One reference's change in a pull request. */
export const PrItem = z.object({
  file: z.string().max(1000),
  line: z.number().int().positive(),
  image: z.string().max(300),
  from: z.string().max(300).nullable(),
  /** The tag the change leaves in the file (the current one for digest and pin changes). */
  to: z.string().max(300).nullable(),
  /** The digest the change writes, or null. */
  digest: z.string().max(200).nullable(),
  type: UpdateType,
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
  /** The security summary lines the body shows (render/security.ts): the body is rewritten when they change. */
  security: z.string().max(2000).optional(),
});
export type PrState = z.infer<typeof PrState>;

const DeclinedList = z.array(DeclinedVersion).max(1000);

/**
 * State kept in the dashboard issue. Versions declined were written as `ignored` before they
 * were named `declined`: a dashboard written then still reads (the two lists are joined; planning
 * drops repeated entries).
 */
export const DashboardState = z
  .object({
    declined: DeclinedList.default([]),
    ignored: DeclinedList.optional(),
    /** When the dashboard last changed (ISO 8601). */
    scannedAt: z.string().max(40).optional(),
    /** When the last scheduled pass ran (ISO 8601). */
    scheduledAt: z.string().max(40).optional(),
    /** When the next scheduled pass is due, as the last one knew it: a restart after it catches up. */
    nextScheduledAt: z.string().max(40).optional(),
  })
  .transform(({ declined, ignored, ...rest }) => ({ ...rest, declined: [...declined, ...(ignored ?? [])] }));
export type DashboardState = z.output<typeof DashboardState>;
