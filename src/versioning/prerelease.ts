/**
 * Which tags are pre-releases: by their name (`3.13.0rc2`, `24-ea-29-jdk`, `edge`), and by
 * evidence from the registry when the name looks stable: a digest shared with a pre-release
 * or a development channel, or pre-release builds made after the tag's own build.
 */
import { parseTag } from './docker-tag.js';
import type { TagVersion } from './docker-tag.js';
import { isDevelopmentChannel, isReleasedChannelWord } from './tag-words.js';

/**
 * Whether a tag is a pre-release by its name: it has a pre-release part (`rc1`, `a6`,
 * `ea-29`, `beta`) or a development-channel word (`devel`, `edge`, `tip`, `rc`, `unstable`,
 * `testing`, `sid`, ...).
 */
export function isPrerelease(version: TagVersion): boolean {
  if (version.prerelease !== undefined) {
    return true;
  }
  const osWords = version.os?.split('-') ?? [];
  return [...version.variants, ...osWords].some(isDevelopmentChannel);
}

/** What the registry says about an image's tags. Every field is optional. */
export interface PrereleaseEvidence {
  /** The tags to look at. @default the keys of `digests` and `created` */
  readonly tags?: readonly string[] | undefined;
  /** Tag → digest (`sha256:…`); tags with one digest are aliases. */
  readonly digests?: ReadonlyMap<string, string> | undefined;
  /** Tag → when its image was built (the image config's `created`). */
  readonly created?: ReadonlyMap<string, Date> | undefined;
}

/** {@link PrereleaseEvidence} indexed once, to ask about many tags. Build it with {@link indexPrereleaseEvidence}. */
export interface PrereleaseIndex {
  readonly kind: 'prerelease-index';
  readonly digests: ReadonlyMap<string, string>;
  readonly created: ReadonlyMap<string, Date>;
  /** Digest → the tags with that digest that are pre-releases by name. */
  readonly prereleaseTagsByDigest: ReadonlyMap<string, readonly string[]>;
  /** Version key (scheme, prefix, release) → newest build time in ms of a pre-release of it. */
  readonly newestPrereleaseBuild: ReadonlyMap<string, number>;
  /** Digests of released channels (`stable`, `rolling`, `latest`): a tag sharing one is released whatever else shares it. */
  readonly releasedDigests: ReadonlySet<string>;
}

/**
 * Whether a tag is a channel of released versions: `stable`, `rolling` (and their variants,
 * `stable-musl`), and `latest` unless the image has a `stable` channel (busybox's `latest`
 * follows `unstable`). `hasStable` says whether the tags looked at include a `stable` one.
 */
export function isReleasedChannel(version: TagVersion, hasStable: boolean): boolean {
  if (version.scheme !== 'named' || isPrerelease(version)) return false;
  const words = [...version.variants, ...(version.os?.split('-') ?? [])].map((word) => word.toLowerCase());
  return words.some((word) => isReleasedChannelWord(word) && (word !== 'latest' || !hasStable));
}

/** Whether any of `tags` is a `stable` channel (`stable`, `stable-musl`). */
export function hasStableChannel(tags: Iterable<string>): boolean {
  for (const tag of tags) {
    const version = parseTag(tag);
    if (version?.scheme === 'named' && version.variants.some((word) => word.toLowerCase() === 'stable')) return true;
  }
  return false;
}

/** Indexes the evidence so that {@link isPrereleaseByAlias} costs O(1) per tag. */
export function indexPrereleaseEvidence(evidence: PrereleaseEvidence): PrereleaseIndex {
  const digests = evidence.digests ?? new Map<string, string>();
  const created = evidence.created ?? new Map<string, Date>();
  const tags = evidence.tags ?? [...new Set([...digests.keys(), ...created.keys()])];
  const prereleaseTagsByDigest = new Map<string, string[]>();
  const newestPrereleaseBuild = new Map<string, number>();
  const releasedDigests = new Set<string>();
  const hasStable = hasStableChannel(tags);
  for (const tag of tags) {
    const version = parseTag(tag);
    const released = version === null ? undefined : digests.get(tag);
    if (version !== null && released !== undefined && isReleasedChannel(version, hasStable)) releasedDigests.add(released);
    if (version === null || !isPrerelease(version)) {
      continue;
    }
    const digest = digests.get(tag);
    if (digest !== undefined) {
      prereleaseTagsByDigest.set(digest, [...(prereleaseTagsByDigest.get(digest) ?? []), tag]);
    }
    const builtAt = created.get(tag)?.getTime();
    if (version.prerelease !== undefined && builtAt !== undefined) {
      const key = versionKey(version);
      newestPrereleaseBuild.set(key, Math.max(builtAt, newestPrereleaseBuild.get(key) ?? builtAt));
    }
  }
  return { kind: 'prerelease-index', digests, created, prereleaseTagsByDigest, newestPrereleaseBuild, releasedDigests };
}

/**
 * Whether the registry shows that a tag is a pre-release although its name may look stable:
 * - it shares its digest with another tag that is a pre-release by name or a development
 *   channel (`25-jdk` = `25-ea-16-jdk`; `25.04` = `devel`; `20250108` = `edge`; busybox
 *   `1.37.0` = `unstable`), and with no released channel (`stable`, `rolling`; `latest` where
 *   the image has no `stable`), or
 * - a pre-release of its version (`24-ea-35-jdk` for `24-jdk`) was built after it: the
 *   version was still in pre-release when the tag was built.
 *
 * Only the evidence is read, not the tag's own name: combine with {@link isPrerelease}.
 * Passing raw evidence indexes it on each call; pass a {@link PrereleaseIndex} for many tags.
 */
export function isPrereleaseByAlias(tag: string, evidence: PrereleaseEvidence | PrereleaseIndex): boolean {
  const index = 'kind' in evidence ? evidence : indexPrereleaseEvidence(evidence);
  const digest = index.digests.get(tag);
  if (digest !== undefined && index.releasedDigests.has(digest)) {
    return false;
  }
  const aliases = digest === undefined ? [] : (index.prereleaseTagsByDigest.get(digest) ?? []);
  if (aliases.some((alias) => alias !== tag)) {
    return true;
  }
  const version = parseTag(tag);
  const builtAt = index.created.get(tag)?.getTime();
  if (version === null || version.prerelease !== undefined || builtAt === undefined) {
    return false;
  }
  const newestPrerelease = index.newestPrereleaseBuild.get(versionKey(version));
  return newestPrerelease !== undefined && newestPrerelease > builtAt;
}

/** The version a tag names, whatever its suffix: `24-jdk` and `24-ea-29-jdk-slim` give `numeric||24`. */
function versionKey(version: TagVersion): string {
  return [version.scheme, version.prefix, version.release.join('.')].join('|');
}
