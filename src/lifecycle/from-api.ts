/**
 * endoflife.date API v1 answers (`GET /api/v1/products/{product}`, schema `ProductResponse`)
 * turned into release-line data, with the checks that keep a wrong answer out of the file.
 * Pure: the refresh script does the requests.
 */
import { z } from 'zod';
import { IsoDate, type PhaseEnd, type ProductReleases, type ReleaseCycle } from './release-data.js';

/** One `ProductRelease` of the API, naming only the fields used. */
const ApiRelease = z.object({
  name: z.string().min(1).max(50),
  codename: z.string().max(100).nullable(),
  releaseDate: IsoDate.nullable(),
  isLts: z.boolean(),
  ltsFrom: IsoDate.nullable(),
  isEoas: z.boolean().nullable().optional(),
  eoasFrom: IsoDate.nullable().optional(),
  isEol: z.boolean(),
  eolFrom: IsoDate.nullable(),
  isEoes: z.boolean().nullable().optional(),
  eoesFrom: IsoDate.nullable().optional(),
});
type ApiRelease = z.infer<typeof ApiRelease>;

/** The API's `ProductResponse`, naming only the fields used. */
export const ApiProductResponse = z.object({
  schema_version: z.string().regex(/^1\./, 'not an API v1 answer'),
  last_modified: z.string(),
  result: z.object({
    name: z.string().min(1),
    label: z.string().min(1).max(100),
    aliases: z.array(z.string()).default([]),
    releases: z.array(ApiRelease).min(1).max(1000),
  }),
});
export type ApiProductResponse = z.infer<typeof ApiProductResponse>;

/** A phase end from the API's `is*` / `*From` pair: the date when known, else the flag. */
function phaseEnd(flag: boolean, from: string | null): PhaseEnd {
  return from ?? flag;
}

function toCycle(release: ApiRelease): ReleaseCycle {
  const hasEoas = release.isEoas !== undefined && release.isEoas !== null;
  const hasEoes = release.isEoes !== undefined && release.isEoes !== null;
  return {
    cycle: release.name,
    codename: release.codename,
    lts: release.isLts || release.ltsFrom !== null,
    ltsFrom: release.ltsFrom,
    releaseDate: release.releaseDate,
    supportEnd: hasEoas ? phaseEnd(release.isEoas ?? false, release.eoasFrom ?? null) : null,
    eol: phaseEnd(release.isEol, release.eolFrom),
    extendedSupportEnd: hasEoes ? phaseEnd(release.isEoes ?? false, release.eoesFrom ?? null) : null,
  };
}

/** What the refresh knows about a product before asking for it. */
export interface ProductRequest {
  id: string;
  endoflife: string;
  /** The product's lines in the current file, if any: lines still supported there must not vanish. */
  previous?: ProductReleases;
  /** Today, `YYYY-MM-DD`: which previous lines count as still supported. */
  today: string;
}

/**
 * Validates one API answer and turns it into the product's release lines.
 * Throws `Error` naming the product and the problem when the answer is invalid or implausible:
 * another product, duplicate lines, or a line the current file says is supported missing.
 */
export function normalizeApiProduct(
  body: unknown,
  request: ProductRequest,
  headers: { etag: string | null; lastModified: string | null },
): ProductReleases {
  const parsed = ApiProductResponse.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${request.endoflife}: not an API v1 product answer (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`);
  }
  const { result } = parsed.data;
  if (result.name !== request.endoflife && !result.aliases.includes(request.endoflife))
    throw new Error(`${request.endoflife}: the answer is about product "${result.name}"`);
  const cycles = result.releases.map(toCycle);
  const names = new Set<string>();
  for (const cycle of cycles) {
    if (names.has(cycle.cycle)) throw new Error(`${request.endoflife}: release cycle "${cycle.cycle}" is listed twice`);
    names.add(cycle.cycle);
  }
  const vanished = (request.previous?.cycles ?? []).filter((cycle) => !names.has(cycle.cycle) && isSupportedOn(cycle, request.today));
  if (vanished.length > 0)
    throw new Error(
      `${request.endoflife}: supported release cycles ${vanished.map((cycle) => `"${cycle.cycle}"`).join(', ')} are missing from the answer`,
    );
  return {
    id: request.id,
    endoflife: request.endoflife,
    label: result.label,
    etag: headers.etag,
    lastModified: headers.lastModified,
    cycles,
  };
}

function isSupportedOn(cycle: ReleaseCycle, today: string): boolean {
  return cycle.eol === false || (typeof cycle.eol === 'string' && cycle.eol >= today);
}
