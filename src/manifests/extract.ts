/**
 * Manifest extraction: every image a Kubernetes manifest, Helm values file, Compose file,
 * workflow or dev container configuration names, as typed `ImageRef`s.
 *
 * Owns: reading those formats (the only user of `jsonc-parser`; `yaml` with source tokens).
 * May import: oci/, refs/, util/, yaml, jsonc-parser. Must not: do I/O, throw,
 * re-serialise a document (edits go through refs/' `applyEdits`).
 */
import type { ImageRef } from '../refs/index.js';
import { extractComposeRefs } from './compose.js';
import { extractDevcontainerRefs } from './devcontainer.js';
import { extractHelmValuesRefs } from './helm.js';
import { extractKubernetesRefs } from './kubernetes.js';
import { DEFAULT_MANIFEST_LIMITS, type ManifestFile, type ManifestLimits } from './types.js';
import { extractWorkflowRefs } from './workflow.js';

/** Extracts the image references of one manifest, read as its `kind`. Never throws. */
export function extractManifestRefs(file: ManifestFile, limits: ManifestLimits = DEFAULT_MANIFEST_LIMITS): ImageRef[] {
  switch (file.kind) {
    case 'kubernetes':
      return extractKubernetesRefs(file.path, file.text, limits);
    case 'helm':
      return extractHelmValuesRefs(file.path, file.text, { ...(file.chart === undefined ? {} : { chart: file.chart }), limits });
    case 'compose':
      return extractComposeRefs(file.path, file.text, limits);
    case 'workflow':
      return extractWorkflowRefs(file.path, file.text, limits);
    case 'devcontainer':
      return extractDevcontainerRefs(file.path, file.text, limits);
  }
}
