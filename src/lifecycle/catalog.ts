/**
 * The catalog the queries read: the shipped release lines with each product's end of life
 * resolved, the image → product mapping, and a repository's `lifecycle.products` entries
 * applied on top. Built once per repository configuration.
 */
import { parseImageName, repositoryKey } from '../oci/reference.js';
import type { ProductOverride, CycleOverride } from './overrides.js';
import { PRODUCTS, type EndOfLifePhase } from './products.js';
import { shippedReleaseLines, type PhaseEnd, type ReleaseCycle, type ReleaseLineData } from './release-data.js';

/** One release line as the queries see it. */
export interface CatalogLine {
  /** `3.11`, `22.04`, `17`. */
  readonly cycle: string;
  /** endoflife.date's codename (`Bookworm`, `Jammy Jellyfish`), or null. */
  readonly codename: string | null;
  /** Whether the line is, or becomes at `ltsFrom`, an LTS line. */
  readonly lts: boolean;
  readonly ltsFrom: string | null;
  readonly releaseDate: string | null;
  /** End of active support; null when the product has no such phase. */
  readonly supportEnd: PhaseEnd | null;
  /** The end of life that counts for images: the product's chosen phase (Debian: the end of Debian LTS). */
  readonly eol: PhaseEnd;
  /** The line's numbers (`22.04` → [22, 4]); null when the name is not numeric. */
  readonly numbers: readonly number[] | null;
}

/** A product and its lines, newest first. */
export interface CatalogProduct {
  /** `python`, `node`, `java`, or a repository's own name. */
  readonly id: string;
  /** `Python`, `Node.js`. */
  readonly label: string;
  /** `shipped`: endoflife.date data, maybe corrected by the repository; `repository`: defined in its config. */
  readonly origin: 'shipped' | 'repository';
  readonly lines: readonly CatalogLine[];
}

/** What the queries read. */
export interface LifecycleCatalog {
  /** When the shipped data was taken (ISO date-time). */
  readonly takenAt: string;
  readonly products: ReadonlyMap<string, CatalogProduct>;
  /** Image (`docker.io/library/python`) → product whose lines its tag versions name. */
  readonly images: ReadonlyMap<string, string>;
}

/** What `buildCatalog` starts from. */
export interface CatalogOptions {
  /** @default the shipped data */
  data?: ReleaseLineData;
  /** The repository's `lifecycle.products`, applied in order. @default [] */
  overrides?: readonly ProductOverride[];
}

/** Builds the catalog: shipped data, the shipped image mapping, then the repository's entries. */
export function buildCatalog(options: CatalogOptions = {}): LifecycleCatalog {
  const data = options.data ?? shippedReleaseLines();
  const products = new Map<string, { id: string; label: string; origin: CatalogProduct['origin']; lines: Map<string, CatalogLine> }>();
  const images = new Map<string, string>();
  for (const entry of data.products) {
    const phase = PRODUCTS.find((product) => product.id === entry.id)?.endOfLife ?? 'eol';
    const lines = new Map(entry.cycles.map((cycle) => [cycle.cycle, toLine(cycle, phase)]));
    products.set(entry.id, { id: entry.id, label: entry.label, origin: 'shipped', lines });
  }
  for (const product of PRODUCTS) {
    if (!products.has(product.id)) continue;
    for (const image of product.images) images.set(imageKey(image), product.id);
  }
  for (const override of options.overrides ?? []) {
    let product = products.get(override.product);
    if (product === undefined) {
      product = { id: override.product, label: override.product, origin: 'repository', lines: new Map() };
      products.set(override.product, product);
    }
    for (const cycle of override.cycles ?? []) product.lines.set(cycle.cycle, applyOverride(product.lines.get(cycle.cycle), cycle));
    if (override.image !== undefined) images.set(imageKey(override.image), override.product);
  }
  const sorted = new Map<string, CatalogProduct>();
  for (const [id, product] of products) {
    if (product.lines.size > 0) sorted.set(id, { ...product, lines: [...product.lines.values()].sort(compareLinesNewestFirst) });
  }
  for (const [image, id] of images) if (!sorted.has(id)) images.delete(image);
  return { takenAt: data.takenAt, products: sorted, images };
}

function toLine(cycle: ReleaseCycle, phase: EndOfLifePhase): CatalogLine {
  const eol = phase === 'extended' && cycle.extendedSupportEnd !== null ? cycle.extendedSupportEnd : cycle.eol;
  return {
    cycle: cycle.cycle,
    codename: cycle.codename,
    lts: cycle.lts,
    ltsFrom: cycle.ltsFrom,
    releaseDate: cycle.releaseDate,
    supportEnd: cycle.supportEnd,
    eol,
    numbers: parseLineNumbers(cycle.cycle),
  };
}

function applyOverride(existing: CatalogLine | undefined, cycle: CycleOverride): CatalogLine {
  const base: CatalogLine = existing ?? {
    cycle: cycle.cycle,
    codename: null,
    lts: false,
    ltsFrom: null,
    releaseDate: null,
    supportEnd: null,
    eol: false,
    numbers: parseLineNumbers(cycle.cycle),
  };
  return {
    ...base,
    ...(cycle.lts === undefined ? {} : { lts: cycle.lts }),
    ...(cycle.ltsFrom === undefined ? {} : { ltsFrom: cycle.ltsFrom, lts: cycle.lts ?? true }),
    ...(cycle.releaseDate === undefined ? {} : { releaseDate: cycle.releaseDate }),
    ...(cycle.supportEnd === undefined ? {} : { supportEnd: cycle.supportEnd }),
    ...(cycle.eol === undefined ? {} : { eol: cycle.eol }),
  };
}

/** `22.04` → [22, 4]; null for a name that is not dot-separated numbers. */
export function parseLineNumbers(cycle: string): number[] | null {
  if (!/^\d{1,9}(?:\.\d{1,9})*$/.test(cycle)) return null;
  return cycle.split('.').map(Number);
}

/** Orders lines newest first: by their numbers, else by release date. */
export function compareLinesNewestFirst(a: CatalogLine, b: CatalogLine): number {
  if (a.numbers !== null && b.numbers !== null) {
    const length = Math.max(a.numbers.length, b.numbers.length);
    for (let i = 0; i < length; i += 1) {
      const difference = (b.numbers[i] ?? -1) - (a.numbers[i] ?? -1);
      if (difference !== 0) return difference;
    }
    return 0;
  }
  return (b.releaseDate ?? '').localeCompare(a.releaseDate ?? '') || b.cycle.localeCompare(a.cycle);
}

/** The catalog key of an image name as users write it (`python` → `docker.io/library/python`). */
function imageKey(text: string): string {
  const parsed = parseImageName(text);
  if (!parsed.ok) throw new Error(`impossible: image name "${text}" was validated (${parsed.reason})`);
  return repositoryKey(parsed.name);
}
