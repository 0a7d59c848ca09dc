/** Public surface of the planning layer. */
export { planReference, type PlanInput } from './plan-reference.js';
export { selectLookups, CANDIDATES_PER_KIND } from './select-lookups.js';
export { DEFAULT_PLATFORMS, type PlanPolicy } from './policy.js';
export type { Lookup, LookupRequest, Proposal, RefFacts, SkipReason, TagFacts, Update, UpdateType } from './types.js';
export { groupProposals, groupKeyOf, lineOf, slugify, type GroupItem, type UpdateGroup } from './group.js';
export { applyDeclined, declinedVersionOf, type DeclinedVersion } from './ignore-declined.js';
export { editFor, editLine, editsByFile } from './edits.js';
