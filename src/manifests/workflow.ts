/**
 * GitHub Actions workflows: `jobs.<id>.container` (a string or `image:`),
 * `jobs.<id>.services.<name>.image` and `uses: docker://image` steps. Expressions
 * (`${{ matrix.image }}`) are unresolvable.
 */
import { sliceMapped, type ImageRef } from '../refs/index.js';
import { DEFAULT_MANIFEST_LIMITS, type ManifestLimits } from './types.js';
import { extractYaml, refFromScalar, refFromValue } from './yaml-ref.js';
import { readScalar } from './yaml-scalar.js';
import { entries, field, items, scalarText, type Entry, type YamlContext } from './yaml-tree.js';

const DOCKER_PREFIX = 'docker://';

/** Extracts the image references of a workflow file. Never throws. */
export function extractWorkflowRefs(file: string, text: string, limits: ManifestLimits = DEFAULT_MANIFEST_LIMITS): ImageRef[] {
  return extractYaml({
    file,
    kind: 'workflow',
    text,
    limits,
    visit: (ctx, root, out) => {
      const jobs = field(ctx, root, 'jobs');
      if (jobs === undefined) return;
      for (const job of entries(ctx, jobs)) visitJob(ctx, job, out);
    },
    reportBroken: () => true,
  });
}

function visitJob(ctx: YamlContext, job: Entry, out: ImageRef[]): void {
  const base = `jobs.${job.key}`;
  const container = field(ctx, job, 'container');
  if (container !== undefined) {
    const image = scalarText(container.node) === null ? field(ctx, container, 'image') : container;
    const path = image === container ? `${base}.container` : `${base}.container.image`;
    const ref =
      image === undefined
        ? null
        : refFromScalar(ctx, image, { source: 'workflow-container', path, rule: 'github', instructionLine: image.keyLine });
    if (ref !== null) out.push(ref);
  }
  const services = field(ctx, job, 'services');
  for (const service of services === undefined ? [] : entries(ctx, services)) {
    const image = field(ctx, service, 'image');
    const path = `${base}.services.${service.key}.image`;
    const ref =
      image === undefined
        ? null
        : refFromScalar(ctx, image, { source: 'workflow-service', path, rule: 'github', instructionLine: image.keyLine });
    if (ref !== null) out.push(ref);
  }
  const steps = field(ctx, job, 'steps');
  for (const [index, step] of (steps === undefined ? [] : items(ctx, steps)).entries()) {
    const uses = field(ctx, step, 'uses');
    const read = uses === undefined ? null : readScalar(ctx.lines, uses.node);
    if (uses === undefined || read === null || !read.value.text.startsWith(DOCKER_PREFIX)) continue;
    const value = sliceMapped(read.value, DOCKER_PREFIX.length);
    const meta = {
      source: 'docker-uses' as const,
      path: `${base}.steps[${index}].uses`,
      rule: 'github' as const,
      instructionLine: uses.keyLine,
      anchor: uses.anchor,
    };
    out.push(refFromValue(ctx, read, value, meta));
  }
}
