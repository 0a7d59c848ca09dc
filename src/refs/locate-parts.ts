/**
 * Where the tag and the digest stand in image reference text, without validating them.
 *
 * May import: nothing. Must not: do I/O.
 */

/** Character ranges of the tag and of the digest (without `:` and `@`) in reference text. */
export function locateParts(raw: string): { tagRange: [number, number] | null; digestRange: [number, number] | null } {
  const at = raw.indexOf('@');
  const nameEnd = at < 0 ? raw.length : at;
  const digestRange: [number, number] | null = at < 0 ? null : [at + 1, raw.length];
  const slash = raw.lastIndexOf('/', nameEnd - 1);
  const colon = raw.lastIndexOf(':', nameEnd - 1);
  const tagRange: [number, number] | null = colon > slash ? [colon + 1, nameEnd] : null;
  return { tagRange, digestRange };
}
