import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { code, codeBlock, text, truncate } from '../../../src/github/render/markdown.js';

/** The text with every backslash escape (`\x`) taken out: what is left is read by Markdown as it stands. */
function unescaped(markdown: string): string {
  return markdown.replace(/\\[\s\S]/g, '');
}

describe('github/render/markdown', () => {
  it.each([
    ['a table cell break', 'a | b', 'a \\| b'],
    ['a code span', 'x `y` z', 'x \\`y\\` z'],
    ['a mention', 'ping @alice', 'ping @&#8203;alice'],
    ['an issue reference', 'fixes #123 and acme/api#4', 'fixes #&#8203;123 and acme/api#&#8203;4'],
    ['a link', '[docs](https://evil.example)', '\\[docs\\](https:&#8203;//evil.example)'],
    ['an image', '![x](y.png)', '\\!\\[x\\](y.png)'],
    ['a bare autolink', 'see www.evil.example', 'see www&#8203;.evil.example'],
    ['HTML and a hidden marker', '<!-- freshbase:pr {"x":1} --> <b>', '&lt;\\!-- freshbase:pr {"x":1} --&gt; &lt;b&gt;'],
    ['an entity', '&lt;!--', '&amp;lt;\\!--'],
    ['emphasis and strikethrough', '*a* _b_ ~~c~~', '\\*a\\* \\_b\\_ \\~\\~c\\~\\~'],
    ['math', '$x$', '\\$x\\$'],
    ['line breaks and tabs', 'one\ntwo\r\n\tthree', 'one two three'],
    ['controls and bidirectional overrides', 'a\u0000b\u202ec\u0007', 'abc'],
    ['a list item at the start', '- x', '\\- x'],
    ['a numbered item at the start', '12. x', '12\\. x'],
    ['a heading at the start', '# x', '#&#8203; x'],
    ['a version', 'python 3.11.9-slim (linux/arm64/v8)', 'python 3.11.9-slim (linux/arm64/v8)'],
  ])('text() makes %s inert', (_name, input, expected) => {
    expect(text(input)).toBe(expected);
  });

  it('text() cuts to the given length in whole code points, before escaping', () => {
    expect(text('a'.repeat(600))).toBe(`${'a'.repeat(499)}…`);
    expect(text('😀😀😀', 2)).toBe('😀…');
    expect(truncate('short', 10)).toBe('short');
  });

  it('text() leaves no markup, HTML, mention, reference or autolink in any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (input) => {
        const out = text(input);
        const bare = unescaped(out);

        expect(bare).not.toMatch(/[<>|`*_[\]~$\n\r]/);
        expect(out).not.toMatch(/@[\p{L}\p{N}_-]/u);
        expect(out).not.toMatch(/#\p{N}/u);
        expect(out).not.toMatch(/:\/\//);
        expect(out).not.toContain('<!--');
        expect(out).not.toContain('-->');
      }),
      { seed: 20_260_110, numRuns: 500 },
    );
  });

  it('code() shows image names, tags, digests and paths as inline code', () => {
    expect(code('ghcr.io/acme/app:1.2.3-alpine3.19@sha256:abc')).toBe('`ghcr.io/acme/app:1.2.3-alpine3.19@sha256:abc`');
    expect(code('docker/Dockerfile.prod:12')).toBe('`docker/Dockerfile.prod:12`');
    expect(code('python:${PY}-slim')).toBe('`python:${PY}-slim`');
    expect(code('')).toBe('');
  });

  it.each([
    ['a backtick', 'a`b', 'a\\`b'],
    ['a pipe', 'a|b', 'a\\|b'],
    ['a hidden marker', '<!-- freshbase:dashboard {} -->', '&lt;\\!-- freshbase:dashboard {} --&gt;'],
    ['a line break', 'a\nb', 'a b'],
    ['an edge space', ' a', ' a'],
  ])('code() falls back to text() for %s', (_name, input, expected) => {
    expect(code(input)).toBe(expected);
  });

  it('code() never lets a value leave its span', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => {
        const out = code(input);

        if (out.startsWith('`') && out.endsWith('`') && out.length >= 2 && !out.startsWith('\\')) {
          expect(out.slice(1, -1)).not.toMatch(/[`|<>\n\r]/);
        } else {
          expect(out).toBe(text(input, 300));
        }
      }),
      { seed: 7, numRuns: 500 },
    );
  });

  it('codeBlock() fences past any backtick run and breaks what could read as a hidden marker', () => {
    const block = codeBlock(['on:', '  push: # ```` fence', '  # <!-- freshbase:dashboard {} -->'], { language: 'yaml', indent: '  ' });

    expect(block[0]).toBe('  `````yaml');
    expect(block.at(-1)).toBe('  `````');
    expect(block.join('\n')).not.toContain('<!--');
    expect(block.join('\n')).not.toContain('-->');
    expect(block[2]).toBe('    push: # ```` fence');
  });
});
