/**
 * The two security assessments, run on ports (the SBOM reader and the OSV client):
 * what a bump fixes (both images' SBOMs → package delta → one OSV lookup → classification),
 * and how many known vulnerabilities an image carries now (for the dashboard).
 *
 * Cost: per image, one attestation-manifest GET (a counted pull on Docker Hub) and one blob
 * GET, both cached by digest; per bump, one `querybatch` (plus pages) and one `vulns/{id}`
 * per vulnerability not cached. Call `assessBump` only for references that became a proposal,
 * and only when the repository asks for it.
 *
 * Owns: `assessBump`, `assessImage`.
 * May import: sbom, osv, security/*. Must not: call fetch (ports do), throw (failures are reports).
 */
import { computePackageDelta, type SbomResult } from '../sbom/index.js';
import { buildBumpQueries, buildImageQueries, classifyVulnerabilities, countOpenVulnerabilities } from './classify.js';
import type { ImageLocation, OpenVulnerabilities, SecurityPorts, SecurityReport } from './types.js';

function readOne(ports: SecurityPorts, image: ImageLocation): Promise<SbomResult> {
  return ports.sbom.read({
    source: image.source,
    digest: image.digest,
    ...(ports.platform === undefined ? {} : { platform: ports.platform }),
  });
}

function failure(result: SbomResult): string | undefined {
  if (result.status === 'invalid' || result.status === 'unavailable') return result.reason;
  return undefined;
}

/** What moving from `current` to `proposed` changes in OS packages and known vulnerabilities. */
export async function assessBump(
  ports: SecurityPorts,
  images: { current: ImageLocation; proposed: ImageLocation },
): Promise<SecurityReport> {
  const [current, proposed] = await Promise.all([readOne(ports, images.current), readOne(ports, images.proposed)]);
  const reason = failure(current) ?? failure(proposed);
  if (reason !== undefined) return { status: 'sbom-unreadable', reason };
  if (current.status !== 'found' || proposed.status !== 'found') {
    const missing: ('current' | 'proposed')[] = [];
    if (current.status !== 'found') missing.push('current');
    if (proposed.status !== 'found') missing.push('proposed');
    return { status: 'no-sbom', missing };
  }
  const delta = computePackageDelta(current.sbom, proposed.sbom);
  const queries = buildBumpQueries(delta);
  const lookup =
    queries.length === 0
      ? { status: 'ok' as const, ids: new Map(), details: new Map(), skipped: { queries: 0, details: 0 } }
      : await ports.osv.lookup(queries);
  return { status: 'compared', delta, vulnerabilities: classifyVulnerabilities(delta, lookup) };
}

/** The known vulnerabilities of one image's OS packages. */
export async function assessImage(ports: SecurityPorts, image: ImageLocation): Promise<OpenVulnerabilities> {
  const result = await readOne(ports, image);
  if (result.status === 'none') return { status: 'no-sbom' };
  if (result.status !== 'found') return { status: 'unavailable', reason: result.reason };
  const queries = buildImageQueries(result.sbom);
  const lookup =
    queries.length === 0
      ? { status: 'ok' as const, ids: new Map(), details: new Map(), skipped: { queries: 0, details: 0 } }
      : await ports.osv.lookup(queries);
  return countOpenVulnerabilities(result.sbom, lookup);
}
