import { describe, expect, it } from 'vitest';
import { parseNextLink } from '../../../src/registry/tags.js';

describe('registry/tags', () => {
  it.each([
    ['</v2/library/python/tags/list?last=3.9&n=100>; rel="next"', '/v2/library/python/tags/list?last=3.9&n=100'],
    ['<https://ghcr.io/v2/o/a/tags/list?last=x&n=0>; rel=next', 'https://ghcr.io/v2/o/a/tags/list?last=x&n=0'],
    ['</prev>; rel="prev", </next?a=1>; rel="next"', '/next?a=1'],
    ['</p>; type="text/plain"; rel="other next"', '/p'],
    ['</p>;rel="NEXT"', '/p'],
  ])('finds the next page in %s', (header, next) => {
    expect(parseNextLink(header)).toBe(next);
  });

  it.each([[null], [''], ['</prev>; rel="prev"'], ['garbage']])('finds no next page in %s', (header) => {
    expect(parseNextLink(header)).toBeUndefined();
  });
});
