/**
 * OSV ecosystem names of the distributions SBOMs name (ossf/osv-schema "affected[].package":
 * `Debian:<release>`, `Ubuntu:<YY.MM>` with a mandatory `:LTS` suffix for LTS releases,
 * `Alpine:v<major.minor>`). Those ecosystems name packages by their source package.
 *
 * Owns: `osvEcosystem`.
 * May import: nothing. Must not: do I/O.
 */

/** A distribution as a purl's `distro` qualifier names it (`debian-12` → `{ id: 'debian', versionId: '12' }`). */
export interface DistroName {
  id: string;
  versionId: string;
}

/** Ubuntu LTS releases are the April releases of even years (`24.04`, `22.04`, ...). */
function isUbuntuLts(version: string): boolean {
  const match = /^(\d\d)\.04$/.exec(version);
  return match !== null && Number(match[1]) % 2 === 0;
}

/**
 * The OSV ecosystem for a distribution, or undefined when OSV has none freshbase can ask
 * about (an unknown distribution, or a release without a version such as Debian testing).
 */
export function osvEcosystem(distro: DistroName | undefined): string | undefined {
  if (distro === undefined) return undefined;
  const version = distro.versionId;
  switch (distro.id) {
    case 'debian': {
      const major = /^(\d+)/.exec(version)?.[1];
      return major === undefined ? undefined : `Debian:${major}`;
    }
    case 'ubuntu': {
      const release = /^(\d\d\.\d\d)/.exec(version)?.[1];
      if (release === undefined) return undefined;
      return isUbuntuLts(release) ? `Ubuntu:${release}:LTS` : `Ubuntu:${release}`;
    }
    case 'alpine': {
      const branch = /^(\d+\.\d+)/.exec(version)?.[1];
      return branch === undefined ? undefined : `Alpine:v${branch}`;
    }
    default:
      return undefined;
  }
}
