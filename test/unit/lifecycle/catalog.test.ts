import { describe, expect, it } from 'vitest';
import { parseRepoConfig } from '../../../src/config/parse-repo-config.js';
import { deprecationOf, describeDeprecation, judgeLineUpgrade, lifecycleOf } from '../../../src/lifecycle/index.js';
import { day, pinnedCatalog, reference } from './pinned.js';

const ACME = `
lifecycle:
  products:
    - product: acme-base
      image: ghcr.io/acme/base
      cycles:
        - { cycle: "1", releaseDate: 2024-01-15, eol: 2026-01-31 }
        - { cycle: 2, lts: true, releaseDate: 2025-01-10, eol: 2027-01-01 }
        - { cycle: "3", releaseDate: 2026-06-01 }
    - product: python
      image: ghcr.io/acme/python
    - product: debian
      cycles:
        - { cycle: "11", eol: 2027-06-30 }
`;

const catalog = pinnedCatalog(parseRepoConfig(ACME).lifecycle.products);

describe('lifecycle/catalog', () => {
  it("reads a repository's own product for its image", () => {
    const before = lifecycleOf({ catalog, ...reference('ghcr.io/acme/base:1.4-slim'), now: day('2026-03-01') }) ?? [];
    const after = lifecycleOf({ catalog, ...reference('ghcr.io/acme/base:1.4-slim'), now: day('2026-06-01') }) ?? [];

    expect(before[0]).toMatchObject({ product: 'acme-base', cycle: '1', eol: '2026-01-31', state: 'eol', rule: 'newest', newest: '2' });
    expect(after[0]?.newest).toBe('3');
  });

  it("applies the upgrade rules to a repository's own LTS line", () => {
    const { image } = reference('ghcr.io/acme/base:2.0');

    expect(judgeLineUpgrade({ catalog, image, from: '2.0', to: '3.0', now: day('2026-07-01') })).toMatchObject({
      verdict: 'reject',
      reason: 'not-lts',
      note: 'acme-base 3 is not an LTS line',
    });
  });

  it('maps an image to a shipped product', () => {
    const lines = lifecycleOf({ catalog, ...reference('ghcr.io/acme/python:3.11-slim-bookworm'), now: day('2026-03-01') }) ?? [];

    expect(lines.map(({ product, cycle }) => `${product} ${cycle}`)).toEqual(['python 3.11', 'debian 12']);
  });

  it('corrects a shipped line and keeps its other fields', () => {
    const [line] = lifecycleOf({ catalog, ...reference('debian:11-slim'), now: day('2026-09-01') }) ?? [];

    expect(line).toMatchObject({ product: 'debian', cycle: '11', eol: '2027-06-30', releaseDate: '2021-08-14', state: 'supported' });
    expect(lifecycleOf({ catalog: pinnedCatalog(), ...reference('debian:11-slim'), now: day('2026-09-01') })?.[0]?.state).toBe('eol');
  });

  it('names deprecated images and their successors, and no others', () => {
    const { image } = reference('openjdk:17-jdk-slim');
    const deprecation = deprecationOf(image);

    expect(deprecation?.successors).toEqual(['eclipse-temurin', 'amazoncorretto']);
    expect(deprecation === undefined ? undefined : describeDeprecation(image, deprecation)).toBe(
      'openjdk is deprecated upstream (since 2022-07); use eclipse-temurin or amazoncorretto',
    );
    expect(deprecationOf(reference('eclipse-temurin:17').image)).toBeUndefined();
    expect(deprecationOf(reference('ghcr.io/acme/openjdk:17').image)).toBeUndefined();
  });
});
