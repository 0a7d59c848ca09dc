/**
 * Planning of a whole repository, after each reference is planned: drop the versions
 * maintainers declined, drop updates that a place shared by several references (a YAML
 * anchor, an ARG) cannot carry for all of them, gather the updates into update groups (one
 * pull request each), name the images whose registry facts are incomplete, and say when a
 * rate limit that stopped lookups resets.
 *
 * Owns: the order of repository-wide planning. May import: the files of plan/.
 * Must not: do I/O (the declined versions come in as data, read by the app from GitHub).
 */
import { applyDeclined, mergeDeclined, type DeclinedVersion } from './declined.js';
import { groupProposals, type UpdateGroup } from './group.js';
import { formatRepository } from '../oci/reference.js';
import { applySharedSlots } from './shared-slots.js';
import type { Proposal } from './types.js';

/** Input of `planRepository`. */
export interface RepoPlanInput {
  /** One planned proposal per reference, in file and line order. */
  proposals: readonly Proposal[];
  /** Declined versions, from every place they are kept (duplicates are merged). @default none */
  declined?: readonly DeclinedVersion[];
}

/** What freshbase proposes for a repository. */
export interface RepoPlan {
  /** One proposal per reference, declined updates dropped. */
  proposals: Proposal[];
  /** One group per pull request, sorted by key. */
  groups: UpdateGroup[];
  /** The declined versions in force, each once. */
  declined: DeclinedVersion[];
  /** Short names of images whose registry lookups failed: their pull requests are left as they are on this plan. */
  incompleteImages: string[];
  /** When a registry's rate limit stopped lookups: when the last such limit resets (ISO 8601), to run the repository again then. */
  retryAt?: string;
}

/** Plans the repository from its planned references. */
export function planRepository(input: RepoPlanInput): RepoPlan {
  const declined = mergeDeclined([], input.declined ?? []);
  const proposals = applySharedSlots(applyDeclined(input.proposals, declined));
  const incomplete = new Set(
    proposals.flatMap((p) =>
      p.status === 'skipped' && p.skip === 'registry-error' && p.ref.name !== null ? [formatRepository(p.ref.name)] : [],
    ),
  );
  const retryAt = proposals
    .flatMap((p) => (p.status === 'skipped' && p.retryAt !== undefined ? [p.retryAt] : []))
    .sort()
    .at(-1);
  return {
    proposals,
    groups: groupProposals(proposals),
    declined,
    incompleteImages: [...incomplete],
    ...(retryAt === undefined ? {} : { retryAt }),
  };
}
