import { describe, expect, it } from 'vitest';
import { decideRebuild, type DecideRebuildInput } from '../../../src/rebuild/decide.js';
import type { LastRebuild, RebuildTargetPlan } from '../../../src/rebuild/types.js';

const PYTHON = 'docker.io/library/python:3.11-slim';
const NODE = 'docker.io/library/node:20-alpine';
const A = `sha256:abcd${'0'.repeat(60)}`;
const B = `sha256:ef01${'1'.repeat(60)}`;
const C = `sha256:c0de${'2'.repeat(60)}`;
const D = `sha256:d00d${'3'.repeat(60)}`;
const NOW = new Date('2026-11-25T03:00:00Z');
const WEEK = 7 * 86_400_000;

const TARGET: RebuildTargetPlan = {
  workflow: 'build.yml',
  path: '.github/workflows/build.yml',
  key: '.github/workflows/build.yml',
  inputs: {},
  acceptsInputs: [],
  dockerfiles: ['Dockerfile'],
};

function last(at: string, digests: Record<string, string>): LastRebuild {
  return { at, digests };
}

function decide(overrides: Partial<DecideRebuildInput>): ReturnType<typeof decideRebuild> {
  return decideRebuild({
    target: TARGET,
    baseImages: [{ image: PYTHON, digest: A }],
    when: 'changed',
    maxAgeMs: WEEK,
    now: NOW,
    ...overrides,
  });
}

describe('rebuild/decide', () => {
  it.each<[string, Partial<DecideRebuildInput>, { dispatch: boolean; reason: string; changed: string[] }]>([
    ['no rebuild yet', {}, { dispatch: true, reason: 'first rebuild', changed: [] }],
    [
      'a base image digest changed',
      { baseImages: [{ image: PYTHON, digest: B }], last: last('2026-11-23T03:00:00Z', { [PYTHON]: A }) },
      { dispatch: true, reason: 'python:3.11-slim was rebuilt upstream (sha256:abcd… → sha256:ef01…)', changed: [PYTHON] },
    ],
    [
      'two base images changed',
      {
        baseImages: [
          { image: PYTHON, digest: B },
          { image: NODE, digest: D },
        ],
        last: last('2026-11-23T03:00:00Z', { [PYTHON]: A, [NODE]: C }),
      },
      {
        dispatch: true,
        reason:
          '2 base images were rebuilt upstream: python:3.11-slim (sha256:abcd… → sha256:ef01…), node:20-alpine (sha256:c0de… → sha256:d00d…)',
        changed: [PYTHON, NODE],
      },
    ],
    [
      'nothing changed and the last rebuild is recent',
      { last: last('2026-11-23T03:00:00Z', { [PYTHON]: A }) },
      { dispatch: false, reason: 'no base image changed since the last rebuild on 2026-11-23', changed: [] },
    ],
    [
      'the last rebuild is older than maxAge',
      { last: last('2026-11-16T03:00:00Z', { [PYTHON]: A }) },
      { dispatch: true, reason: 'last rebuild 9 days ago, older than 7d', changed: [] },
    ],
    [
      'the last rebuild is exactly maxAge old',
      { last: last('2026-11-18T03:00:00Z', { [PYTHON]: A }), maxAgeMs: WEEK },
      { dispatch: true, reason: 'last rebuild 7 days ago, older than 7d', changed: [] },
    ],
    [
      'the registry could not give a digest',
      { baseImages: [{ image: PYTHON, digest: null }], last: last('2026-11-23T03:00:00Z', { [PYTHON]: A }) },
      {
        dispatch: false,
        reason: 'no base image changed since the last rebuild on 2026-11-23 (could not check python:3.11-slim)',
        changed: [],
      },
    ],
    [
      'the registry could not give a digest but the last rebuild is old',
      { baseImages: [{ image: PYTHON, digest: null }], last: last('2026-11-10T03:00:00Z', { [PYTHON]: A }) },
      { dispatch: true, reason: 'last rebuild 15 days ago, older than 7d', changed: [] },
    ],
    [
      'a base image is new since the last rebuild',
      { baseImages: [{ image: NODE, digest: C }], last: last('2026-11-23T03:00:00Z', { [PYTHON]: A }) },
      { dispatch: false, reason: 'no base image changed since the last rebuild on 2026-11-23', changed: [] },
    ],
    [
      'maxAge is 0',
      { last: last('2025-01-01T00:00:00Z', { [PYTHON]: A }), maxAgeMs: 0 },
      { dispatch: false, reason: 'no base image changed since the last rebuild on 2025-01-01', changed: [] },
    ],
    [
      'rebuild: always',
      { when: 'always', last: last('2026-11-24T03:00:00Z', { [PYTHON]: A }) },
      { dispatch: true, reason: 'scheduled rebuild (rebuild: always)', changed: [] },
    ],
    [
      'rebuild: never, even when a digest changed',
      { when: 'never', baseImages: [{ image: PYTHON, digest: B }], last: last('2026-11-01T03:00:00Z', { [PYTHON]: A }) },
      { dispatch: false, reason: 'scheduled rebuilds are off (rebuild: never)', changed: [PYTHON] },
    ],
    [
      '/freshbase rebuild with rebuild: never',
      { when: 'never', force: true },
      { dispatch: true, reason: 'a rebuild was requested with /freshbase rebuild', changed: [] },
    ],
    [
      'a clock behind the last rebuild',
      { last: last('2026-11-26T03:00:00Z', { [PYTHON]: A }) },
      { dispatch: false, reason: 'no base image changed since the last rebuild on 2026-11-26', changed: [] },
    ],
  ])('%s', (_name, input, expected) => {
    expect(decide(input)).toEqual(expected);
  });

  it('writes an age under a day in hours and a maxAge in hours', () => {
    const decision = decide({ last: last('2026-11-24T15:00:00Z', { [PYTHON]: A }), maxAgeMs: 12 * 3_600_000 });

    expect(decision.reason).toBe('last rebuild 12 hours ago, older than 12h');
  });

  it('lists at most five changed images', () => {
    const images = Array.from({ length: 7 }, (_, i) => `docker.io/library/img${i}:1`);
    const lastDigests = Object.fromEntries(images.map((image) => [image, A]));

    const decision = decide({ baseImages: images.map((image) => ({ image, digest: B })), last: last('2026-11-24T03:00:00Z', lastDigests) });

    expect(decision.changed).toEqual(images);
    expect(decision.reason).toMatch(/^7 base images were rebuilt upstream: img0:1 .* img4:1 \(sha256:abcd… → sha256:ef01…\) and 2 more$/);
  });
});
