import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractManifestRefs, type ManifestKind } from '../../../src/manifests/index.js';
import { summarizeManifestRef, type ManifestRefSummary } from '../../support/ref-summary.js';

const root = new URL('../../../fixtures/manifests/', import.meta.url);
const KINDS: readonly ManifestKind[] = ['kubernetes', 'helm', 'compose', 'workflow', 'devcontainer'];

interface Fixture {
  kind: ManifestKind;
  /** Path under fixtures/manifests/<kind>/. */
  path: string;
}

/** Every fixture file: `<kind>/<slug>.<ext>` and, for Helm, `helm/<chart>/values.yaml`. */
function listFixtures(): Fixture[] {
  return KINDS.flatMap((kind) =>
    readdirSync(new URL(`${kind}/`, root), { recursive: true, encoding: 'utf8' })
      .filter((path) => /\.(ya?ml|json)$/.test(path) && !path.endsWith('.expected.json') && !path.endsWith('Chart.yaml'))
      .map((path) => ({ kind, path: path.split('\\').join('/') })),
  ).sort((a, b) => (a.kind + a.path < b.kind + b.path ? -1 : 1));
}

function read(kind: ManifestKind, path: string): string {
  return readFileSync(new URL(`${kind}/${path}`, root), 'utf8');
}

/** A found summary, its reason cut down to the expected part when it holds it. */
function matchReason(found: ManifestRefSummary, expected: ManifestRefSummary | undefined): ManifestRefSummary {
  const part = expected?.reason;
  return part !== null && part !== undefined && found.reason?.includes(part) === true ? { ...found, reason: part } : found;
}

const fixtures = listFixtures();

describe('manifests/extract on real-world files', () => {
  it('has at least 30 fixtures, covering every kind', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    expect(new Set(fixtures.map((fixture) => fixture.kind))).toEqual(new Set(KINDS));
  });

  it.each(fixtures.map((fixture) => [`${fixture.kind}/${fixture.path}`, fixture] as const))(
    '%s yields the references written down by hand',
    (_name, { kind, path }) => {
      const chartPath = path.replace(/[^/]+$/, 'Chart.yaml');
      const chart =
        kind === 'helm' && existsSync(new URL(`${kind}/${chartPath}`, root)) ? { path: chartPath, text: read(kind, chartPath) } : undefined;
      const expected = JSON.parse(read(kind, path.replace(/\.(ya?ml|json)$/, '.expected.json'))) as ManifestRefSummary[];

      const found = extractManifestRefs({ path, kind, text: read(kind, path), ...(chart === undefined ? {} : { chart }) }).map(
        summarizeManifestRef,
      );

      expect(found.map((summary, index) => matchReason(summary, expected[index]))).toEqual(expected);
    },
  );
});
