/** Public surface of the Dockerfile layer. */
export { extractImageRefs, MAX_DOCKERFILE_LENGTH } from './extract.js';
export { rewriteDockerfile } from './rewrite.js';
export { createDockerfileMatcher, isSkippedPath, SKIPPED_DIRECTORIES, type DockerfileMatchOptions } from './discover.js';
export type { Edit, EditSlot, ImageRef, RefProblem, RefSource, TextSpan } from './types.js';
