/** Public surface of the Dockerfile layer. */
export { extractImageRefs } from './extract.js';
export {
  checkDockerfileLimits,
  MAX_DOCKERFILE_LENGTH,
  MAX_DOCKERFILE_LINES,
  MAX_INSTRUCTION_FLAGS,
  MAX_INSTRUCTION_LENGTH,
} from './limits.js';
export { MAX_EXPANDED_LENGTH, MAX_EXPANSION_WORK } from './expand.js';
export { rewriteDockerfile } from './rewrite.js';
export { createDockerfileMatcher, isSkippedPath, SKIPPED_DIRECTORIES, type DockerfileMatchOptions } from './discover.js';
export type { Edit, EditSlot, ImageRef, RefProblem, RefSource, TextSpan } from './types.js';
