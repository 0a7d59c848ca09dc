import { describe, expect, it } from 'vitest';
import { extractImageRefs } from '../../../src/dockerfile/index.js';
import { applyEdits, type ImageRef } from '../../../src/refs/index.js';
import { EditConflictError } from '../../../src/util/errors.js';

const OLD = `sha256:${'a'.repeat(64)}`;
const NEW = `sha256:${'b'.repeat(64)}`;

function refAt(text: string, index = 0): ImageRef {
  const ref = extractImageRefs('Dockerfile', text)[index];
  if (ref === undefined) throw new Error(`no reference ${index}`);
  return ref;
}

describe('dockerfile/rewrite', () => {
  it('replaces only the tag and keeps CRLF, comments and spacing', () => {
    const text = '# build\r\nFROM   python:3.11.8-slim   AS base # trailing\r\nRUN true\r\n';

    const out = applyEdits('Dockerfile', text, [{ ref: refAt(text), newTag: '3.11.9-slim' }]);

    expect(out).toBe('# build\r\nFROM   python:3.11.9-slim   AS base # trailing\r\nRUN true\r\n');
  });

  it('edits the ARG line for an ARG-defined tag, keeping the fixed suffix', () => {
    const text = 'ARG PY=3.11.8\nFROM python:${PY}-slim\n';

    const out = applyEdits('Dockerfile', text, [{ ref: refAt(text), newTag: '3.11.9-slim' }]);

    expect(out).toBe('ARG PY=3.11.9\nFROM python:${PY}-slim\n');
  });

  it('pins a digest after the tag, and after an ARG-defined image', () => {
    const direct = 'FROM python:3.11-slim AS a\n';
    const viaArg = 'ARG BASE="python:3.11-slim"\nFROM $BASE\n';

    const pinnedDirect = applyEdits('Dockerfile', direct, [{ ref: refAt(direct), newDigest: NEW }]);
    const pinnedArg = applyEdits('Dockerfile', viaArg, [{ ref: refAt(viaArg), newDigest: NEW }]);

    expect(pinnedDirect).toBe(`FROM python:3.11-slim@${NEW} AS a\n`);
    expect(pinnedArg).toBe(`ARG BASE="python:3.11-slim@${NEW}"\nFROM $BASE\n`);
  });

  it('replaces and removes a digest', () => {
    const text = `FROM python:3.11@${OLD}\n`;

    const replaced = applyEdits('Dockerfile', text, [{ ref: refAt(text), newTag: '3.12', newDigest: NEW }]);
    const removed = applyEdits('Dockerfile', text, [{ ref: refAt(text), newDigest: null }]);

    expect(replaced).toBe(`FROM python:3.12@${NEW}\n`);
    expect(removed).toBe('FROM python:3.11\n');
  });

  it('applies the same edit twice once, for two FROMs sharing one ARG', () => {
    const text = 'ARG PY=3.11\nFROM python:${PY}-slim\nFROM python:${PY}-alpine\n';

    const out = applyEdits('Dockerfile', text, [
      { ref: refAt(text, 0), newTag: '3.12-slim' },
      { ref: refAt(text, 1), newTag: '3.12-alpine' },
    ]);

    expect(out).toBe('ARG PY=3.12\nFROM python:${PY}-slim\nFROM python:${PY}-alpine\n');
  });

  it('refuses two different edits of one span', () => {
    const text = 'ARG PY=3.11\nFROM python:${PY}-slim\nFROM python:${PY}-alpine\n';

    const act = () =>
      applyEdits('Dockerfile', text, [
        { ref: refAt(text, 0), newTag: '3.12-slim' },
        { ref: refAt(text, 1), newTag: '3.13-alpine' },
      ]);

    expect(act).toThrow(EditConflictError);
  });

  it('refuses an edit whose span no longer holds the expected text, naming file and line', () => {
    const before = 'FROM alpine:3.19\nFROM python:3.11\n';
    const ref = refAt(before, 1);
    const changed = 'FROM alpine:3.19\nFROM python:3.10\n';

    const act = () => applyEdits('app/Dockerfile', changed, [{ ref: { ...ref, file: 'app/Dockerfile' }, newTag: '3.12' }]);

    expect(act).toThrow(/app\/Dockerfile:2: expected "3.11" but found "3.10"/);
  });

  it('refuses a new tag that would change text coming from elsewhere', () => {
    const text = 'ARG PY=3.11\nFROM python:${PY}-slim\n';

    const act = () => applyEdits('Dockerfile', text, [{ ref: refAt(text), newTag: '3.12-alpine' }]);

    expect(act).toThrow(/Dockerfile:1: .*-slim.*edit refused/);
  });

  it('refuses a tag whose second ARG would have to change', () => {
    const text = 'ARG MAJOR=3\nARG MINOR=11\nFROM python:${MAJOR}.${MINOR}\n';

    expect(applyEdits('Dockerfile', text, [{ ref: refAt(text), newTag: '4.11' }])).toBe(
      'ARG MAJOR=4\nARG MINOR=11\nFROM python:${MAJOR}.${MINOR}\n',
    );
    expect(() => applyEdits('Dockerfile', text, [{ ref: refAt(text), newTag: '3.12' }])).toThrow(/Dockerfile:1: "3.12" does not keep/);
  });

  it('refuses invalid tags and digests from a registry', () => {
    const text = 'FROM python:3.11\n';

    expect(() => applyEdits('Dockerfile', text, [{ ref: refAt(text), newTag: '3.12\nRUN evil' }])).toThrow(/Dockerfile:1/);
    expect(() => applyEdits('Dockerfile', text, [{ ref: refAt(text), newDigest: 'sha256:zz' }])).toThrow(/Dockerfile:1/);
  });

  it('returns the input unchanged with no edits', () => {
    const text = '\uFEFFFROM x\r\n\r\n# c\n';

    expect(applyEdits('Dockerfile', text, [])).toBe(text);
  });
});
