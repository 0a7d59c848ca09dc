/**
 * Platforms: `linux/arm64/v8` text to `Platform` and back, and matching a wanted platform.
 *
 * Owns: the `Platform` type, `formatPlatform`, `parsePlatform`, `matchesPlatform`,
 * `isAttestationPlatform`. May import: nothing. Must not: do I/O.
 */

/** An OS/architecture pair (`linux/arm64/v8`), as in image indexes and image configs. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** Result of parsing a platform: a platform, or the reason the text is not one. */
export type ParsedPlatform = { ok: true; platform: Platform } | { ok: false; reason: string };

const COMPONENT = /^[a-z0-9_.-]+$/i;

/** The platform freshbase reads dates from when none is asked for. */
export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

/** Formats `os/architecture[/variant]`: `linux/arm64/v8`. */
export function formatPlatform(platform: Platform): string {
  const variant = platform.variant === undefined || platform.variant === '' ? '' : `/${platform.variant}`;
  return `${platform.os}/${platform.architecture}${variant}`;
}

/** Parses `os/architecture[/variant]` (`linux/amd64`, `linux/arm/v7`). Never throws. */
export function parsePlatform(text: string): ParsedPlatform {
  const parts = text.trim().split('/');
  if (parts.length < 2 || parts.length > 3) {
    return { ok: false, reason: `platform "${text}" is not os/architecture[/variant]` };
  }
  if (!parts.every((part) => COMPONENT.test(part))) {
    return { ok: false, reason: `platform "${text}" has an empty part or characters outside [A-Za-z0-9_.-]` };
  }
  const [os = '', architecture = '', variant] = parts.map((part) => part.toLowerCase());
  return { ok: true, platform: variant === undefined ? { os, architecture } : { os, architecture, variant } };
}

/** The variant an architecture has when none is written (`arm64` is `v8`). */
function effectiveVariant(platform: Platform): string | undefined {
  if (platform.variant !== undefined && platform.variant !== '') return platform.variant;
  return platform.architecture === 'arm64' ? 'v8' : undefined;
}

/**
 * Whether `candidate` satisfies `wanted`: same os and architecture, and the same variant
 * when `wanted` names one (`arm64` without variant equals `arm64/v8`).
 */
export function matchesPlatform(wanted: Platform, candidate: Platform): boolean {
  if (wanted.os !== candidate.os || wanted.architecture !== candidate.architecture) return false;
  const variant = effectiveVariant(wanted);
  return variant === undefined || variant === effectiveVariant(candidate);
}

/** Whether an index entry is a build attestation (`unknown/unknown`), not an image. */
export function isAttestationPlatform(platform: Platform): boolean {
  return platform.os === 'unknown' && platform.architecture === 'unknown';
}
