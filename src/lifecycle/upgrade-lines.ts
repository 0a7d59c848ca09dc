/**
 * The questions planning asks about a line upgrade: which lines a user on a tag may be
 * offered (`acceptableUpgradeLines`), and whether one candidate tag's line is one of them,
 * with the sentence that explains a refusal (`judgeLineUpgrade`).
 */
import type { ImageName } from '../oci/reference.js';
import type { CatalogLine, LifecycleCatalog } from './catalog.js';
import { governedLines, type GovernedLine, type TagPart } from './governed-lines.js';
import { lifecycleOf, type LineLifecycle } from './lifecycle-of.js';
import { DEFAULT_MIN_SUPPORT_MS, offeredLines, rejectionOf, upgradeRule, type LineRejection, type UpgradeRule } from './line-rules.js';
import { describeRejection } from './sentences.js';
import type { LifecycleQuery } from './lifecycle-of.js';

/** The lines a user on a tag may be offered. */
export interface UpgradeLines {
  /** The line the asked part of the tag names. */
  readonly current: LineLifecycle;
  readonly rule: UpgradeRule;
  /** Lines to offer, newest first: the planner proposes the newest one that has a candidate tag. Empty when none. */
  readonly lines: readonly CatalogLine[];
}

/** Which part of the tag a move changes. */
export interface PartOption {
  /** `version` for line upgrades (`3.11` → `3.13`), `os` for OS-variant moves (`jammy` → `noble`). @default 'version' */
  part?: Exclude<TagPart, 'variant'>;
}

/**
 * The lines a user on `query.tag` may move to, for the tag's version part (or its OS part).
 * @returns undefined when no data covers that part of the tag (today's behaviour stays).
 */
export function acceptableUpgradeLines(query: LifecycleQuery & PartOption): UpgradeLines | undefined {
  const part = query.part ?? 'version';
  const governed = lineOf(query, part);
  const current = lifecycleOf(query)?.find((line) => line.part === part);
  if (governed === undefined || current === undefined) return undefined;
  const rule = upgradeRule(governed.line);
  const lines = offeredLines(governed.product, { current: governed.line, rule, now: query.now, minSupport: minSupportOf(query) });
  return { current, rule, lines };
}

/** The verdict on one line upgrade. */
export type LineJudgement =
  /** No data covers one of the two tags, or they name different products: decide as without lifecycle data. */
  | { readonly verdict: 'unknown' }
  /** The target line may be offered (also for a tag of the same line). */
  | { readonly verdict: 'accept'; readonly line: CatalogLine; readonly rule: UpgradeRule }
  | {
      readonly verdict: 'reject';
      readonly reason: LineRejection;
      readonly line: CatalogLine;
      readonly rule: UpgradeRule;
      /** The newest line that would be offered instead, if any. */
      readonly best?: CatalogLine;
      /** One sentence for notes: `node 25 is not an LTS line; 24 is the newest LTS line`. */
      readonly note: string;
    };

/** What `judgeLineUpgrade` reads. */
export interface LineUpgradeQuery extends PartOption {
  catalog: LifecycleCatalog;
  image: Pick<ImageName, 'registry' | 'repository'>;
  /** The current tag. */
  from: string;
  /** The candidate tag. */
  to: string;
  now: Date;
  /** @default DEFAULT_MIN_SUPPORT_MS (90 days) */
  minSupport?: number;
}

/** Whether moving from tag `from` to tag `to` is a line upgrade (or OS move) a maintainer would take. */
export function judgeLineUpgrade(query: LineUpgradeQuery): LineJudgement {
  const part = query.part ?? 'version';
  const from = lineOf({ ...query, tag: query.from }, part);
  const to = lineOf({ ...query, tag: query.to }, part);
  if (from === undefined || to === undefined || from.product.id !== to.product.id) return { verdict: 'unknown' };
  const rule = upgradeRule(from.line);
  if (from.line.cycle === to.line.cycle) return { verdict: 'accept', line: to.line, rule };
  const context = { current: from.line, rule, now: query.now, minSupport: minSupportOf(query) };
  const reason = rejectionOf(to.line, context);
  if (reason === undefined) return { verdict: 'accept', line: to.line, rule };
  const best = offeredLines(from.product, context)[0];
  const note = describeRejection({
    product: from.product.id,
    current: from.line,
    target: to.line,
    reason,
    rule,
    best,
    minSupport: context.minSupport,
  });
  return { verdict: 'reject', reason, line: to.line, rule, ...(best === undefined ? {} : { best }), note };
}

function lineOf(query: Pick<LifecycleQuery, 'catalog' | 'image' | 'tag' | 'now'>, part: TagPart): GovernedLine | undefined {
  return governedLines(query).find((line) => line.part === part);
}

function minSupportOf(query: { minSupport?: number }): number {
  return query.minSupport ?? DEFAULT_MIN_SUPPORT_MS;
}
