import { describe, expect, it } from 'vitest';
import { MAX_MARKER_LENGTH, parseRebuildMarker, renderRebuildMarker } from '../../../src/rebuild/marker.js';
import type { RebuildState } from '../../../src/rebuild/types.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const STATE: RebuildState = {
  '.github/workflows/build.yml': {
    at: '2026-11-16T03:04:05.000Z',
    digests: { 'docker.io/library/python:3.11-slim': DIGEST },
    runId: 123456789,
    conclusion: 'success',
  },
  '.github/workflows/release.yml@release/1.x': { at: '2026-11-02T03:00:00Z', digests: {} },
};

function body(marker: string): string {
  return `## freshbase dashboard\n\nSome text.\n\n${marker}\n`;
}

describe('rebuild/marker', () => {
  it('round-trips the state through an issue body', () => {
    const marker = renderRebuildMarker(STATE);

    expect(parseRebuildMarker(body(marker))).toEqual(STATE);
  });

  it('renders one hidden comment whose content cannot close it', () => {
    const marker = renderRebuildMarker({ 'a--b>c': { at: '2026-11-16T03:04:05Z', digests: {} } });

    expect(marker).toMatch(/^<!-- freshbase:rebuild \{.*\} -->$/);
    expect(marker.slice(4, -3)).not.toMatch(/--|>/);
  });

  it('renders the same text for the same state in any key order', () => {
    const reordered = Object.fromEntries(Object.entries(STATE).reverse());

    expect(renderRebuildMarker(reordered)).toBe(renderRebuildMarker(STATE));
  });

  it.each([
    ['no marker', '## dashboard'],
    ['a marker that is not JSON', '<!-- freshbase:rebuild {"a": -->'],
    ['a record that is not one', '<!-- freshbase:rebuild {"x":1} -->'],
    ['a date that is not ISO 8601', `<!-- freshbase:rebuild {"w.yml":{"at":"yesterday","digests":{}}} -->`],
    ['a digest that is not one', `<!-- freshbase:rebuild {"w.yml":{"at":"2026-11-16T03:04:05Z","digests":{"python":"sha256:beef"}}} -->`],
    ['a negative run id', `<!-- freshbase:rebuild {"w.yml":{"at":"2026-11-16T03:04:05Z","digests":{},"runId":-1}} -->`],
    ['a prototype key', `<!-- freshbase:rebuild {"__proto__":{"at":"2026-11-16T03:04:05Z","digests":{}}} -->`],
    ['a key with markup', `<!-- freshbase:rebuild {"<script>":{"at":"2026-11-16T03:04:05Z","digests":{}}} -->`],
    [
      'an oversized marker',
      `<!-- freshbase:rebuild {"w.yml":{"at":"2026-11-16T03:04:05Z","digests":{},"pad":"${'x'.repeat(MAX_MARKER_LENGTH)}"}} -->`,
    ],
  ])('reads %s as the empty state', (_name, text) => {
    expect(parseRebuildMarker(body(text))).toEqual({});
  });

  it('reads a marker a person re-spaced', () => {
    const marker = `<!--freshbase:rebuild   {"w.yml":{"at":"2026-11-16T03:04:05Z","digests":{}}}-->`;

    expect(parseRebuildMarker(marker)).toEqual({ 'w.yml': { at: '2026-11-16T03:04:05Z', digests: {} } });
  });

  it('drops unknown fields of an entry', () => {
    const marker = `<!-- freshbase:rebuild {"w.yml":{"at":"2026-11-16T03:04:05Z","digests":{},"extra":true}} -->`;

    expect(parseRebuildMarker(marker)).toEqual({ 'w.yml': { at: '2026-11-16T03:04:05Z', digests: {} } });
  });
});
