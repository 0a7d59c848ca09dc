/**
 * The one table of operating-system release names found in image tags: Debian and Ubuntu
 * codenames, oldest first, and how an OS part of a tag ranks inside its family.
 *
 * Owns: `DEBIAN_CODENAMES`, `UBUNTU_CODENAMES`, `osFamily`, `osRank`. May import: nothing.
 * Must not: do I/O. Lifecycle data (end-of-life dates per release) builds on these names.
 */

/** Debian release codenames, oldest first. `sid` (unstable) is a development channel, not a release. */
export const DEBIAN_CODENAMES: readonly string[] = [
  'squeeze',
  'wheezy',
  'jessie',
  'stretch',
  'buster',
  'bullseye',
  'bookworm',
  'trixie',
  'forky',
];

/** Ubuntu release codenames, oldest first. */
export const UBUNTU_CODENAMES: readonly string[] = [
  'lucid',
  'precise',
  'quantal',
  'raring',
  'saucy',
  'trusty',
  'utopic',
  'vivid',
  'wily',
  'xenial',
  'yakkety',
  'zesty',
  'artful',
  'bionic',
  'cosmic',
  'disco',
  'eoan',
  'focal',
  'groovy',
  'hirsute',
  'impish',
  'jammy',
  'kinetic',
  'lunar',
  'mantic',
  'noble',
  'oracular',
  'plucky',
  'questing',
];

/** An OS family whose releases freshbase can order. */
export type OsFamily = 'alpine' | 'debian' | 'ubuntu';

/** The OS family of the OS part of a tag (`alpine3.19`, `bookworm`, `jammy`), or null. */
export function osFamily(os: string | undefined): OsFamily | null {
  if (os === undefined) return null;
  if (/^alpine\d/.test(os)) return 'alpine';
  if (DEBIAN_CODENAMES.includes(os)) return 'debian';
  if (UBUNTU_CODENAMES.includes(os)) return 'ubuntu';
  return null;
}

/** Order of OS releases inside a family (higher is newer); -1 for an OS part of no known family. */
export function osRank(os: string): number {
  const alpine = /^alpine(\d+)\.(\d+)/.exec(os);
  if (alpine !== null) return Number(alpine[1]) * 1000 + Number(alpine[2]);
  const debian = DEBIAN_CODENAMES.indexOf(os);
  return debian >= 0 ? debian : UBUNTU_CODENAMES.indexOf(os);
}
