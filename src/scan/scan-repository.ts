/**
 * The scan: the one place that knows the order of the pipeline, shared by the CLI and the app
 * up to publishing.
 *
 * Owns: sequencing read files → extract → registry facts → plan, handing each stage the
 * value the previous one returned. May import every lower layer.
 * Must not: know where files come from (GitHub or disk), read GitHub (declined versions come
 * in with the job), or publish anything.
 */
import type { ImageRef } from '../refs/index.js';
import { repositoryKey } from '../oci/reference.js';
import { isImageIgnored, planReference, planRepository, type PlanPolicy, type Proposal, type RefFacts } from '../plan/index.js';
import { buildCatalog, type ReleaseLineData } from '../lifecycle/index.js';
import { ConfigError } from '../util/errors.js';
import { assessPlanSecurity } from './assess-security.js';
import { createFactsGatherer, planWithRegistry, type FactsGatherer } from './gather-facts.js';
import type { RegistryPort, RepoSource, ScanProgress, SecurityPort, SourceFile } from './ports.js';
import { extractFileRefs, listBuiltImages, readRepoFiles } from './read-files.js';
import type { BaseImage, ScanJob, ScanResult } from './types.js';

/** What a scan talks to. */
export interface ScanDeps<F extends SourceFile = SourceFile> {
  source: RepoSource<F>;
  registry: RegistryPort;
  now: () => Date;
  progress?: (event: ScanProgress) => void;
  /** Assess what each update fixes (step 6): the app always, the CLI with `--security`. @default not assessed */
  security?: SecurityPort;
  /** The release-line data planning judges by. @default the shipped data (`src/lifecycle/release-lines.json`) */
  releaseLines?: ReleaseLineData;
}

/**
 * Scans one repository and plans it: the plan, with the files it was made from.
 * Throws only what the source throws besides `ConfigError` (an invalid config is data).
 */
export async function scanRepository<F extends SourceFile>(job: ScanJob, deps: ScanDeps<F>): Promise<ScanResult<F>> {
  const scannedAt = deps.now();
  // 1. The repository's config; an invalid one ends the scan with the error as data.
  let config;
  try {
    config = await deps.source.readConfig();
  } catch (error: unknown) {
    if (!(error instanceof ConfigError)) throw error;
    return { ...emptyResult<F>(job, scannedAt), configError: error };
  }
  // 2. The files: Dockerfiles and manifests as the config's `files` key says, and workflows where the source has them.
  const { read, skipped } = await readRepoFiles(deps.source, config);
  const workflows = (await deps.source.listWorkflows?.()) ?? [];
  // 3. Their image references, and the images the repository's own workflows build.
  const references = read.flatMap(extractFileRefs);
  const files = read.map((entry) => entry.file);
  const catalog = buildCatalog({
    overrides: config.lifecycle.products,
    ...(deps.releaseLines === undefined ? {} : { data: deps.releaseLines }),
  });
  const policy = { ...config, builtRepositories: listBuiltImages(files, workflows), catalog };
  deps.progress?.({ phase: 'files', files: files.length, references: references.length });
  // 4. Registry facts and proposals: each repository's tags once, then, per reference, the lookups the
  //    planner asks for (newest candidate first, stopping at the first it accepts) until it decides.
  const gatherer = createFactsGatherer(deps.registry);
  const planned = await planAll(references, gatherer, { policy, now: scannedAt }, deps.progress);
  const proposals = planned.map((p) => p.proposal);
  // 5. The repository's plan: declined versions dropped, update groups.
  const plan = planRepository({ proposals, declined: job.declined ?? [] });
  // 6. What each update fixes, when asked: both images' SBOM attestations and OSV, by update (I/O, after planning).
  const byRef = new Map(references.map((ref, i) => [ref, planned[i]?.facts ?? null]));
  const security =
    deps.security === undefined ? undefined : await assessPlanSecurity({ proposals: plan.proposals, facts: byRef, policy }, deps.security);
  return {
    ...plan,
    job,
    config,
    files,
    workflows,
    skippedFiles: skipped,
    references,
    scannedAt: scannedAt.toISOString(),
    baseImages: listBaseImages(
      references,
      planned.map((p) => p.facts),
    ),
    ...(security === undefined ? {} : { security }),
  };
}

function emptyResult<F extends SourceFile>(job: ScanJob, scannedAt: Date): ScanResult<F> {
  return {
    ...planRepository({ proposals: [], declined: job.declined ?? [] }),
    job,
    files: [],
    workflows: [],
    skippedFiles: [],
    references: [],
    scannedAt: scannedAt.toISOString(),
    baseImages: [],
  };
}

function listBaseImages(refs: readonly ImageRef[], facts: readonly (RefFacts | null)[]): BaseImage[] {
  return refs.flatMap((ref, i) => {
    const tag = ref.name?.tag;
    // Only what Dockerfiles build on: a manifest runs its image, a rebuild changes nothing there.
    if (ref.name === null || tag === undefined || ref.source === 'syntax' || ref.kind !== 'dockerfile') return [];
    const known = facts[i]?.byTag.get(tag) ?? facts[i]?.tagDigests?.get(tag);
    const digest = known?.ok === true ? (typeof known.value === 'string' ? known.value : known.value.digest) : null;
    return [{ file: ref.file, image: `${repositoryKey(ref.name)}:${tag}`, digest }];
  });
}

async function planAll(
  refs: readonly ImageRef[],
  gatherer: FactsGatherer,
  options: { policy: PlanPolicy; now: Date },
  progress?: (event: ScanProgress) => void,
): Promise<{ proposal: Proposal; facts: RefFacts | null }[]> {
  // Tag lists first, once per repository (an image the config ignores needs none).
  const named = refs.filter((ref) => ref.name !== null && ref.problem === undefined && !isImageIgnored(options.policy, ref.name));
  const repositories = new Map(named.map((ref) => [repositoryKey(ref.name ?? { registry: '', repository: '' }), ref.name]));
  let done = 0;
  await Promise.all(
    [...repositories.values()].map(async (name) => {
      if (name !== null) await gatherer.tags(name);
      progress?.({ phase: 'tags', done: ++done, total: repositories.size });
    }),
  );
  let looked = 0;
  return Promise.all(
    refs.map(async (ref) => {
      const ignored = ref.name !== null && ref.problem === undefined && isImageIgnored(options.policy, ref.name);
      const planned = ignored
        ? { proposal: planReference({ ref, facts: null, ...options }), facts: null }
        : await planWithRegistry({ ref, ...options }, gatherer);
      progress?.({ phase: 'lookups', done: ++looked, total: refs.length });
      return planned;
    }),
  );
}
