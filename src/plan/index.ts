/** Public surface of the planning layer. */
export { planReference, planStep, type PlanInput } from './plan-reference.js';
export { initialFacts, mergeFacts, MAX_LOOKUP_ROUNDS, planWithAnswers, type LookupAnswers } from './gathered-facts.js';
export { planRepository, type RepoPlan, type RepoPlanInput } from './plan-repository.js';
export { selectCandidates, CANDIDATES_PER_KIND } from './select-lookups.js';
export { DEFAULT_PLATFORMS, isImageIgnored, type PlanPolicy } from './policy.js';
export {
  SKIP_REASONS,
  type DigestUpdate,
  type InLineUpdate,
  type LineUpgrade,
  type Lookup,
  type LookupFailure,
  type LookupRequest,
  type OsUpdate,
  type PinUpdate,
  type PlanStep,
  type Proposal,
  type RefFacts,
  type SkippedOutcome,
  type SkipReason,
  type TagFacts,
  type UpdateOutcome,
  type UpToDateOutcome,
  type Update,
  type UpdateType,
} from './types.js';
export { groupProposals, groupKeyOf, groupKindOf, lineOf, slugify, type GroupItem, type GroupKind, type UpdateGroup } from './group.js';
export { applyDeclined, declinedVersionOf, DeclinedVersion, mergeDeclined, type ChangeSummary } from './declined.js';
export { editFor, editLine, editsByFile, targetTag, writesDigest } from './edits.js';
