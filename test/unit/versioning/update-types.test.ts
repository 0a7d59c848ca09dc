import { describe, expect, it } from 'vitest';
import { UpdateType } from '../../../src/config/schema.js';
import { PrItem } from '../../../src/github/markers.js';
import { osFamily, osRank } from '../../../src/versioning/os-releases.js';
import { compareUpdateTypes, UPDATE_TYPES } from '../../../src/versioning/update-types.js';

describe('versioning/update-types', () => {
  it('lists every update type once, os included, and the config and pull request markers accept exactly those', () => {
    expect(UPDATE_TYPES).toEqual(['patch', 'minor', 'major', 'digest', 'pin', 'os']);
    expect(UpdateType.options).toEqual(UPDATE_TYPES);
    expect(PrItem.shape.type.options).toEqual(UPDATE_TYPES);
  });

  it('orders update types by how big a change they are', () => {
    const sorted = [...UPDATE_TYPES].sort(compareUpdateTypes);

    expect(sorted).toEqual(['pin', 'digest', 'patch', 'os', 'minor', 'major']);
  });
});

describe('versioning/os-codenames', () => {
  it.each([
    ['alpine3.19', 'alpine'],
    ['bookworm', 'debian'],
    ['trixie', 'debian'],
    ['jammy', 'ubuntu'],
    ['questing', 'ubuntu'],
    ['sid', null],
    ['windowsservercore-ltsc2022', null],
    [undefined, null],
  ])('names the family of %s: %s', (os, family) => {
    expect(osFamily(os)).toBe(family);
  });

  it('ranks releases of one family oldest first', () => {
    expect(osRank('bullseye')).toBeLessThan(osRank('bookworm'));
    expect(osRank('focal')).toBeLessThan(osRank('noble'));
    expect(osRank('alpine3.9')).toBeLessThan(osRank('alpine3.19'));
  });
});
