/**
 * Text from files and registries made safe for a terminal: escape sequences (CSI, OSC, DCS and
 * the two-character ones), C0 and C1 controls and bidirectional overrides are removed, and a
 * line break or tab inside a value becomes a space, so a value can neither drive the terminal
 * nor fake a line of output. The CLI writes its own newlines around the values.
 */

// ESC followed by: CSI (`[` params intermediates final), OSC / DCS / SOS / PM / APC (up to BEL
// or ST, or the end), or one intermediate-and-final pair. Each part is a run of one character
// class, so matching is linear.
// eslint-disable-next-line no-control-regex -- finding control characters is this module's job
const ESCAPE_SEQUENCE = /\u001b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[ -/]*[0-~]?)/g;
const SPACES = /[\t\n\r\v\f\u0085\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex -- finding control characters is this module's job
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Characters a terminal could take as controls (C1, bidirectional marks, line separators), as
// JSON `\u` escapes: JSON.stringify escapes C0 itself, and a parser reads the same value back.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `text` without anything a terminal would interpret; white-space controls become spaces. */
export function sanitizeForTerminal(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(SPACES, ' ').replace(CONTROLS, '');
}

/** JSON text with the characters a terminal could interpret written as `\u` escapes (same value). */
export function escapeJsonForTerminal(json: string): string {
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
