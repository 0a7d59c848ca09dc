/**
 * The one table of update types: every kind of change freshbase proposes, imported by the
 * config schema, planning, the pull request markers and the CLI's JSON.
 *
 * Owns: `UPDATE_TYPES`, `UpdateType`, `VersionStep`, `compareUpdateTypes`.
 * May import: nothing. Must not: do I/O.
 */

/**
 * Every update type, in the order the README and the config list them:
 * `patch`, `minor`, `major` (a newer tag, by the first release part that changes),
 * `digest` (the same tag rebuilt upstream, for a reference pinned by digest),
 * `pin` (a digest added to a reference that has none),
 * `os` (the same version on a newer OS release: `alpine3.19` → `alpine3.21`).
 */
export const UPDATE_TYPES = ['patch', 'minor', 'major', 'digest', 'pin', 'os'] as const;

/** One kind of update. */
export type UpdateType = (typeof UPDATE_TYPES)[number];

/** The size of a version step between two tags of one family. */
export type VersionStep = Extract<UpdateType, 'patch' | 'minor' | 'major'>;

/** How big a change each type is for a maintainer (a group is labelled with its biggest). */
const SIZE: Readonly<Record<UpdateType, number>> = { pin: 0, digest: 1, patch: 2, os: 3, minor: 4, major: 5 };

/** Negative when `a` is a smaller change than `b`, 0 when the same, positive when bigger. */
export function compareUpdateTypes(a: UpdateType, b: UpdateType): number {
  return SIZE[a] - SIZE[b];
}
