import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractImageRefs } from '../../../src/dockerfile/index.js';
import { summarizeRef, type RefSummary } from '../../support/ref-summary.js';

const directory = new URL('../../../fixtures/dockerfiles/real/', import.meta.url);
const slugs = readdirSync(directory)
  .filter((name) => name.endsWith('.Dockerfile'))
  .map((name) => name.slice(0, -'.Dockerfile'.length));

function sortSummaries(list: RefSummary[]): RefSummary[] {
  return [...list].sort((a, b) => a.line - b.line);
}

describe('dockerfile/extract on real-world Dockerfiles', () => {
  it('has at least 25 fixtures', () => {
    expect(slugs.length).toBeGreaterThanOrEqual(25);
  });

  it.each(slugs)('%s yields the references written down by hand', (slug) => {
    const text = readFileSync(new URL(`${slug}.Dockerfile`, directory), 'utf8');
    const expected = JSON.parse(readFileSync(new URL(`${slug}.expected.json`, directory), 'utf8')) as RefSummary[];

    const found = extractImageRefs(`${slug}.Dockerfile`, text).map(summarizeRef);

    expect(sortSummaries(found)).toEqual(sortSummaries(expected));
  });
});
