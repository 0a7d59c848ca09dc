/**
 * Package URLs as Syft (BuildKit's SBOM generator) writes them, read with packageurl-js:
 * OS packages (`pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&upstream=openssl&distro=debian-12`,
 * `pkg:apk/alpine/libssl3@3.3.2-r0?arch=x86_64&upstream=openssl&distro=alpine-3.20.3`) and the
 * language runtimes its binary and JVM catalogers report (`pkg:generic/python@3.11.11`,
 * `pkg:generic/oracle/openjdk@17.0.13%2B11`, `pkg:generic/node@20.18.1`, `pkg:golang/stdlib@1.23.4`).
 *
 * Owns: `parseOsPackagePurl`, `parseRuntimePurl`, `parseDistro`, the runtime purl table.
 * May import: packageurl-js, sbom/types. Must not: do I/O.
 */
import { PackageURL } from 'packageurl-js';
import type { Distro, OsPackage, OsPackageType, Runtime, RuntimeName } from './types.js';

const OS_TYPES: ReadonlySet<string> = new Set<OsPackageType>(['deb', 'apk', 'rpm']);

/** `namespace/name` (or `name`) of `pkg:generic` and other purls → the runtime it names. */
const RUNTIME_PURLS: Readonly<Record<string, RuntimeName>> = {
  'generic:python': 'python',
  'generic:oracle/openjdk': 'openjdk',
  'generic:oracle/jdk': 'openjdk',
  'generic:oracle/jre': 'openjdk',
  'generic:azul/zulu': 'openjdk',
  'generic:node': 'node',
  'generic:go': 'go',
  'golang:stdlib': 'go',
  'generic:ruby': 'ruby',
  'generic:php-cli': 'php',
  'generic:php-fpm': 'php',
  'generic:rust': 'rust',
  'generic:erlang': 'erlang',
};

function parse(purl: string): PackageURL | undefined {
  try {
    return PackageURL.fromString(purl);
  } catch {
    return undefined; // not a purl the spec accepts: the package is not reported
  }
}

/** `debian-12` → `{ id: 'debian', versionId: '12' }`; `alpine-3.20.3`; `ubuntu-24.04`; `debian` → versionId ''. */
export function parseDistro(value: string | undefined): Distro | undefined {
  if (value === undefined || value === '') return undefined;
  const match = /^([a-z][a-z0-9._+]*?)(?:-(\d[\w.]*))?$/i.exec(value.trim());
  if (match === null) return undefined;
  return { id: (match[1] ?? '').toLowerCase(), versionId: match[2] ?? '' };
}

/** Splits Syft's `upstream` qualifier: `openssl` or `shadow@1:4.13+dfsg1-1` (name and source version). */
function parseUpstream(value: string | undefined): { name?: string; version?: string } {
  if (value === undefined || value === '') return {};
  const at = value.indexOf('@');
  if (at < 0) return { name: value };
  return { name: value.slice(0, at), version: value.slice(at + 1) };
}

/** An OS package from a `deb`, `apk` or `rpm` purl, or undefined for anything else. */
export function parseOsPackagePurl(purl: string): OsPackage | undefined {
  const parsed = parse(purl);
  if (parsed === undefined || !OS_TYPES.has(parsed.type) || parsed.version === undefined || parsed.version === '') return undefined;
  const qualifiers = parsed.qualifiers ?? {};
  const upstream = parsed.type === 'rpm' ? {} : parseUpstream(qualifiers['upstream']);
  const pkg: OsPackage = {
    type: parsed.type as OsPackageType,
    name: parsed.name,
    version: parsed.version,
    sourceName: upstream.name ?? parsed.name,
    sourceVersion: upstream.version ?? parsed.version,
    purl,
  };
  const arch = qualifiers['arch'];
  if (arch !== undefined && arch !== '') pkg.arch = arch;
  const distro =
    parseDistro(qualifiers['distro']) ?? (parsed.namespace === undefined ? undefined : { id: parsed.namespace, versionId: '' });
  if (distro !== undefined) pkg.distro = distro;
  return pkg;
}

/** A language runtime from a purl Syft gives interpreters and JDKs, or undefined. */
export function parseRuntimePurl(purl: string): Runtime | undefined {
  const parsed = parse(purl);
  if (parsed?.version === undefined || parsed.version === '') return undefined;
  const key = `${parsed.type}:${parsed.namespace === undefined ? '' : `${parsed.namespace}/`}${parsed.name}`;
  const name = RUNTIME_PURLS[key];
  if (name === undefined) return undefined;
  const version = name === 'go' ? parsed.version.replace(/^(go|v)/, '') : parsed.version;
  return { name, version, purl };
}
