/**
 * Remarks for maintainers that do not change the proposal: what a floating tag points at
 * now (its aliases), and an OS variant that stopped being rebuilt upstream.
 */
import { formatRepository, type ImageName } from '../oci/reference.js';
import { parseTag } from '../versioning/docker-tag.js';
import { newerOsVariant } from './select-lookups.js';
import type { RefFacts, TagFacts } from './types.js';

/** Days after which a variant counts as no longer rebuilt, when a newer variant has newer builds. */
export const FROZEN_AFTER_DAYS = 30;
const DAY = 86_400_000;

/** Notes about aliases and frozen OS variants. */
export function describeNotes(input: { name: ImageName & { tag: string }; current: TagFacts; facts: RefFacts }): string[] {
  const { name, current, facts } = input;
  const notes: string[] = [];
  const aliases = [...facts.byTag]
    .filter(([tag, lookup]) => tag !== name.tag && lookup.ok && lookup.value.digest === current.digest)
    .map(([tag]) => tag);
  if (aliases.length > 0) notes.push(`${name.tag} points at the same image as ${aliases.join(', ')} now`);
  const version = parseTag(name.tag);
  const tags = facts.tags.ok ? facts.tags.value.tags : [];
  const variant = version === null ? undefined : newerOsVariant(version, tags);
  const variantFacts = variant === undefined ? undefined : facts.byTag.get(variant);
  const newest = newestInFamily(facts, name.tag, current);
  if (variant !== undefined && variantFacts?.ok === true && variantFacts.value.created !== undefined && newest.created !== undefined) {
    const gap = variantFacts.value.created.getTime() - newest.created.getTime();
    if (gap > FROZEN_AFTER_DAYS * DAY) {
      notes.push(
        `the ${version?.os ?? ''} variant of ${formatRepository(name)} ${lineLabel(name.tag)} is no longer rebuilt upstream (newest build ${newest.created.toISOString().slice(0, 10)}); ${variant} is built on a newer OS (${variantFacts.value.created.toISOString().slice(0, 10)})`,
      );
    }
  }
  return notes;
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
function newestInFamily(facts: RefFacts, tag: string, current: TagFacts): { created?: Date } {
  const own = parseTag(tag);
  const line = lineParts(tag)?.join('.');
  let newest = current.created;
  for (const [other, lookup] of facts.byTag) {
    const version = parseTag(other);
    if (!lookup.ok || version === null || own === null || version.suffix !== own.suffix || version.prefix !== own.prefix) continue;
    if (lineParts(other)?.join('.') !== line || version.release.length !== own.release.length) continue;
    const created = lookup.value.created;
    if (created !== undefined && (newest === undefined || created > newest)) newest = created;
  }
  return newest === undefined ? {} : { created: newest };
}
