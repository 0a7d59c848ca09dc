/** Public surface of rebuild/: detect rebuild targets and the images they build, decide a rebuild, keep its state in the dashboard marker. */
export { listBuiltRepositories } from './built-images.js';
export { ANY_DOCKERFILE, buildsDockerfile, detectRebuildTargets, type DetectRebuildTargetsInput } from './targets.js';
export { decideRebuild, type BaseImageDigest, type DecideRebuildInput, type RebuildDecision } from './decide.js';
export { MAX_MARKER_LENGTH, parseRebuildMarker, renderRebuildMarker } from './marker.js';
export { DISPATCHER_INPUTS } from './target-plan.js';
export {
  LastRebuild,
  RebuildState,
  type MissingDispatch,
  type RebuildProblem,
  type RebuildTargetPlan,
  type RebuildTargets,
} from './types.js';
