/**
 * Which products freshbase knows release lines for, where their data comes from on
 * endoflife.date, and which images and tag parts each one governs. Pure data.
 */

/**
 * Which endoflife.date phase end counts as an image's end of life: `eol` (end of security
 * support), or `extended` where the images keep being rebuilt through the extended phase
 * (Debian LTS: the official `debian` images are updated until it ends).
 */
export type EndOfLifePhase = 'eol' | 'extended';

/** A product with shipped release-line data. */
export interface ProductDefinition {
  /** freshbase's name, used in messages (`python 3.9 reached end of life …`). */
  readonly id: string;
  /** endoflife.date's product name (`/api/v1/products/{name}`). */
  readonly endoflife: string;
  readonly endOfLife: EndOfLifePhase;
  /**
   * Images whose tag's release numbers name a line of this product, written as users
   * write them (`python`, `bitnami/python`): `python:3.11-slim` → python 3.11.
   */
  readonly images: readonly string[];
}

/**
 * The shipped products. Java is one release set for every JDK image: Eclipse Temurin's,
 * whose LTS lines (8, 11, 17, 21, 25) and end-of-life dates are the OpenJDK update
 * releases the `eclipse-temurin`, `amazoncorretto` and `openjdk` images are built from.
 */
export const PRODUCTS: readonly ProductDefinition[] = [
  { id: 'python', endoflife: 'python', endOfLife: 'eol', images: ['python', 'bitnami/python'] },
  { id: 'node', endoflife: 'nodejs', endOfLife: 'eol', images: ['node', 'bitnami/node'] },
  { id: 'go', endoflife: 'go', endOfLife: 'eol', images: ['golang', 'bitnami/golang'] },
  {
    id: 'java',
    endoflife: 'eclipse-temurin',
    endOfLife: 'eol',
    images: ['eclipse-temurin', 'amazoncorretto', 'openjdk', 'bitnami/java'],
  },
  { id: 'ubuntu', endoflife: 'ubuntu', endOfLife: 'eol', images: ['ubuntu'] },
  { id: 'debian', endoflife: 'debian', endOfLife: 'extended', images: ['debian'] },
  { id: 'alpine', endoflife: 'alpine-linux', endOfLife: 'eol', images: ['alpine'] },
  { id: 'postgresql', endoflife: 'postgresql', endOfLife: 'eol', images: ['postgres', 'bitnami/postgresql'] },
  { id: 'mysql', endoflife: 'mysql', endOfLife: 'eol', images: ['mysql', 'bitnami/mysql'] },
  { id: 'mariadb', endoflife: 'mariadb', endOfLife: 'eol', images: ['mariadb', 'bitnami/mariadb'] },
  { id: 'redis', endoflife: 'redis', endOfLife: 'eol', images: ['redis', 'bitnami/redis'] },
  { id: 'nginx', endoflife: 'nginx', endOfLife: 'eol', images: ['nginx', 'bitnami/nginx'] },
  { id: 'ruby', endoflife: 'ruby', endOfLife: 'eol', images: ['ruby', 'bitnami/ruby'] },
  { id: 'php', endoflife: 'php', endOfLife: 'eol', images: ['php', 'bitnami/php-fpm'] },
  { id: 'rust', endoflife: 'rust', endOfLife: 'eol', images: ['rust', 'bitnami/rust'] },
];

/**
 * Products an OS part of a tag names: Debian and Ubuntu by codename or `debian-12` /
 * `ubuntu-22.04`, Alpine by `alpine3.19`. A bare `alpine` or `ubuntu` names no line.
 */
export const OS_PRODUCTS = { debian: 'debian', ubuntu: 'ubuntu', alpine: 'alpine' } as const;

/** A tag word of any image that names a line of another product (`java17` in a Spark tag). */
export interface VariantRule {
  /** Matches one variant word of the tag; group 1 is the line. */
  readonly pattern: RegExp;
  readonly product: string;
}

/**
 * Variant words that name a runtime line in any image's tag: `java17`, `jdk17`, `jre-17`,
 * `eclipse-temurin-17` (maven, gradle, spark, sbt), `python3.11`, `node20` / `nodejs20`.
 * A word without a line (`python3`, `jdk`) names none.
 */
export const VARIANT_RULES: readonly VariantRule[] = [
  { pattern: /^(?:java|jdk|jre|openjdk)-?(\d+)$/, product: 'java' },
  { pattern: /^(?:eclipse-temurin|temurin|amazoncorretto|corretto)-?(\d+)$/, product: 'java' },
  { pattern: /^python-?(\d+\.\d+)$/, product: 'python' },
  { pattern: /^node(?:js)?-?(\d+)$/, product: 'node' },
];
