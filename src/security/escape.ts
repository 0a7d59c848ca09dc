/**
 * Making untrusted identifiers (package names and versions from SBOMs anyone can publish,
 * ids from OSV) safe in pull request bodies, HTML comments and workflow inputs.
 *
 * Identifiers are reduced to the characters Debian, Alpine and OSV identifiers use
 * (`A-Z a-z 0-9 . _ + ~ : -`), capped in length, and shown as code spans: no `|` to break a
 * table, no backtick to end the span, no `<`/`>` to open HTML or close a comment, no `@` to
 * mention, no `[`, `(` or `#` to link, and inside a code span no autolink happens.
 *
 * Owns: `safeIdentifier`, `codeIdentifier`.
 * May import: nothing. Must not: do I/O.
 */

const ALLOWED = /[^A-Za-z0-9._+~:-]/g;
const MAX_LENGTH = 80;

/** The identifier with every other character replaced by `?`, cut to 80 characters (`…` marks a cut). */
export function safeIdentifier(text: string): string {
  const cleaned = text.replace(ALLOWED, '?');
  return cleaned.length > MAX_LENGTH ? `${cleaned.slice(0, MAX_LENGTH - 1)}…` : cleaned === '' ? '?' : cleaned;
}

/** The identifier as a Markdown code span. */
export function codeIdentifier(text: string): string {
  return `\`${safeIdentifier(text)}\``;
}
