/**
 * The shape of release-line data (`release-lines.json`): products, their release cycles and
 * support windows, as endoflife.date publishes them, normalized. Validated with zod when
 * loaded; the shipped file is parsed once.
 */
import { z } from 'zod';
import shipped from './release-lines.json' with { type: 'json' };

/** A calendar date, `YYYY-MM-DD`, that exists. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD')
  .refine((text) => new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), 'not a calendar date');

/**
 * A support phase end as endoflife.date gives it: a date (the last day of the phase), or
 * `true` (ended, date unknown), or `false` (not ended, no date yet).
 */
export const PhaseEnd = z.union([IsoDate, z.boolean()]);
export type PhaseEnd = z.infer<typeof PhaseEnd>;

/** One release line (endoflife.date's "release cycle"). */
export const ReleaseCycle = z.strictObject({
  /** The line as endoflife.date names it: `3.11`, `22.04`, `17`. */
  cycle: z.string().min(1).max(50),
  /** `Bookworm`, `Jammy Jellyfish`; null when the line has none. */
  codename: z.string().max(100).nullable(),
  /** Whether the line is (or becomes, at `ltsFrom`) a long-term-support line. */
  lts: z.boolean(),
  /** When a line becomes LTS after its release (node's even majors); null when it is LTS from release or not at all. */
  ltsFrom: IsoDate.nullable(),
  releaseDate: IsoDate.nullable(),
  /** End of active support (bug fixes); null when the product has no such phase. */
  supportEnd: PhaseEnd.nullable(),
  /** End of life: the end of security support. */
  eol: PhaseEnd,
  /** End of extended support (Debian LTS, Ubuntu ESM, vendor support); null when the product or line has none. */
  extendedSupportEnd: PhaseEnd.nullable(),
});
export type ReleaseCycle = z.infer<typeof ReleaseCycle>;

/** The release lines of one product. */
export const ProductReleases = z.strictObject({
  /** freshbase's name of the product (`node`, `java`). */
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,49}$/),
  /** endoflife.date's product name (`nodejs`, `eclipse-temurin`). */
  endoflife: z.string().min(1).max(100),
  /** endoflife.date's label (`Node.js`). */
  label: z.string().min(1).max(100),
  /** `ETag` of the last API answer, for `If-None-Match`; null before the first refresh. */
  etag: z.string().max(500).nullable(),
  /** `Last-Modified` of the last API answer, for `If-Modified-Since`; null before the first refresh. */
  lastModified: z.string().max(100).nullable(),
  cycles: z.array(ReleaseCycle).min(1).max(1000),
});
export type ProductReleases = z.infer<typeof ProductReleases>;

/** Where the data came from. */
export const DataSource = z.strictObject({
  /** `endoflife.date`. */
  name: z.string().min(1),
  /** The API the refresh script reads (`https://endoflife.date/api/v1`). */
  api: z.url(),
  /** For data converted from the site's repository instead of read from the API: which commit. */
  snapshot: z
    .strictObject({
      repository: z.string().min(1),
      commit: z.string().regex(/^[0-9a-f]{40}$/),
      /** How the repository's product pages were turned into this file. */
      method: z.string().min(1),
    })
    .optional(),
});
export type DataSource = z.infer<typeof DataSource>;

/** The whole data file. */
export const ReleaseLineData = z.strictObject({
  schemaVersion: z.literal(1),
  /** When the data was taken from its source (ISO date-time): the snapshot's commit date or the refresh time. */
  takenAt: z.iso.datetime({ offset: true }),
  source: DataSource,
  products: z.array(ProductReleases).min(1).max(200),
});
export type ReleaseLineData = z.infer<typeof ReleaseLineData>;

let parsedShipped: ReleaseLineData | undefined;

/** The data shipped with freshbase (`release-lines.json`), validated once. Throws when the file is broken. */
export function shippedReleaseLines(): ReleaseLineData {
  parsedShipped ??= ReleaseLineData.parse(shipped);
  return parsedShipped;
}
