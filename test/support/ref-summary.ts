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
