/**
 * Digest rules: which kind of digest a reference pins (an index, or one platform's
 * manifest), the digest of that kind for another tag, and never moving backwards.
 */
import { formatPlatform, matchesPlatform, type Platform } from '../oci/platform.js';
import type { Lookup, RefFacts, TagFacts } from './types.js';

/** What a pinned digest pins: the tag's own digest (an index for multi-platform images), or one platform's manifest. */
export type DigestKind = { kind: 'index' } | { kind: 'platform'; platform: Platform };

/** Finds what `digest` is: the tag's own digest, one of its platform manifests, or (from its own manifest) either. */
export function classifyDigest(digest: string, current: TagFacts, facts: RefFacts): DigestKind {
  if (digest === current.digest) return { kind: 'index' };
  const entry = current.entries.find((e) => e.digest === digest);
  if (entry !== undefined && current.kind === 'index') return { kind: 'platform', platform: entry.platform };
  const own = facts.byDigest.get(digest);
  if (own?.ok === true) {
    const first = own.value.entries[0];
    if (own.value.kind === 'image' && first !== undefined && current.kind === 'index')
      return { kind: 'platform', platform: first.platform };
  }
  return { kind: 'index' };
}

/** The digest of `target` in the kind the reference pins; null when the platform is gone. */
export function digestOfKind(kind: DigestKind, target: TagFacts): string | null {
  if (kind.kind === 'index' || target.kind === 'image') return target.digest;
  return target.entries.find((e) => matchesPlatform(kind.platform, e.platform))?.digest ?? null;
}

/** Describes a digest kind for reasons: `index` or `linux/arm64 manifest`. */
export function describeKind(kind: DigestKind): string {
  return kind.kind === 'index' ? 'index' : `${formatPlatform(kind.platform)} manifest`;
}

/**
 * Whether moving from `pinned` to a digest built at `next` would go backwards: the pinned
 * image was built later than what the registry reports now (a stale mirror, for example).
 */
export function isBackwards(pinned: Lookup<TagFacts> | undefined, next: Date | undefined): boolean {
  const pinnedBuilt = pinned?.ok === true ? pinned.value.created : undefined;
  return pinnedBuilt !== undefined && next !== undefined && pinnedBuilt.getTime() > next.getTime();
}

/** `sha256:0123456789ab` — a short digest for messages. */
export function shortDigest(digest: string): string {
  const [algorithm, hex = ''] = digest.split(':');
  return `${algorithm ?? ''}:${hex.slice(0, 12)}`;
}
