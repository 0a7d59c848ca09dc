import { describe, expect, it } from 'vitest';
import { applyEdits, checkSlotValue, isNonStringPlainScalar, LineIndex, type EditSlot, type ImageRef } from '../../../src/refs/index.js';
import { EditConflictError } from '../../../src/util/errors.js';

const DIGEST = `sha256:${'c'.repeat(64)}`;

/** A reference whose only slots are the ones given, for `applyEdits`. */
function refWith(slots: Pick<ImageRef, 'tagSlot' | 'digestSlot'>): Pick<ImageRef, 'file' | 'line' | 'name' | 'tagSlot' | 'digestSlot'> {
  return { file: 'values.yaml', line: 1, name: { registry: 'docker.io', repository: 'library/x' }, ...slots };
}

/** The slot for `[start, end)` of `text`. */
function slot(text: string, start: number, end: number, extra: Partial<EditSlot> = {}): EditSlot {
  return { span: new LineIndex(text).span(start, end), before: '', after: '', ...extra };
}

describe('refs/slot-value', () => {
  it.each([
    ['3.10', true],
    ['16', true],
    ['1e3', true],
    ['0x1F', true],
    ['0o17', true],
    ['yes', true],
    ['Off', true],
    ['null', true],
    ['~', true],
    ['1_000', true],
    ['3.5.1', false],
    ['v3.10', false],
    ['16-alpine', false],
    ['latest', false],
    ['yes-please', false],
    ['1.2.3-debian-12-r4', false],
  ])('tells that %s written plainly is not read as a string: %s', (value, nonString) => {
    expect(isNonStringPlainScalar(value)).toBe(nonString);
  });

  it('refuses a value that YAML would read as a number only in a whole plain scalar slot', () => {
    const text = 'tag: 3.5.1\n';
    const plain = slot(text, 5, 10, { scalar: 'yaml-plain' });
    const inner = slot(text, 5, 10);

    expect(checkSlotValue(plain, '3.10')).toContain('read by YAML as a number');
    expect(checkSlotValue(plain, '3.6.0')).toBeNull();
    expect(checkSlotValue(inner, '3.10')).toBeNull();
  });

  it('refuses a value that changes fixed text around the slot', () => {
    const text = 'x';
    const fixed = slot(text, 0, 1, { before: '', after: '-slim' });

    expect(checkSlotValue(fixed, '3.12-alpine')).toContain('-slim');
    expect(checkSlotValue(fixed, '3.12-slim')).toBeNull();
  });
});

describe('refs/rewrite with separators', () => {
  it('writes a digest into an empty quoted field without "@"', () => {
    const text = 'digest: ""\n';
    const ref = refWith({ digestSlot: slot(text, 9, 9, { separator: '' }) });

    expect(applyEdits('values.yaml', text, [{ ref, newDigest: DIGEST }])).toBe(`digest: "${DIGEST}"\n`);
  });

  it('writes a digest after a bare key with the space it needs, and removes a plain one', () => {
    const bare = 'digest:\r\ntag: x\r\n';
    const set = `digest: ${DIGEST}\n`;
    const bareRef = refWith({ digestSlot: slot(bare, 7, 7, { separator: ' ' }) });
    const setRef = refWith({ digestSlot: slot(set, 8, 8 + DIGEST.length, { separator: '', scalar: 'yaml-plain' }) });

    expect(applyEdits('values.yaml', bare, [{ ref: bareRef, newDigest: DIGEST }])).toBe(`digest: ${DIGEST}\r\ntag: x\r\n`);
    expect(applyEdits('values.yaml', set, [{ ref: setRef, newDigest: null }])).toBe('digest: \n');
  });

  it('refuses to write a number-like tag into a plain scalar slot', () => {
    const text = 'tag: 3.9\n';
    const ref = refWith({ tagSlot: slot(text, 5, 8, { scalar: 'yaml-plain' }) });

    expect(() => applyEdits('values.yaml', text, [{ ref, newTag: '3.10' }])).toThrow(/values\.yaml:1: "3\.10" written without quotes/);
  });

  it('refuses when the text under the slot changed', () => {
    const seen = 'tag: "1.0"\n';
    const ref = refWith({ tagSlot: slot(seen, 6, 9) });

    expect(() => applyEdits('values.yaml', 'tag: "2.0"\n', [{ ref, newTag: '1.1' }])).toThrow(EditConflictError);
  });
});
