/**
 * lifecycle/ — release lines and their support windows (LTS, end of life) for the products
 * behind common base images, and which image and tag part each product governs.
 *
 * Owns: the shipped release-line data (`release-lines.json`, from endoflife.date) and its
 * schema, the image → product mapping, the `lifecycle.products` entries of the repository
 * config (schemas; config/ places them), the queries planning asks (`lifecycleOf`,
 * `acceptableUpgradeLines`, `judgeLineUpgrade`), the sentences of lifecycle notes, and the
 * deprecated-images table.
 * May import: zod, oci/, util/, versioning/ (layer 1.5). Must not: do I/O, read the clock
 * (`now` is an argument) or the environment; the refresh script (scripts/) does the requests.
 */
export {
  buildCatalog,
  compareLinesNewestFirst,
  type CatalogLine,
  type CatalogOptions,
  type CatalogProduct,
  type LifecycleCatalog,
} from './catalog.js';
export { DAY_MS } from './dates.js';
export { DEPRECATED_IMAGES, deprecationOf, describeDeprecation, type DeprecatedImage } from './deprecated-images.js';
export { ApiProductResponse, normalizeApiProduct, type ProductRequest } from './from-api.js';
export { governedLines, osLineName, type GovernedLine, type GovernedLinesOptions, type TagPart } from './governed-lines.js';
export { lifecycleOf, lineState, mostUrgent, type LifecycleQuery, type LineLifecycle, type LineState } from './lifecycle-of.js';
export {
  DEFAULT_MIN_SUPPORT_MS,
  DEFAULT_WARN_BEFORE_MS,
  rejectionOf,
  upgradeRule,
  type LineRejection,
  type UpgradeRule,
} from './line-rules.js';
export { CycleOverride, ProductOverride, ProductOverrides } from './overrides.js';
export { OS_PRODUCTS, PRODUCTS, VARIANT_RULES, type EndOfLifePhase, type ProductDefinition, type VariantRule } from './products.js';
export { DataSource, IsoDate, PhaseEnd, ProductReleases, ReleaseCycle, ReleaseLineData, shippedReleaseLines } from './release-data.js';
export { describeEndOfLife, describeRejection, formatCycle, formatLine, type RejectionFacts } from './sentences.js';
export { acceptableUpgradeLines, judgeLineUpgrade, type LineJudgement, type LineUpgradeQuery, type UpgradeLines } from './upgrade-lines.js';
