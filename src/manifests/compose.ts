/**
 * Compose files: `services.<name>.image` of services that do not `build:` (a service that
 * builds names its own result with `image:`). `${VAR:-default}` reads as its default;
 * `${VAR}` without one is unresolvable. Merge keys and anchors (`<<: *common`) are followed.
 */
import type { ImageRef } from '../refs/index.js';
import { DEFAULT_MANIFEST_LIMITS, type ManifestLimits } from './types.js';
import { extractYaml, refFromScalar } from './yaml-ref.js';
import { entries, field } from './yaml-tree.js';

/** Extracts the image references of a Compose file. Never throws. */
export function extractComposeRefs(file: string, text: string, limits: ManifestLimits = DEFAULT_MANIFEST_LIMITS): ImageRef[] {
  return extractYaml({
    file,
    kind: 'compose',
    text,
    limits,
    visit: (ctx, root, out) => {
      const services = field(ctx, root, 'services');
      if (services === undefined) return;
      for (const service of entries(ctx, services)) {
        const image = field(ctx, service, 'image');
        if (image === undefined || field(ctx, service, 'build') !== undefined) continue;
        const path = `services.${service.key}.image`;
        const ref = refFromScalar(ctx, image, { source: 'compose-service', path, rule: 'compose', instructionLine: image.keyLine });
        if (ref !== null) out.push(ref);
      }
    },
    reportBroken: () => true,
  });
}
