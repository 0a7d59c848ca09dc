/** Compact views of `ImageRef`s for assertions. */
import type { ImageRef } from '../../src/refs/index.js';

/** The fields fixtures' `.expected.json` files list. */
export interface RefSummary {
  line: number;
  source: string;
  registry: string | null;
  repository: string | null;
  tag: string | null;
  digest: string | null;
  stage: string | null;
  platform: string | null;
  problem: string | null;
}

/** Summarizes one reference the way expected-reference fixtures are written. */
export function summarizeRef(ref: ImageRef): RefSummary {
  return {
    line: ref.line,
    source: ref.source,
    registry: ref.name?.registry ?? null,
    repository: ref.name?.repository ?? null,
    tag: ref.name?.tag ?? null,
    digest: ref.name?.digest ?? null,
    stage: ref.stage ?? null,
    platform: ref.platform ?? null,
    problem: ref.problem?.kind ?? null,
  };
}

/** The fields manifest fixtures' `.expected.json` files list. */
export interface ManifestRefSummary {
  kind: string;
  line: number;
  source: string;
  /** `registry/repository`, or null when the reference has a problem. */
  image: string | null;
  tag: string | null;
  digest: string | null;
  problem: string | null;
  /** Expected: a part of the problem's reason or of `uneditable`; found: the whole text. */
  reason: string | null;
}

/** Summarizes one manifest reference the way its fixture is written. */
export function summarizeManifestRef(ref: ImageRef): ManifestRefSummary {
  return {
    kind: ref.kind,
    line: ref.line,
    source: ref.source,
    image: ref.name === null ? null : `${ref.name.registry}/${ref.name.repository}`,
    tag: ref.name?.tag ?? null,
    digest: ref.name?.digest ?? null,
    problem: ref.problem?.kind ?? null,
    reason: ref.problem?.reason ?? ref.uneditable ?? null,
  };
}
