/** The pinned release-line data (fixtures/lifecycle) and small helpers for lifecycle tests. */
import { readFileSync } from 'node:fs';
import { buildCatalog, ReleaseLineData, type LifecycleCatalog, type ProductOverride } from '../../../src/lifecycle/index.js';
import { parseImageName, type ImageName } from '../../../src/oci/reference.js';

/** The data as shipped on 2026-08-22 (a copy that refreshes do not touch). */
export const PINNED_DATA: ReleaseLineData = ReleaseLineData.parse(
  JSON.parse(readFileSync(new URL('../../../fixtures/lifecycle/release-lines-2026-08-22.json', import.meta.url), 'utf8')),
);

/** A catalog of the pinned data, with a repository's entries applied. */
export function pinnedCatalog(overrides: readonly ProductOverride[] = []): LifecycleCatalog {
  return buildCatalog({ data: PINNED_DATA, overrides });
}

/** An image name and its tag from `python:3.11-slim`. */
export function reference(text: string): { image: ImageName; tag: string } {
  const parsed = parseImageName(text);
  if (!parsed.ok || parsed.name.tag === undefined) throw new Error(`test reference ${text} needs a tag`);
  return { image: parsed.name, tag: parsed.name.tag };
}

/** Noon UTC of a day. */
export function day(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}
