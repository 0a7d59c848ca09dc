/**
 * The sentences of lifecycle notes and warnings, one per decision: `python 3.9 reached end of
 * life on 2025-10-31; 3.14 is the newest supported line`, `node 25 is not an LTS line; 24 is
 * the newest LTS line`. Plain text (the CLI, the JSON and the dashboard share it).
 */
import type { CatalogLine } from './catalog.js';
import { DAY_MS } from './dates.js';
import { shortCodename } from './governed-lines.js';
import type { LineLifecycle } from './lifecycle-of.js';
import type { LineRejection, UpgradeRule } from './line-rules.js';
import type { PhaseEnd } from './release-data.js';

/** A line with its codename where tags use one: `13 (trixie)`, `22.04 (jammy)`, `3.9`. */
export function formatCycle(product: string, cycle: string): string {
  const codename = shortCodename(product, cycle);
  return codename === undefined ? cycle : `${cycle} (${codename})`;
}

/** A product's line: `python 3.9`, `debian 11 (bullseye)`. */
export function formatLine(product: string, cycle: string): string {
  return `${product} ${formatCycle(product, cycle)}`;
}

function successorClause(product: string, rule: UpgradeRule, newest: string | undefined): string {
  if (newest === undefined) return '';
  return `; ${formatCycle(product, newest)} is the newest ${rule === 'lts' ? 'LTS' : 'supported'} line`;
}

function endClause(eol: PhaseEnd, past: boolean): string {
  if (typeof eol === 'string') return past ? `reached end of life on ${eol}` : `reaches end of life on ${eol}`;
  return eol ? 'is past its end of life' : 'has no end-of-life date yet';
}

/**
 * The warning for a line past or near its end of life, naming the line to move to;
 * undefined for a supported line.
 * @example 'python 3.9 reached end of life on 2025-10-31; 3.14 is the newest supported line'
 */
export function describeEndOfLife(line: LineLifecycle): string | undefined {
  if (line.state === 'supported') return undefined;
  return `${formatLine(line.product, line.cycle)} ${endClause(line.eol, line.state === 'eol')}${successorClause(line.product, line.rule, line.newest)}`;
}

/** What `describeRejection` says. */
export interface RejectionFacts {
  product: string;
  current: CatalogLine;
  target: CatalogLine;
  reason: LineRejection;
  rule: UpgradeRule;
  best: CatalogLine | undefined;
  minSupport: number;
}

/**
 * Why a line is not offered, and which one is.
 * @example 'node 25 is not an LTS line; 24 is the newest LTS line'
 */
export function describeRejection(facts: RejectionFacts): string {
  const target = formatLine(facts.product, facts.target.cycle);
  return `${target} ${rejectionClause(facts)}${successorClause(facts.product, facts.rule, facts.best?.cycle)}`;
}

function rejectionClause({ product, current, target, reason, minSupport }: RejectionFacts): string {
  switch (reason) {
    case 'older':
      return `is not newer than ${formatCycle(product, current.cycle)}`;
    case 'unreleased':
      return target.releaseDate === null ? 'has no release date yet' : `is not released until ${target.releaseDate}`;
    case 'not-lts':
      return 'is not an LTS line';
    case 'lts-not-yet':
      return `is not an LTS line until ${target.ltsFrom ?? 'later'}`;
    case 'end-of-life':
      return endClause(target.eol, true);
    case 'short-support':
      return `${endClause(target.eol, false)}, less than ${Math.ceil(minSupport / DAY_MS)} days away`;
  }
}
