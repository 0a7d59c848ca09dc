/**
 * Content digests: the `sha256:`/`sha512:` form registries use, and computing one over bytes.
 *
 * Owns: `DIGEST`, `isDigest`, `computeDigest`. May import: node:crypto. Must not: do I/O.
 */
import { createHash } from 'node:crypto';

/** A full digest: `sha256:` and 64 hex digits, or `sha512:` and 128. */
export const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/** Whether `text` is a full sha256 or sha512 digest. */
export function isDigest(text: string): boolean {
  return DIGEST.test(text);
}

/** The digest of bytes, in the algorithm of `like` (sha256 unless `like` is sha512). */
export function computeDigest(body: Uint8Array, like = 'sha256:'): string {
  const algorithm = like.startsWith('sha512:') ? 'sha512' : 'sha256';
  return `${algorithm}:${createHash(algorithm).update(body).digest('hex')}`;
}
