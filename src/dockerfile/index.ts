/** Public surface of the Dockerfile layer. */
export { extractImageRefs, MAX_DOCKERFILE_LENGTH } from './extract.js';
export { createDockerfileMatcher, type DockerfileMatchOptions } from './discover.js';
// Owned by refs/ (every file kind skips them); re-exported for the sources that list files.
export { isSkippedPath, SKIPPED_DIRECTORIES } from '../refs/index.js';
