/**
 * Step 6 of a scan, when the caller asks for it: what each update fixes (the OS packages that
 * change between the image a reference runs now and the one it is bumped to, and the
 * vulnerabilities that closes or opens), and the known vulnerabilities of the images in use.
 * The results travel as explicit values in `ScanResult.security`.
 *
 * Cost and bounds: only images that become a proposal are read. Per image, one
 * attestation-manifest GET (a counted pull on Docker Hub; the index is served from the cache
 * the scan filled, except on Docker Hub's API path where it is one more) and one blob GET, both
 * cached by digest; per image pair one OSV `querybatch`. Identical pairs are assessed once;
 * at most `SECURITY_LIMITS.bumps` pairs and `SECURITY_LIMITS.images` current images per scan.
 * Every failure is a report (`sbom-unreadable`, vulnerability data unavailable), never an error;
 * once OSV fails, the rest of the scan does not wait on it again.
 *
 * Owns: `assessPlanSecurity`, `assessDigestChange`, `SECURITY_LIMITS`.
 * May import: oci, plan (types), registry (`createContentSource`), security, scan/*.
 * Must not: decide what to propose, or throw.
 */
import { parseImageName } from '../oci/reference.js';
import { DEFAULT_PLATFORM, matchesPlatform, parsePlatform, type Platform } from '../oci/platform.js';
import type { OsvLookup, OsvQuery } from '../osv/index.js';
import type { PlanPolicy, Proposal, RefFacts, Update } from '../plan/index.js';
import type { ImageRef } from '../refs/index.js';
import { createContentSource } from '../registry/index.js';
import { assessBump, assessImage, type OpenVulnerabilities, type SecurityPorts, type SecurityReport } from '../security/index.js';
import type { SecurityPort } from './ports.js';
import { listBumpPairs, listCurrentImages, type ImageAt } from './security-pairs.js';
import type { ScanSecurity } from './types.js';

/** Per-scan bounds of the security step. */
export interface SecurityLimits {
  /** Distinct current → proposed image pairs assessed per scan (each up to two counted pulls cold). @default 10 */
  bumps: number;
  /** Distinct current images whose known vulnerabilities the dashboard shows, per scan. @default 10 */
  images: number;
  /** Assessments run at once. @default 4 */
  concurrency: number;
}

/** The default bounds. */
export const SECURITY_LIMITS: SecurityLimits = { bumps: 10, images: 10, concurrency: 4 };

/** Why an update whose images are not known by digest was not assessed. */
const UNLOCATED = 'the digest of the current or the proposed image is not known';

function beyondLimit(bumps: number): string {
  return `only the first ${bumps} image pairs of a scan are compared`;
}

/** An OSV port that stops asking once OSV failed: one timeout per scan, not one per pair. */
function withBreaker(osv: SecurityPort['osv']): SecurityPorts['osv'] {
  let down: Extract<OsvLookup, { status: 'unavailable' }> | undefined;
  return {
    async lookup(queries: readonly OsvQuery[]): Promise<OsvLookup> {
      if (down !== undefined) return down;
      const answer = await osv.lookup(queries);
      if (answer.status === 'unavailable') down = answer;
      return answer;
    },
  };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index];
      if (item !== undefined) results[index] = await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

function portsFor(port: SecurityPort, osv: SecurityPorts['osv'], platform: Platform): SecurityPorts {
  return { sbom: port.sbom, osv, platform };
}

function locate(port: SecurityPort, image: Omit<ImageAt, 'platform'>): { source: ReturnType<typeof createContentSource>; digest: string } {
  return { source: createContentSource(port.content, image.name), digest: image.digest };
}

/** The platform a rebuild's SBOMs are read for: linux/amd64 unless the config's `platforms` leave it out, then the first. */
function rebuildPlatform(platforms: readonly string[] | undefined): Platform {
  const parsed = (platforms ?? []).flatMap((text) => {
    const result = parsePlatform(text);
    return result.ok ? [result.platform] : [];
  });
  if (parsed.length === 0 || parsed.some((platform) => matchesPlatform(DEFAULT_PLATFORM, platform))) return DEFAULT_PLATFORM;
  return parsed[0] ?? DEFAULT_PLATFORM;
}

/** Input of `assessPlanSecurity`: the plan's proposals and the facts each reference was planned from. */
export interface PlanSecurityInput {
  proposals: readonly Proposal[];
  facts: ReadonlyMap<ImageRef, RefFacts | null>;
  policy: PlanPolicy;
}

/** Assesses the plan's updates and the images in use, within the limits. Never throws. */
export async function assessPlanSecurity(input: PlanSecurityInput, port: SecurityPort): Promise<ScanSecurity> {
  const limits = { ...SECURITY_LIMITS, ...port.limits };
  const osv = withBreaker(port.osv);
  const { pairs, unlocated } = listBumpPairs(input);
  const assessed = pairs.slice(0, limits.bumps);
  const unassessed = new Map<Update, string>(unlocated.map((update) => [update, UNLOCATED]));
  for (const pair of pairs.slice(limits.bumps)) for (const update of pair.updates) unassessed.set(update, beyondLimit(limits.bumps));
  const reports = await mapLimited(assessed, limits.concurrency, (pair) =>
    assessBump(portsFor(port, osv, pair.platform), {
      current: locate(port, { name: pair.name, digest: pair.current }),
      proposed: locate(port, { name: pair.name, digest: pair.proposed }),
    }),
  );
  const bumps = new Map<Update, SecurityReport>();
  assessed.forEach((pair, i) => {
    const report = reports[i];
    if (report !== undefined) for (const update of pair.updates) bumps.set(update, report);
  });
  const images = listCurrentImages(input);
  const counted = images.slice(0, limits.images);
  const open = await mapLimited(counted, limits.concurrency, (image) =>
    assessImage(portsFor(port, osv, image.platform), locate(port, image)),
  );
  const current = new Map<ImageRef, OpenVulnerabilities>();
  counted.forEach((image, i) => {
    const result = open[i];
    if (result !== undefined) for (const ref of image.refs) current.set(ref, result);
  });
  return { bumps, unassessed, current, skipped: { bumps: pairs.length - assessed.length, images: images.length - counted.length } };
}

/**
 * What an upstream rebuild of one tag changed (the digest recorded at the last rebuild → the
 * one it points at now), for a rebuild's `reason` input. `image` is a full name with tag
 * (`docker.io/library/python:3.12-slim`). Never throws: an unparsable name is `sbom-unreadable`.
 */
export async function assessDigestChange(
  port: SecurityPort,
  change: { image: string; from: string; to: string; platforms?: readonly string[] },
): Promise<SecurityReport> {
  const parsed = parseImageName(change.image);
  if (!parsed.ok) return { status: 'sbom-unreadable', reason: parsed.reason };
  const name = parsed.name;
  return assessBump(portsFor(port, port.osv, rebuildPlatform(change.platforms)), {
    current: locate(port, { name, digest: change.from }),
    proposed: locate(port, { name, digest: change.to }),
  });
}
