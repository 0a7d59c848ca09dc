import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseMarker, renderMarker, replaceMarker } from '../../../src/util/markers.js';

const State = z.object({ name: z.string(), at: z.string().optional() });

describe('util/markers', () => {
  it('renders sorted keys and escapes what could end the comment', () => {
    const marker = renderMarker('pr', { name: 'a--b --> <x>', at: '2026-01-02' });

    expect(marker).toBe('<!-- freshbase:pr {"at":"2026-01-02","name":"a-\\u002db -\\u002d\\u003e \\u003cx\\u003e"} -->');
    expect(parseMarker(`text\n\n${marker}`, 'pr', State)).toEqual({ name: 'a--b --> <x>', at: '2026-01-02' });
  });

  it('reads markers written by both earlier renderers', () => {
    // The pull request renderer escaped "--" and "<", ">" anywhere; the rebuild renderer escaped "-", "<", ">" inside strings.
    const fromPulls = '<!-- freshbase:pr {"name":"a-\\u002db","at":"x"} -->';
    const fromRebuilds = '<!-- freshbase:pr {"at":"2026\\u002d01\\u002d02","name":"\\u003cb\\u003e"} -->';

    expect(parseMarker(fromPulls, 'pr', State)).toEqual({ name: 'a--b', at: 'x' });
    expect(parseMarker(fromRebuilds, 'pr', State)).toEqual({ name: '<b>', at: '2026-01-02' });
  });

  it.each([
    ['absent', 'no marker here'],
    ['of another kind', '<!-- freshbase:dashboard {"name":"x"} -->'],
    ['not JSON', '<!-- freshbase:pr {"name": -->'],
    ['not matching the schema', '<!-- freshbase:pr {"name":1} -->'],
    ['unterminated', '<!-- freshbase:pr {"name":"x"}'],
  ])('reads a marker that is %s as no state', (_name, body) => {
    expect(parseMarker(body, 'pr', State)).toBeNull();
  });

  it('reads the last marker of a kind: a copy pasted above the real one does not count', () => {
    const forged = renderMarker('pr', { name: 'forged' });
    const real = renderMarker('pr', { name: 'real' });

    const body = `quoted from elsewhere: ${forged}\n\ntext\n\n${real}`;

    expect(parseMarker(body, 'pr', State)).toEqual({ name: 'real' });
    expect(replaceMarker(body, 'pr', { name: 'new' })).toBe(
      `quoted from elsewhere: ${forged}\n\ntext\n\n<!-- freshbase:pr {"name":"new"} -->`,
    );
  });

  it('reads nothing longer than the limit it is given', () => {
    const body = renderMarker('pr', { name: 'x'.repeat(100) });

    expect(parseMarker(body, 'pr', State, 50)).toBeNull();
    expect(parseMarker(body, 'pr', State, 200)).toEqual({ name: 'x'.repeat(100) });
  });

  it('replaces a marker in place, or appends one', () => {
    const body = `before\n${renderMarker('pr', { name: 'old' })}\nafter`;

    expect(replaceMarker(body, 'pr', { name: 'new' })).toBe('before\n<!-- freshbase:pr {"name":"new"} -->\nafter');
    expect(replaceMarker('text', 'pr', { name: 'new' })).toBe('text\n\n<!-- freshbase:pr {"name":"new"} -->');
  });
});
