/**
 * The one table of operating-system release codenames and their versions (Debian,
 * Ubuntu), oldest first. The tag parser reads it to recognize OS words, planning to
 * order OS variants, lifecycle/ to find the release line an OS part names.
 * Pure data and lookups; versions as the distributions number them (`12`, `22.04`).
 */

/** An OS family whose releases are named by codename. */
export type CodenameFamily = 'debian' | 'ubuntu';

/** One release: `{ family: 'debian', codename: 'bookworm', version: '12' }`. */
export interface OsRelease {
  readonly family: CodenameFamily;
  /** The word tags use, lower case (`bookworm`, `jammy`). */
  readonly codename: string;
  /** The release number (`12`, `22.04`); null for a channel that never gets one (`sid`). */
  readonly version: string | null;
}

const debian = (codename: string, version: string | null): OsRelease => ({ family: 'debian', codename, version });
const ubuntu = (codename: string, version: string): OsRelease => ({ family: 'ubuntu', codename, version });

/**
 * Debian and Ubuntu releases, oldest first within each family. Debian's numbers are
 * the ones the project announced (`forky` will be 14); `sid` is unstable for ever.
 */
export const OS_RELEASES: readonly OsRelease[] = [
  debian('squeeze', '6'),
  debian('wheezy', '7'),
  debian('jessie', '8'),
  debian('stretch', '9'),
  debian('buster', '10'),
  debian('bullseye', '11'),
  debian('bookworm', '12'),
  debian('trixie', '13'),
  debian('forky', '14'),
  debian('sid', null),
  ubuntu('lucid', '10.04'),
  ubuntu('precise', '12.04'),
  ubuntu('quantal', '12.10'),
  ubuntu('raring', '13.04'),
  ubuntu('saucy', '13.10'),
  ubuntu('trusty', '14.04'),
  ubuntu('utopic', '14.10'),
  ubuntu('vivid', '15.04'),
  ubuntu('wily', '15.10'),
  ubuntu('xenial', '16.04'),
  ubuntu('yakkety', '16.10'),
  ubuntu('zesty', '17.04'),
  ubuntu('artful', '17.10'),
  ubuntu('bionic', '18.04'),
  ubuntu('cosmic', '18.10'),
  ubuntu('disco', '19.04'),
  ubuntu('eoan', '19.10'),
  ubuntu('focal', '20.04'),
  ubuntu('groovy', '20.10'),
  ubuntu('hirsute', '21.04'),
  ubuntu('impish', '21.10'),
  ubuntu('jammy', '22.04'),
  ubuntu('kinetic', '22.10'),
  ubuntu('lunar', '23.04'),
  ubuntu('mantic', '23.10'),
  ubuntu('noble', '24.04'),
  ubuntu('oracular', '24.10'),
  ubuntu('plucky', '25.04'),
  ubuntu('questing', '25.10'),
  ubuntu('resolute', '26.04'),
];

const BY_CODENAME: ReadonlyMap<string, OsRelease> = new Map(OS_RELEASES.map((release) => [release.codename, release]));

/** The release a codename names (`bookworm` → Debian 12), case-insensitive; undefined for other words. */
export function findOsRelease(codename: string): OsRelease | undefined {
  return BY_CODENAME.get(codename.toLowerCase());
}

/** The codenames of one family, oldest first. */
export function codenamesOf(family: CodenameFamily): string[] {
  return OS_RELEASES.filter((release) => release.family === family).map((release) => release.codename);
}

/** The release of a family with a given version (`debian`, `12` → bookworm); undefined when none. */
export function findOsReleaseByVersion(family: CodenameFamily, version: string): OsRelease | undefined {
  return OS_RELEASES.find((release) => release.family === family && release.version === version);
}

/** An OS family whose releases freshbase can order. */
export type OsFamily = 'alpine' | CodenameFamily;

/** The OS family of the OS part of a tag (`alpine3.19`, `bookworm`, `jammy`), or null (also for `sid`, which is no release). */
export function osFamily(os: string | undefined): OsFamily | null {
  if (os === undefined) return null;
  if (/^alpine\d/.test(os)) return 'alpine';
  const release = BY_CODENAME.get(os);
  return release === undefined || release.version === null ? null : release.family;
}

/** Order of OS releases inside a family (higher is newer); -1 for an OS part of no known family. */
export function osRank(os: string): number {
  const alpine = /^alpine(\d+)\.(\d+)/.exec(os);
  if (alpine !== null) return Number(alpine[1]) * 1000 + Number(alpine[2]);
  const release = BY_CODENAME.get(os);
  if (release === undefined || release.version === null) return -1;
  return codenamesOf(release.family).indexOf(os);
}
