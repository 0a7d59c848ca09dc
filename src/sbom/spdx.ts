/**
 * Reading an in-toto statement whose predicate is an SPDX 2.x JSON document (what BuildKit's
 * Syft-based SBOM generator writes) into OS packages and language runtimes.
 *
 * Owns: `parseSpdxStatement`. Packages are found by their `PACKAGE-MANAGER` purl external
 * reference (SPDX 2.3; `PACKAGE_MANAGER` in 2.2); names and versions come from the purl.
 * May import: zod, sbom/{purl,types,attestation}. Must not: do I/O.
 */
import { z } from 'zod';
import { SPDX_PREDICATE_TYPE } from './attestation.js';
import { parseOsPackagePurl, parseRuntimePurl } from './purl.js';
import type { Distro, ImageSbom, OsPackage, Runtime } from './types.js';

const ExternalRef = z.object({ referenceCategory: z.string(), referenceType: z.string(), referenceLocator: z.string() });
const SpdxPackage = z.object({ externalRefs: z.array(ExternalRef).max(1000).optional() });
const SpdxDocument = z.object({
  spdxVersion: z.string().regex(/^SPDX-2\.\d+$/, 'is not SPDX 2.x'),
  packages: z.array(z.unknown()).optional(),
});
const Statement = z.object({ _type: z.string().optional(), predicateType: z.string(), predicate: z.unknown() });

/** The outcome of reading one in-toto blob. */
export type SpdxParse =
  { kind: 'spdx'; sbom: ImageSbom } | { kind: 'other-predicate'; predicateType: string } | { kind: 'invalid'; reason: string };

function purlOf(pkg: z.infer<typeof SpdxPackage>): string | undefined {
  return pkg.externalRefs?.find(
    (ref) => ref.referenceType === 'purl' && (ref.referenceCategory === 'PACKAGE-MANAGER' || ref.referenceCategory === 'PACKAGE_MANAGER'),
  )?.referenceLocator;
}

function distroKey(distro: Distro): string {
  return `${distro.id}-${distro.versionId}`;
}

/** The distribution most packages name (ties: the first seen). */
function mainDistro(packages: readonly OsPackage[]): Distro | undefined {
  const counts = new Map<string, { distro: Distro; count: number }>();
  for (const pkg of packages) {
    if (pkg.distro === undefined) continue;
    const entry = counts.get(distroKey(pkg.distro)) ?? { distro: pkg.distro, count: 0 };
    entry.count += 1;
    counts.set(distroKey(pkg.distro), entry);
  }
  let best: { distro: Distro; count: number } | undefined;
  for (const entry of counts.values()) if (best === undefined || entry.count > best.count) best = entry;
  return best?.distro;
}

function addUnique<T extends { purl: string }>(list: T[], seen: Set<string>, item: T): void {
  if (seen.has(item.purl)) return;
  seen.add(item.purl);
  list.push(item);
}

/** Collects OS packages (up to `maxPackages`) and runtimes from SPDX packages; duplicates by purl are dropped. */
function collect(entries: readonly unknown[], maxPackages: number): ImageSbom {
  const packages: OsPackage[] = [];
  const runtimes: Runtime[] = [];
  const seen = new Set<string>();
  let truncated = false;
  for (const entry of entries) {
    const parsed = SpdxPackage.safeParse(entry);
    const purl = parsed.success ? purlOf(parsed.data) : undefined;
    if (purl === undefined || purl.length > 2048) continue;
    const runtime = parseRuntimePurl(purl);
    if (runtime !== undefined) {
      addUnique(runtimes, seen, runtime);
      continue;
    }
    const pkg = parseOsPackagePurl(purl);
    if (pkg === undefined) continue;
    if (packages.length >= maxPackages) {
      truncated = true;
      break;
    }
    addUnique(packages, seen, pkg);
  }
  const sbom: ImageSbom = { packages, runtimes, truncated };
  const distro = mainDistro(packages);
  if (distro !== undefined) sbom.distro = distro;
  return sbom;
}

/**
 * Reads an in-toto statement (JSON text) and, when its predicate is an SPDX document, the
 * OS packages and runtimes in it. Never throws: bad JSON or a bad shape is `invalid`.
 */
export function parseSpdxStatement(text: string, options: { maxPackages: number }): SpdxParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'the in-toto statement is not valid JSON' };
  }
  const statement = Statement.safeParse(json);
  if (!statement.success) return { kind: 'invalid', reason: 'the blob is not an in-toto statement' };
  if (statement.data.predicateType !== SPDX_PREDICATE_TYPE) return { kind: 'other-predicate', predicateType: statement.data.predicateType };
  const document = SpdxDocument.safeParse(statement.data.predicate);
  if (!document.success) return { kind: 'invalid', reason: 'the SPDX predicate is not an SPDX 2.x JSON document' };
  return { kind: 'spdx', sbom: collect(document.data.packages ?? [], options.maxPackages) };
}
