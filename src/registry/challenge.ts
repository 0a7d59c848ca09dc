/**
 * Parsing `WWW-Authenticate` challenges (RFC 7235): `Bearer realm="…",service="…",scope="…"`,
 * `Basic realm="…"`, or several challenges in one header.
 *
 * Owns: `parseChallenges`, `Challenge`. May import: nothing. Must not: do I/O.
 */

/** One challenge: the scheme in lower case and its parameters (names in lower case). */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;
/** Unquoted values: RFC 7235 wants a token, but some servers send bare URLs; read to a comma. */
const BARE_VALUE = /[^,\s]*/y;

interface Cursor {
  text: string;
  at: number;
}

function skip(cursor: Cursor, pattern: RegExp): void {
  while (cursor.at < cursor.text.length && pattern.test(cursor.text.charAt(cursor.at))) cursor.at += 1;
}

function readToken(cursor: Cursor): string | undefined {
  TOKEN.lastIndex = cursor.at;
  const match = TOKEN.exec(cursor.text);
  if (match === null) return undefined;
  cursor.at += match[0].length;
  return match[0];
}

function readBare(cursor: Cursor): string {
  BARE_VALUE.lastIndex = cursor.at;
  const value = BARE_VALUE.exec(cursor.text)?.[0] ?? '';
  cursor.at += value.length;
  return value;
}

function readQuoted(cursor: Cursor): string {
  let value = '';
  cursor.at += 1;
  while (cursor.at < cursor.text.length) {
    const char = cursor.text.charAt(cursor.at);
    cursor.at += 1;
    if (char === '"') return value;
    if (char === '\\' && cursor.at < cursor.text.length) {
      value += cursor.text.charAt(cursor.at);
      cursor.at += 1;
    } else {
      value += char;
    }
  }
  return value;
}

/** Reads `name=value` if the cursor is at one; otherwise leaves the cursor where it was. */
function readParam(cursor: Cursor): [string, string] | undefined {
  const start = cursor.at;
  const name = readToken(cursor);
  skip(cursor, /[ \t]/);
  if (name === undefined || cursor.text.charAt(cursor.at) !== '=') {
    cursor.at = start;
    return undefined;
  }
  cursor.at += 1;
  skip(cursor, /[ \t]/);
  const value = cursor.text.charAt(cursor.at) === '"' ? readQuoted(cursor) : readBare(cursor);
  return [name.toLowerCase(), value];
}

/**
 * Parses every challenge of a `WWW-Authenticate` header value. Never throws: text that is
 * not a challenge is skipped. `token68` credentials (`Negotiate abc==`) are ignored.
 */
export function parseChallenges(header: string): Challenge[] {
  const cursor: Cursor = { text: header, at: 0 };
  const challenges: Challenge[] = [];
  let current: Challenge | undefined;
  while (cursor.at < cursor.text.length) {
    skip(cursor, /[\s,]/);
    const param = current === undefined ? undefined : readParam(cursor);
    if (param !== undefined && current !== undefined) {
      current.params[param[0]] = param[1];
      continue;
    }
    const scheme = readToken(cursor);
    if (scheme === undefined) {
      cursor.at += 1;
      continue;
    }
    current = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(current);
  }
  return challenges;
}
