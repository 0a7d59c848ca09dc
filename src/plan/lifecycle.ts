/**
 * What planning asks the release-line data: which line upgrades a maintainer would take
 * (judged on the tags alone, before any lookup, so a rejected line costs no request), and
 * whether a reference's line (version or OS part) is past or near its end of life.
 *
 * Owns: the catalog a policy plans with, `judgeUpgrades`, `endOfLifeOf`. May import:
 * lifecycle/, versioning/, oci/, plan/ types. Must not: do I/O or read the clock.
 */
import {
  buildCatalog,
  judgeLineUpgrade,
  lifecycleOf,
  mostUrgent,
  describeEndOfLife,
  formatLine,
  type LifecycleCatalog,
} from '../lifecycle/index.js';
import type { ImageName } from '../oci/reference.js';
import type { ImageRef } from '../refs/index.js';
import type { NewerTag } from '../versioning/update-type.js';
import { selectCandidates, type Candidates } from './select-lookups.js';
import type { PlanPolicy } from './policy.js';
import type { EndOfLife } from './types.js';

const catalogs = new WeakMap<object, LifecycleCatalog>();

/** The catalog a policy plans with: its own, else the shipped data with the repository's `lifecycle.products` (built once per config). */
export function catalogOf(policy: PlanPolicy): LifecycleCatalog {
  if (policy.catalog !== undefined) return policy.catalog;
  const key = policy.lifecycle.products;
  let catalog = catalogs.get(key);
  if (catalog === undefined) {
    catalog = buildCatalog({ overrides: key });
    catalogs.set(key, catalog);
  }
  return catalog;
}

/** What the lifecycle data says about a tag's line upgrades. */
export interface UpgradeJudgement {
  /** The candidates the data allows (or knows nothing about), newest first. */
  upgrades: NewerTag[];
  /** Whether data covers the current tag's version line: then the tag signals (the `lts` alias) are not needed. */
  covered: boolean;
  /**
   * At most one sentence: why the newest line passed over is not offered (the newest released
   * one's; an unreleased line's only when no released line was passed over).
   */
  notes: string[];
}

/**
 * Judges line-upgrade candidates (newest first) by the release lines of their version part: a user on an LTS
 * line gets LTS lines out of pre-release, others the newest line; never a line past its end of
 * life or within `lifecycle.minSupport` of it. A candidate no data covers is kept (the tag
 * signals decide it later).
 */
export function judgeUpgrades(input: {
  name: Pick<ImageName, 'registry' | 'repository'>;
  current: string;
  upgrades: readonly NewerTag[];
  policy: PlanPolicy;
  now: Date;
}): UpgradeJudgement {
  const catalog = catalogOf(input.policy);
  const byReason = new Map<string, string>();
  const judged = { covered: false };
  const upgrades = input.upgrades.filter((candidate) => {
    const judgement = judgeLineUpgrade({
      catalog,
      image: input.name,
      from: input.current,
      to: candidate.tag,
      now: input.now,
      minSupport: input.policy.lifecycle.minSupport,
    });
    if (judgement.verdict === 'unknown') return true;
    judged.covered = true;
    if (judgement.verdict === 'accept') return true;
    if (!byReason.has(judgement.reason)) byReason.set(judgement.reason, judgement.note);
    return false;
  });
  const released = [...byReason].find(([reason]) => reason !== 'unreleased');
  const note = released?.[1] ?? byReason.get('unreleased');
  return { upgrades, covered: judged.covered || coversVersion(input, catalog), notes: note === undefined ? [] : [note] };
}

/** The candidate windows of a tagged reference with the release-line rules applied before any lookup, and what the data said. */
export function selectJudgedCandidates(input: {
  ref: ImageRef;
  name: ImageName & { tag: string };
  tags: readonly string[];
  policy: PlanPolicy;
  now: Date;
}): { windows: Candidates; lifecycle: Omit<UpgradeJudgement, 'upgrades'> } {
  const { name, policy, now } = input;
  const lifecycle = { notes: [] as string[], covered: false };
  const windows = selectCandidates({
    ref: input.ref,
    current: name.tag,
    tags: input.tags,
    policy,
    keepUpgrades: (upgrades) => {
      const judged = judgeUpgrades({ name, current: name.tag, upgrades, policy, now });
      lifecycle.notes = judged.notes;
      lifecycle.covered = judged.covered;
      return judged.upgrades;
    },
  });
  return { windows, lifecycle };
}

function coversVersion(
  input: { name: Pick<ImageName, 'registry' | 'repository'>; current: string; now: Date },
  catalog: LifecycleCatalog,
): boolean {
  return lifecycleOf({ catalog, image: input.name, tag: input.current, now: input.now })?.some((line) => line.part === 'version') ?? false;
}

/**
 * The end-of-life warning of a tag: its most urgent line (version or OS part, runtime words)
 * past its end of life or within `lifecycle.warnBefore` of it; null when none is, or no data covers it.
 */
export function endOfLifeOf(input: {
  name: Pick<ImageName, 'registry' | 'repository'>;
  tag: string;
  policy: PlanPolicy;
  now: Date;
}): EndOfLife | null {
  const lines = lifecycleOf({
    catalog: catalogOf(input.policy),
    image: input.name,
    tag: input.tag,
    now: input.now,
    warnBefore: input.policy.lifecycle.warnBefore,
    minSupport: input.policy.lifecycle.minSupport,
  });
  const urgent = lines === undefined ? undefined : mostUrgent(lines);
  if (urgent === undefined || urgent.state === 'supported') return null;
  const message = describeEndOfLife(urgent);
  return {
    line: formatLine(urgent.product, urgent.cycle),
    date: typeof urgent.eol === 'string' ? urgent.eol : null,
    state: urgent.state,
    message: message ?? `${formatLine(urgent.product, urgent.cycle)} is past its end of life`,
  };
}
