/**
 * Images their publisher deprecated, with the images to move to. Named in the dashboard,
 * never turned into pull requests (a move to another image is the maintainer's choice).
 */
import { formatRepository, parseImageName, repositoryKey, type ImageName } from '../oci/reference.js';

/** A deprecated image. */
export interface DeprecatedImage {
  /** As users write it: `openjdk`. */
  readonly image: string;
  /** When the deprecation was announced, as precisely as known (`2022-07`), where a source gives it. */
  readonly since?: string;
  /** Images to use instead, as users write them. */
  readonly successors: readonly string[];
  /** Where the deprecation is announced. */
  readonly notice: string;
}

/** Docker Hub's deprecated official images that still appear in Dockerfiles. */
export const DEPRECATED_IMAGES: readonly DeprecatedImage[] = [
  {
    image: 'openjdk',
    since: '2022-07',
    successors: ['eclipse-temurin', 'amazoncorretto'],
    notice: 'https://hub.docker.com/_/openjdk',
  },
  {
    image: 'adoptopenjdk',
    successors: ['eclipse-temurin'],
    notice: 'https://hub.docker.com/_/adoptopenjdk',
  },
  // Deprecated in favour of `openjdk`, itself deprecated since: its successors apply.
  {
    image: 'java',
    successors: ['eclipse-temurin', 'amazoncorretto'],
    notice: 'https://hub.docker.com/_/java',
  },
];

const BY_KEY: ReadonlyMap<string, DeprecatedImage> = new Map(
  DEPRECATED_IMAGES.flatMap((entry) => {
    const parsed = parseImageName(entry.image);
    return parsed.ok ? [[repositoryKey(parsed.name), entry] as const] : [];
  }),
);

/** The deprecation of an image, or undefined when it is not deprecated. */
export function deprecationOf(image: Pick<ImageName, 'registry' | 'repository'>): DeprecatedImage | undefined {
  return BY_KEY.get(repositoryKey(image));
}

/**
 * The dashboard's sentence for a deprecated image.
 * @example 'openjdk is deprecated upstream (since 2022-07); use eclipse-temurin or amazoncorretto'
 */
export function describeDeprecation(image: Pick<ImageName, 'registry' | 'repository'>, deprecation: DeprecatedImage): string {
  const successors = deprecation.successors.join(' or ');
  const since = deprecation.since === undefined ? '' : ` (since ${deprecation.since})`;
  return `${formatRepository(image)} is deprecated upstream${since}; use ${successors}`;
}
