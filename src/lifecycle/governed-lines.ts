/**
 * Which release lines a tag names: the image's own product from the release numbers
 * (`python:3.11-slim` → python 3.11), the OS part (`-bookworm` → debian 12, `-alpine3.19` →
 * alpine 3.19, `jammy-20240111` → ubuntu 22.04), and runtime words of any image
 * (`java17` in a Spark tag). Reads tags with versioning's `parseTag`.
 */
import { repositoryKey, type ImageName } from '../oci/reference.js';
import { parseTag, type TagVersion } from '../versioning/docker-tag.js';
import { findOsRelease, findOsReleaseByVersion } from '../versioning/os-releases.js';
import { parseLineNumbers, type CatalogLine, type CatalogProduct, type LifecycleCatalog } from './catalog.js';
import { hasDayCome } from './dates.js';
import { OS_PRODUCTS, VARIANT_RULES } from './products.js';

/** Which part of the tag names the line. */
export type TagPart = 'version' | 'os' | 'variant';

/** A line a tag names. */
export interface GovernedLine {
  readonly product: CatalogProduct;
  readonly line: CatalogLine;
  readonly part: TagPart;
  /** The tag names fewer numbers than the line (`redis:7`): it follows the newest such line. */
  readonly floating: boolean;
}

/** What `governedLines` reads. */
export interface GovernedLinesOptions {
  catalog: LifecycleCatalog;
  image: Pick<ImageName, 'registry' | 'repository'>;
  tag: string;
  /** Decides which line a floating tag (`redis:7`) follows: the newest one released by then. */
  now: Date;
}

/** The lines a tag names, one per product (version part first, then OS, then variants); [] when none. */
export function governedLines(options: GovernedLinesOptions): GovernedLine[] {
  const version = parseTag(options.tag);
  if (version === null) return [];
  const found = [versionLine(version, options), ...osLines(version, options), ...variantLines(version, options)].filter(
    (line) => line !== undefined,
  );
  const seen = new Set<string>();
  return found.filter((line) => {
    if (seen.has(line.product.id)) return false;
    seen.add(line.product.id);
    return true;
  });
}

function versionLine(version: TagVersion, options: GovernedLinesOptions): GovernedLine | undefined {
  const id = options.catalog.images.get(repositoryKey(options.image));
  const product = id === undefined ? undefined : options.catalog.products.get(id);
  if (product === undefined || version.scheme !== 'numeric' || (version.prefix !== '' && version.prefix !== 'v')) return undefined;
  return findLine({ product, numbers: version.release, part: 'version', now: options.now });
}

function osLines(version: TagVersion, options: GovernedLinesOptions): (GovernedLine | undefined)[] {
  if (version.os === undefined) return [];
  return splitOsWords(version.os).map((word) => {
    const named = osLineName(word);
    const product = named === undefined ? undefined : options.catalog.products.get(named.product);
    const numbers = named === undefined ? null : parseLineNumbers(named.cycle);
    if (product === undefined || numbers === null) return undefined;
    return findLine({ product, numbers, part: 'os', now: options.now });
  });
}

/** OS words of an OS part: `debian-12` stays whole, `bookworm` is one word. */
function splitOsWords(os: string): string[] {
  return os.split(/-(?![\d.]+(?:-|$))/);
}

/** The product and line an OS word names: `bookworm` → debian 12, `alpine3.19`, `debian-12`, `ubuntu-22.04`. */
export function osLineName(word: string): { product: string; cycle: string } | undefined {
  const lower = word.toLowerCase();
  const alpine = /^alpine(\d+\.\d+)(?:\.\d+)*$/.exec(lower);
  if (alpine?.[1] !== undefined) return { product: OS_PRODUCTS.alpine, cycle: alpine[1] };
  const numbered = /^(debian|ubuntu)-(\d+(?:\.\d+)?)$/.exec(lower);
  if ((numbered?.[1] === 'debian' || numbered?.[1] === 'ubuntu') && numbered[2] !== undefined) {
    return { product: OS_PRODUCTS[numbered[1]], cycle: numbered[2] };
  }
  const release = findOsRelease(lower);
  if (release?.version == null) return undefined;
  return { product: OS_PRODUCTS[release.family], cycle: release.version };
}

function variantLines(version: TagVersion, options: GovernedLinesOptions): (GovernedLine | undefined)[] {
  return version.variants.flatMap((variant) =>
    VARIANT_RULES.flatMap((rule) => {
      const match = rule.pattern.exec(variant.toLowerCase());
      const product = options.catalog.products.get(rule.product);
      const numbers = match?.[1] === undefined ? null : parseLineNumbers(match[1]);
      if (product === undefined || numbers === null) return [];
      return [findLine({ product, numbers, part: 'variant', now: options.now })];
    }),
  );
}

/**
 * The line of `product` that `numbers` name: the longest line whose numbers start them
 * (`15.5` → `15`, `9.6.24` → `9.6`); else, for fewer numbers than any line (`redis:7`), the
 * newest line they start that is released by `now` (`7.4`).
 */
function findLine(request: { product: CatalogProduct; numbers: readonly number[]; part: TagPart; now: Date }): GovernedLine | undefined {
  const { product, numbers, part } = request;
  let exact: CatalogLine | undefined;
  for (const line of product.lines) {
    if (line.numbers === null || line.numbers.length > numbers.length) continue;
    if (line.numbers.every((value, i) => numbers[i] === value) && (exact?.numbers ?? []).length < line.numbers.length) exact = line;
  }
  if (exact !== undefined) return { product, line: exact, part, floating: false };
  const floating = product.lines.find(
    (line) =>
      line.numbers !== null &&
      line.numbers.length > numbers.length &&
      numbers.every((value, i) => line.numbers?.[i] === value) &&
      (line.releaseDate === null || hasDayCome(line.releaseDate, request.now)),
  );
  return floating === undefined ? undefined : { product, line: floating, part, floating: true };
}

/** The short codename of a Debian or Ubuntu line (`debian`, `11` → `bullseye`), for messages. */
export function shortCodename(product: string, cycle: string): string | undefined {
  if (product !== OS_PRODUCTS.debian && product !== OS_PRODUCTS.ubuntu) return undefined;
  return findOsReleaseByVersion(product, cycle)?.codename;
}
