import { describe, expect, it } from 'vitest';
import { checkDigest, checkTag, parseImageName } from '../../../src/oci/reference.js';

const SHA256 = `sha256:${'0123456789abcdef'.repeat(4)}`;
const SHA512 = `sha512:${'0123456789abcdef'.repeat(8)}`;

function reasonOf(text: string): string {
  const parsed = parseImageName(text);
  if (parsed.ok) throw new Error(`${text} parsed`);
  return parsed.reason;
}

describe('oci/reference', () => {
  it.each([
    ['python', 'docker.io', 'library/python', undefined, undefined],
    ['python:3.11-slim', 'docker.io', 'library/python', '3.11-slim', undefined],
    ['localhost:5000/team/app:1.2', 'localhost:5000', 'team/app', '1.2', undefined],
    ['[::1]:5000/app:1', '[::1]:5000', 'app', '1', undefined],
    ['Registry.Example:65535/a.b-c/d__e/f--g.h:Tag_1.x-y', 'registry.example:65535', 'a.b-c/d__e/f--g.h', 'Tag_1.x-y', undefined],
    [`ghcr.io/org/app:v1@${SHA256}`, 'ghcr.io', 'org/app', 'v1', SHA256],
    [`quay.io/org/app@${SHA512}`, 'quay.io', 'org/app', undefined, SHA512],
    [`x_y:_${'a'.repeat(127)}`, 'docker.io', 'library/x_y', `_${'a'.repeat(127)}`, undefined],
  ])('accepts %s', (text, registry, repository, tag, digest) => {
    const parsed = parseImageName(text);

    expect(parsed).toEqual({
      ok: true,
      name: { registry, repository, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) },
    });
  });

  it('accepts a name of 255 characters with its registry and refuses 256', () => {
    // "ghcr.io/" is 8 characters: a 247-character path makes 255.
    const path = `org/${'a'.repeat(243)}`;

    expect(parseImageName(`ghcr.io/${path}:1`).ok).toBe(true);
    expect(reasonOf(`ghcr.io/${path}b:1`)).toBe('image name is 256 characters long with its registry (at most 255)');
  });

  it.each([
    ['_x', 'repository "library/_x" has invalid characters (component "_x")'],
    ['a___b', 'repository "library/a___b" has invalid characters (component "a___b")'],
    ['a..b', 'repository "library/a..b" has invalid characters (component "a..b")'],
    ['org/-a', 'repository "org/-a" has invalid characters (component "-a")'],
    ['org/a-', 'repository "org/a-" has invalid characters (component "a-")'],
    ['org//a', 'repository "org//a" has invalid characters (component "")'],
    ['Python', 'repository "library/Python" must be lower-case (component "Python")'],
    ['host:99999/a', 'registry port in "host:99999" is above 65535'],
    ['[1.2.3.4]:5/a', 'registry host "[1.2.3.4]:5" is not a valid host name'],
    ['-host.io/a', 'registry host "-host.io" is not a valid host name'],
    ['python:.x', 'tag ".x" has characters outside [A-Za-z0-9_.-] or starts with "." or "-"'],
    ['python:-x', 'tag "-x" has characters outside [A-Za-z0-9_.-] or starts with "." or "-"'],
    [`python:${'a'.repeat(129)}`, 'tag is 129 characters long (at most 128)'],
    [`python@${SHA256.toUpperCase()}`, `digest "${SHA256.toUpperCase()}" is not sha256:<64 hex> or sha512:<128 hex>`],
    [`python@${SHA256.slice(0, -1)}`, `digest "${SHA256.slice(0, -1)}" is not sha256:<64 hex> or sha512:<128 hex>`],
    [`python@md5:${'a'.repeat(32)}`, `digest "md5:${'a'.repeat(32)}" is not sha256:<64 hex> or sha512:<128 hex>`],
    ['python:3\u001b[31m', 'tag "3\\u001b[31m" has characters outside [A-Za-z0-9_.-] or starts with "." or "-"'],
    ['pyth\u0007on', 'repository "library/pyth\\u0007on" has invalid characters (component "pyth\\u0007on")'],
    ['python:3 | rm', 'image reference "python:3 | rm" contains white space'],
    ['python:3.11)](https://evil.example)', 'registry host "python:3.11)](https:" is not a valid host name'],
    ['python:3.11<!--x-->', 'tag "3.11<!--x-->" has characters outside [A-Za-z0-9_.-] or starts with "." or "-"'],
    ['python:@team', 'tag "" has characters outside [A-Za-z0-9_.-] or starts with "." or "-"'],
    ['x'.repeat(521), 'image reference is 521 characters long (at most 520)'],
    ['', 'empty image reference'],
  ])('refuses %j: %s', (text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });

  it('quotes untrusted text in reasons with escapes and at most 100 characters', () => {
    expect(checkTag(`-${'\u001b'.repeat(120)}`)).toBe(
      `tag "-${'\\u001b'.repeat(99)}…" has characters outside [A-Za-z0-9_.-] or starts with "." or "-"`,
    );
    expect(checkDigest(SHA256)).toBeNull();
  });
});
