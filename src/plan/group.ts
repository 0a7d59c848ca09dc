/**
 * Update groups: one pull request each. A group gathers the in-line updates (patch, build,
 * date stamp, digest, pin) of one image line across every Dockerfile, so no directory is
 * left behind; each line upgrade (minor or major) to a given line is a group of its own, and
 * so is each move to a newer OS release.
 */
import { formatRepository } from '../oci/reference.js';
import { parseTag } from '../versioning/docker-tag.js';
import { compareUpdateTypes } from '../versioning/update-types.js';
import type { EndOfLife, Proposal, Update, UpdateType } from './types.js';

/** One reference's chosen update inside a group. */
export interface GroupItem {
  proposal: Proposal;
  update: Update;
}

/** What a group is about: the current line (in-line, digest and pin updates), a line upgrade, or an OS move. */
export type GroupKind = 'in-line' | 'line-upgrade' | 'os';

/** The updates one pull request carries. */
export interface UpdateGroup {
  /** Stable identity: `python-3.11` (in-line), `python-to-3.12` (upgrade to 3.12) or `python-os-…`, only `[a-z0-9._-]`. */
  key: string;
  /** Short image name: `python`, `ghcr.io/org/app`. */
  image: string;
  kind: GroupKind;
  /** The biggest update type of the items. */
  updateType: UpdateType;
  /** The version line the group is about (`3.11`, `bookworm-slim`, `3.12`). */
  line: string;
  items: GroupItem[];
  /**
   * For a line upgrade or an OS move: the end of life (past or near) of the line its references
   * leave, the earliest date first. The pull request gets the `end-of-life` label and the date.
   */
  eol?: EndOfLife;
}

/** The group kind an update belongs to. */
export function groupKindOf(update: Update): GroupKind {
  return update.kind === 'line-upgrade' || update.kind === 'os' ? update.kind : 'in-line';
}

/** The line a tag belongs to: `3.11.9-slim` → `3.11`, `20.11.0` → `20`... kept to two release parts; other schemes: the tag. */
export function lineOf(tag: string | null): string {
  if (tag === null) return 'digest';
  const version = parseTag(tag);
  if (version === null || version.scheme !== 'numeric' || version.release.length === 0) return tag;
  return `${version.prefix}${version.release.slice(0, 2).join('.')}`;
}

/** A slug of text for branch names: lower-case `[a-z0-9._-]`, no leading dot or dash. */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return slug.slice(0, 80) || 'image';
}

/** The group key of an update of a proposal. */
export function groupKeyOf(proposal: Proposal, update: Update): { key: string; line: string } | null {
  const name = proposal.ref.name;
  if (name === null) return null;
  const image = slugify(formatRepository(name));
  if (update.kind === 'line-upgrade') {
    const line = lineOf(update.newTag);
    return { key: `${image}-to-${slugify(line)}`, line };
  }
  if (update.kind === 'os') return { key: `${image}-os-${slugify(update.newTag)}`, line: lineOf(update.newTag) };
  const line = lineOf(name.tag ?? null);
  return { key: `${image}-${slugify(line)}`, line };
}

/** Groups every update of every proposal. Groups come out sorted by key. */
export function groupProposals(proposals: readonly Proposal[]): UpdateGroup[] {
  const groups = new Map<string, UpdateGroup>();
  for (const proposal of proposals) {
    const name = proposal.ref.name;
    if (name === null) continue;
    for (const update of proposal.updates) {
      const id = groupKeyOf(proposal, update);
      if (id === null) continue;
      const group = groups.get(id.key) ?? {
        key: id.key,
        image: formatRepository(name),
        kind: groupKindOf(update),
        updateType: update.updateType,
        line: id.line,
        items: [],
      };
      group.items.push({ proposal, update });
      if (compareUpdateTypes(update.updateType, group.updateType) > 0) group.updateType = update.updateType;
      groups.set(id.key, group);
    }
  }
  return [...groups.values()]
    .map((group) => {
      const eol = group.kind === 'in-line' ? undefined : mostUrgentEndOfLife(group.items);
      return eol === undefined ? group : { ...group, eol };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The end of life of the items' references: one past it before one near it, the earliest date first. */
function mostUrgentEndOfLife(items: readonly GroupItem[]): EndOfLife | undefined {
  const rank = (eol: EndOfLife): string => `${eol.state === 'eol' ? 0 : 1}${eol.date ?? ''}`;
  return items
    .flatMap((item) => (item.proposal.eol === undefined ? [] : [item.proposal.eol]))
    .sort((a, b) => rank(a).localeCompare(rank(b)))
    .at(0);
}
