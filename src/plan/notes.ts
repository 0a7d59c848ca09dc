/**
 * Remarks for maintainers that do not change the proposal: what a floating tag points at
 * now (its aliases), and an OS variant that stopped being rebuilt upstream.
 */
import { formatRepository, type ImageName } from '../oci/reference.js';
import { parseTag } from '../versioning/docker-tag.js';
import { newerOsVariant } from './select-lookups.js';
import type { FactsReader, Known } from './facts-reader.js';
import type { TagFacts } from './types.js';

/** Days after which a variant counts as no longer rebuilt, when a newer variant has newer builds. */
export const FROZEN_AFTER_DAYS = 30;
const DAY = 86_400_000;

/**
 * Whether an OS variant is frozen upstream: its newest build is more than `FROZEN_AFTER_DAYS`
 * old at `now`, and the same line on a newer OS release was built more than a day after it
 * (so upstream moved on, rather than not rebuilding the line at all).
 */
export function isFrozen(variantNewest: Date, newerBuilt: Date, now: Date): boolean {
  return now.getTime() - variantNewest.getTime() > FROZEN_AFTER_DAYS * DAY && newerBuilt.getTime() - variantNewest.getTime() > DAY;
}

/**
 * Notes about aliases and frozen OS variants. Aliases are the tags looked up so far that share
 * the current tag's digest; the frozen-variant note (versioned tags only) reads the newer
 * variant's facts and the current tag's, unless a build of the line from the last
 * `FROZEN_AFTER_DAYS` is known already (waiting for them; a failed lookup only drops the note:
 * notes decide nothing).
 */
export function describeNotes(input: {
  name: ImageName & { tag: string };
  currentDigest: string;
  tags: readonly string[];
  reader: FactsReader;
  now: Date;
}): Known<string[]> {
  const { name, reader } = input;
  const notes: string[] = [];
  const aliases = [...reader.knownDigests()]
    .filter(([tag, digest]) => tag !== name.tag && digest === input.currentDigest)
    .map(([tag]) => tag);
  if (aliases.length > 0) notes.push(`${name.tag} points at the same image as ${aliases.join(', ')} now`);
  const version = parseTag(name.tag);
  const variant = version?.scheme !== 'numeric' ? undefined : newerOsVariant(version, input.tags);
  if (variant === undefined) return { state: 'known', value: notes };
  // A line with a build in the last FROZEN_AFTER_DAYS is not frozen: no lookup for the note.
  const built = newestInFamily(reader.knownFacts(), name.tag, {}).created;
  if (built !== undefined && built.getTime() >= input.now.getTime() - FROZEN_AFTER_DAYS * DAY) return { state: 'known', value: notes };
  const variantFacts = reader.full(variant);
  const current = reader.full(name.tag);
  if (variantFacts.state === 'waiting' || current.state === 'waiting') return { state: 'waiting' };
  if (variantFacts.state === 'failed' || current.state === 'failed') return { state: 'known', value: notes };
  const newest = newestInFamily(reader.knownFacts(), name.tag, current.value);
  const variantBuilt = variantFacts.value.created;
  if (variantBuilt !== undefined && newest.created !== undefined && isFrozen(newest.created, variantBuilt, input.now)) {
    notes.push(
      `the ${version?.os ?? ''} variant of ${formatRepository(name)} ${lineLabel(name.tag)} is no longer rebuilt upstream (newest build ${newest.created.toISOString().slice(0, 10)}); ${variant} is built on a newer OS (${variantBuilt.toISOString().slice(0, 10)})`,
    );
  }
  return { state: 'known', value: notes };
}

function lineParts(tag: string): number[] | null {
  const version = parseTag(tag);
  if (version === null) return null;
  return version.release.length >= 3 ? version.release.slice(0, -1) : [...version.release];
}

function lineLabel(tag: string): string {
  const parts = lineParts(tag);
  return parts === null || parts.length === 0 ? tag : parts.join('.');
}

/** The newest-built image among the current tag and the looked-up tags of its version line and variant. */
function newestInFamily(known: ReadonlyMap<string, TagFacts>, tag: string, current: Pick<TagFacts, 'created'>): { created?: Date } {
  const own = parseTag(tag);
  const line = lineParts(tag)?.join('.');
  let newest = current.created;
  for (const [other, facts] of known) {
    const version = parseTag(other);
    if (version === null || own === null || version.suffix !== own.suffix || version.prefix !== own.prefix) continue;
    if (lineParts(other)?.join('.') !== line || version.release.length !== own.release.length) continue;
    const created = facts.created;
    if (created !== undefined && (newest === undefined || created > newest)) newest = created;
  }
  return newest === undefined ? {} : { created: newest };
}
