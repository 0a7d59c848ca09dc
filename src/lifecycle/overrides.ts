/**
 * The `lifecycle.products` entries of `.github/freshbase.yml`: a repository's own products
 * and images, or corrections to the shipped data. Zod schemas only; config/schema.ts
 * places them under its `lifecycle` key, catalog.ts applies them.
 */
import { z } from 'zod';
import { parseImageName } from '../oci/reference.js';
import { PRODUCTS } from './products.js';
import { IsoDate, PhaseEnd } from './release-data.js';

const ProductId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,49}$/, 'a product name is lower-case letters, digits, ".", "_" or "-"');

/** A line name: a string, or a whole number (`2`); `3.10` must be quoted, since YAML reads it as 3.1. */
const CycleName = z.union([z.string(), z.number()]).transform((value, ctx) => {
  if (typeof value === 'number' && !(Number.isSafeInteger(value) && value >= 0)) {
    ctx.addIssue({
      code: 'custom',
      message: `write a line like ${value} in quotes: unquoted, YAML reads a name such as 3.10 as the number 3.1`,
    });
    return z.NEVER;
  }
  const name = String(value);
  if (name.length === 0 || name.length > 50) {
    ctx.addIssue({ code: 'custom', message: 'a line name has 1 to 50 characters' });
    return z.NEVER;
  }
  return name;
});

/** One release line of a user's product, or the fields of a shipped line to correct. */
export const CycleOverride = z.strictObject({
  cycle: CycleName,
  /** @default false for a new line */
  lts: z.boolean().optional(),
  /** When the line becomes LTS, if later than its release. */
  ltsFrom: IsoDate.optional(),
  releaseDate: IsoDate.optional(),
  /** End of active support: a date, or true / false. */
  supportEnd: PhaseEnd.optional(),
  /** The last day the images get fixes: a date, or true (ended) / false (no date yet). @default false for a new line */
  eol: PhaseEnd.optional(),
});
export type CycleOverride = z.infer<typeof CycleOverride>;

/** An image name without tag or digest, as users write it (`python`, `ghcr.io/acme/base`). */
const ImageText = z
  .string()
  .min(1)
  .max(255)
  .superRefine((text, ctx) => {
    const parsed = parseImageName(text);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.reason });
    else if (parsed.name.tag !== undefined || parsed.name.digest !== undefined)
      ctx.addIssue({ code: 'custom', message: 'name the image without a tag or digest' });
  });

/**
 * One entry: `image` maps an image's tag versions to `product`'s lines; `cycles` adds lines
 * to the product (a new one, or a shipped one, whose same-named lines they correct).
 */
export const ProductOverride = z
  .strictObject({
    product: ProductId,
    image: ImageText.optional(),
    cycles: z.array(CycleOverride).min(1).max(200).optional(),
  })
  .refine((entry) => entry.image !== undefined || entry.cycles !== undefined, 'give an image, cycles, or both');
export type ProductOverride = z.infer<typeof ProductOverride>;

const SHIPPED: ReadonlySet<string> = new Set(PRODUCTS.map((product) => product.id));

/** The list, checked as a whole: every product named has shipped data or lines given here. */
export const ProductOverrides = z
  .array(ProductOverride)
  .max(100)
  .superRefine((entries, ctx) => {
    const defined = new Set(entries.filter((entry) => entry.cycles !== undefined).map((entry) => entry.product));
    entries.forEach((entry, index) => {
      if (SHIPPED.has(entry.product) || defined.has(entry.product)) return;
      ctx.addIssue({
        code: 'custom',
        path: [index, 'product'],
        message: `"${entry.product}" has no shipped release data: give its cycles, or use one of ${[...SHIPPED].join(', ')}`,
      });
    });
  });
export type ProductOverrides = z.infer<typeof ProductOverrides>;
