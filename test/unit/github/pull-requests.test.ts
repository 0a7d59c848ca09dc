import { describe, expect, it } from 'vitest';
import { branchOf, isOwnPull } from '../../../src/github/pull-requests.js';

const REPO = { owner: 'acme', name: 'api' };
const BOT = 'freshbase[bot]';

function pull(fields: { user?: string; ref?: string; head?: string | null; base?: string }) {
  return {
    user: { login: fields.user ?? BOT },
    head: { ref: fields.ref ?? 'freshbase/python-3.11', repo: fields.head === null ? null : { full_name: fields.head ?? 'acme/api' } },
    base: { repo: { full_name: fields.base ?? 'acme/api' } },
  };
}

describe('github/pull-requests', () => {
  it.each([
    ['opened by the app from a freshbase branch of the repository itself', pull({}), true],
    ['with the repository named in another case', pull({ head: 'Acme/API', base: 'ACME/api' }), true],
    ['opened by a person', pull({ user: 'mallory' }), false],
    ['opened by another app', pull({ user: 'renovate[bot]' }), false],
    ['from a fork', pull({ head: 'mallory/api' }), false],
    ['from a deleted fork', pull({ head: null }), false],
    ['from a branch outside freshbase/', pull({ ref: 'feature/x' }), false],
  ])('counts a pull request %s as its own: %s', (_name, candidate, own) => {
    expect(isOwnPull(candidate, REPO, BOT)).toBe(own);
  });

  it.each([
    ['python-3.11', 'freshbase/python-3.11'],
    ['app-1..2', 'freshbase/app-1.2'],
    ['app-x.lock', 'freshbase/app-x-lock'],
  ])('the branch of group %s is %s', (key, branch) => {
    expect(branchOf({ key })).toBe(branch);
  });
});
