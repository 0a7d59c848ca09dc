/**
 * Untrusted text in what freshbase writes to GitHub (pull request bodies, the dashboard,
 * comments): the one place that makes a string from a Dockerfile, a manifest, a registry or
 * GitHub itself safe to put into Markdown. Every renderer of github/ goes through here.
 *
 * `text` keeps a value's characters visible and inert: no HTML (so no `<!--` that could fake a
 * hidden marker, no `-->` that could end one), no table cell break, no code span, emphasis,
 * link or image, no `@mention`, `#123` reference or autolink, no block started by its first
 * character. `code` shows a value as inline code when nothing in it can escape the span
 * (image names, tags, digests and most paths), and as `text` otherwise.
 *
 * Owns: `text`, `code`, `codeBlock`, `truncate`. May import: nothing. Must not: do I/O.
 */

/** Longest value shown by `text`, in characters, unless a caller says otherwise. @default 500 */
export const MAX_TEXT = 500;
/** Longest value shown by `code`, unless a caller says otherwise. @default 300 */
export const MAX_CODE = 300;

// C0 and C1 controls (line breaks and tabs become spaces first), bidirectional overrides and marks.
// eslint-disable-next-line no-control-regex -- finding control characters is this function's job
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const SPACES = /[\t\n\r\v\f\u0085\u2028\u2029]+/g;
// Markdown punctuation that starts or ends inline markup anywhere in a line.
const INLINE = /[\\`*_[\]|~$!]/g;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
// A zero-width space entity after `@`, `#` and `:` in `://`, and inside `www.`, stops mentions,
// issue references and autolinks from forming (the rendered text reads the same).
const ZWSP = '&#8203;';
// What a Markdown block can start with (after the spaces a list item or cell puts before it).
const BLOCK_START = /^(?:[-+=]|\d{1,9}[.)](?= |$))/;
// In a code span only these could escape: a backtick ends it, `|` ends a table cell, `<`, `>`
// could fake or end a hidden marker in the raw body, a line break ends the line.
// eslint-disable-next-line no-control-regex -- finding control characters is this function's job
const CODE_UNSAFE = /[`|<>\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/;

/** `value` cut to `max` characters (whole code points), `…` marking a cut. */
export function truncate(value: string, max: number): string {
  if (value.length <= max) return value;
  const points = Array.from(value);
  return points.length <= max ? value : `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Plain text, cut to `max` characters, that renders as exactly its characters and forms no markup. */
export function text(value: string, max: number = MAX_TEXT): string {
  // Only the start can be shown: a long value is cut before it is cleaned (controls removed may shorten it a little more).
  const start = value.length > 4 * max ? value.slice(0, 4 * max) : value;
  const flat = truncate(start.replace(SPACES, ' ').replace(CONTROLS, ''), max);
  return flat
    .replace(/[&<>]/g, (c) => ENTITIES[c] ?? c)
    .replace(INLINE, (c) => `\\${c}`)
    .replace(/[@#]/g, (c) => `${c}${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}${ZWSP}.`)
    .replace(BLOCK_START, (start) => `${start.slice(0, -1)}\\${start.slice(-1)}`);
}

/** Inline code of `value` (cut to `max`) when nothing in it can leave the span; `text(value)` otherwise. Empty stays empty. */
export function code(value: string, max: number = MAX_CODE): string {
  const cut = truncate(value, max);
  if (cut === '') return '';
  if (CODE_UNSAFE.test(cut) || cut.startsWith(' ') || cut.endsWith(' ')) return text(value, max);
  return `\`${cut}\``;
}

/**
 * A fenced code block of `lines` (untrusted text shown verbatim), indented by `indent`: its fence
 * is longer than any backtick run inside, control characters are removed, and `<!--` and `-->`
 * get a zero-width space inside, so nothing in it ends the block or reads as a hidden marker.
 */
export function codeBlock(lines: readonly string[], options: { language?: string; indent?: string } = {}): string[] {
  const clean = lines.map((line) =>
    line.replace(/\t/g, '  ').replace(CONTROLS, '').replace(/<!--/g, '<!-\u200b-').replace(/-->/g, '-\u200b->'),
  );
  const longest = Math.max(0, ...clean.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  const pad = options.indent ?? '';
  return [`${pad}${fence}${options.language ?? ''}`, ...clean.map((line) => `${pad}${line}`), `${pad}${fence}`];
}
