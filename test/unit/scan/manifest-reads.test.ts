import { describe, expect, it } from 'vitest';
import { discoverManifests } from '../../../src/manifests/index.js';
import { MANIFEST_READ_LIMITS, selectManifestReads } from '../../../src/scan/manifest-reads.js';

const PATHS = [
  'a-deploy.yaml',
  'b-deploy.yaml',
  'charts/app/Chart.yaml',
  'charts/app/values.yaml',
  'charts/app/values-prod.yaml',
  'compose.yaml',
  '.github/workflows/ci.yml',
];

describe('scan/manifest-reads', () => {
  it('reads everything within the default limits, in path order, each chart once', () => {
    const selection = selectManifestReads(discoverManifests(PATHS), () => 100);

    expect(selection.read.map((c) => `${c.kind} ${c.path}`)).toEqual([
      'workflow .github/workflows/ci.yml',
      'kubernetes a-deploy.yaml',
      'kubernetes b-deploy.yaml',
      'helm charts/app/values-prod.yaml',
      'helm charts/app/values.yaml',
      'compose compose.yaml',
    ]);
    expect(selection.charts).toEqual(['charts/app/Chart.yaml']);
    expect(selection.skipped).toEqual([]);
  });

  it('reads files named for their kind before Kubernetes candidates when the count runs out, a chart counting as a file', () => {
    const limits = { ...MANIFEST_READ_LIMITS, maxFiles: 5 };

    const selection = selectManifestReads(discoverManifests(PATHS), () => 100, limits);

    // workflow (1), values-prod.yaml with its chart (2), values.yaml (1), compose.yaml (1): five files.
    expect(selection.read.map((c) => c.path)).toEqual([
      '.github/workflows/ci.yml',
      'charts/app/values-prod.yaml',
      'charts/app/values.yaml',
      'compose.yaml',
    ]);
    expect(selection.skipped).toEqual([
      { path: 'a-deploy.yaml', reason: 'more than 5 manifest files in the repository; not read' },
      { path: 'b-deploy.yaml', reason: 'more than 5 manifest files in the repository; not read' },
    ]);
  });

  it('skips a file over the size limit and stops at the byte budget, naming each limit', () => {
    const sizes: Record<string, number> = { 'a-deploy.yaml': 2_000_000, 'b-deploy.yaml': 900, 'compose.yaml': 600 };
    const limits = { maxFiles: 100, maxBytes: 1000, maxFileBytes: 1_000_000 };

    const selection = selectManifestReads(
      discoverManifests(['a-deploy.yaml', 'b-deploy.yaml', 'compose.yaml']),
      (path) => sizes[path],
      limits,
    );

    expect(selection.read.map((c) => c.path)).toEqual(['compose.yaml']);
    expect(selection.skipped).toEqual([
      { path: 'a-deploy.yaml', reason: 'file is 2000000 bytes, larger than 1000000' },
      { path: 'b-deploy.yaml', reason: 'manifest files over 1000 bytes in all; not read' },
    ]);
  });

  it('does not read a Chart.yaml over the file size limit (its values files are read without it)', () => {
    const selection = selectManifestReads(discoverManifests(['charts/app/Chart.yaml', 'charts/app/values.yaml']), (path) =>
      path.endsWith('Chart.yaml') ? 5_000_000 : 10,
    );

    expect(selection.read.map((c) => c.path)).toEqual(['charts/app/values.yaml']);
    expect(selection.charts).toEqual([]);
  });
});
