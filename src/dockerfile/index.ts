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
export { createDockerfileMatcher, type DockerfileMatchOptions } from './discover.js';
// Owned by refs/ (every file kind skips them); re-exported for the sources that list files.
export { isSkippedPath, SKIPPED_DIRECTORIES } from '../refs/index.js';
