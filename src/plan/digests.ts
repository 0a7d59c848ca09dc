/**
 * Digest rules: which kind of digest a reference pins (an index, or one platform's
 * manifest), the digest of that kind for another tag, and never moving backwards.
 */
import { formatPlatform, matchesPlatform, type Platform } from '../oci/platform.js';
import type { FactsReader, Known } from './facts-reader.js';
import type { TagFacts } from './types.js';

/** What a pinned digest pins: the tag's own digest (an index for multi-platform images), or one platform's manifest. */
export type DigestKind = { kind: 'index' } | { kind: 'platform'; platform: Platform };

/**
 * Finds what `digest` is: the tag's own digest, one of its platform manifests, or (from its own
 * manifest, read only when the tag's index does not say) either.
 */
export function classifyDigest(digest: string, current: TagFacts, reader: FactsReader): Known<DigestKind> {
  if (digest === current.digest || current.kind !== 'index') return { state: 'known', value: { kind: 'index' } };
  const entry = current.entries.find((e) => e.digest === digest);
  if (entry !== undefined) return { state: 'known', value: { kind: 'platform', platform: entry.platform } };
  const own = reader.pinned(digest);
  // A pinned digest the registry no longer has is taken as an index: nothing says otherwise.
  if (own.state === 'failed' && own.failure.notFound) return { state: 'known', value: { kind: 'index' } };
  if (own.state !== 'known') return own;
  const first = own.value.entries[0];
  return {
    state: 'known',
    value: own.value.kind === 'image' && first !== undefined ? { kind: 'platform', platform: first.platform } : { kind: 'index' },
  };
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
 * Whether moving from the pinned image (built at `pinnedBuilt`) to one built at `next` would go
 * backwards: the pinned image was built later than what the registry reports now (a stale
 * mirror, for example).
 */
export function isBackwards(pinnedBuilt: Date | undefined, next: Date | undefined): boolean {
  return pinnedBuilt !== undefined && next !== undefined && pinnedBuilt.getTime() > next.getTime();
}

/** `sha256:0123456789ab` — a short digest for messages. */
export function shortDigest(digest: string): string {
  const [algorithm, hex = ''] = digest.split(':');
  return `${algorithm ?? ''}:${hex.slice(0, 12)}`;
}
