/** Public surface of the manifest layer (see extract.ts for what it owns). */
export { extractManifestRefs } from './extract.js';
export { extractComposeRefs } from './compose.js';
export { extractDevcontainerRefs } from './devcontainer.js';
export { extractHelmValuesRefs, readAppVersion, type HelmValuesOptions } from './helm.js';
export { extractKubernetesRefs, mayBeKubernetes } from './kubernetes.js';
export { extractWorkflowRefs } from './workflow.js';
export { discoverManifests, isManifestTriggerPath, type ManifestCandidate, type ManifestDiscoveryOptions } from './discover.js';
export { DEFAULT_MANIFEST_LIMITS, MANIFEST_KINDS, type ManifestFile, type ManifestKind, type ManifestLimits } from './types.js';
