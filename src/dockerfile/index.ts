/** Public surface of the Dockerfile layer. */
export { extractImageRefs, MAX_DOCKERFILE_LENGTH } from './extract.js';
export { createDockerfileMatcher, isSkippedPath, SKIPPED_DIRECTORIES, type DockerfileMatchOptions } from './discover.js';
