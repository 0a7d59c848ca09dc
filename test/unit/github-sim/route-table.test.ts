import { describe, expect, it } from 'vitest';
import { loadRouteTable, RouteTable } from '../../support/github-sim/route-table.js';

describe('github-sim/route-table', () => {
  const table = loadRouteTable();

  it.each([
    ['GET', '/repos/acme/api', 'GET /repos/{owner}/{repo}', {}],
    ['GET', '/repos/acme/api/pulls/comments', 'GET /repos/{owner}/{repo}/pulls/comments', {}],
    ['GET', '/repos/acme/api/pulls/7', 'GET /repos/{owner}/{repo}/pulls/{pull_number}', { pull_number: '7' }],
    ['GET', '/repos/acme/api/git/ref/heads%2Ffb%2Fpython', 'GET /repos/{owner}/{repo}/git/ref/{ref}', { ref: 'heads/fb/python' }],
    ['PATCH', '/repos/acme/api/git/refs/heads/fb/python', 'PATCH /repos/{owner}/{repo}/git/refs/{ref}', { ref: 'heads/fb/python' }],
    ['GET', '/repos/acme/api/contents/.github/fb.yml', 'GET /repos/{owner}/{repo}/contents/{path}', { path: '.github/fb.yml' }],
    ['GET', '/repos/acme/api/contents/', 'GET /repos/{owner}/{repo}/contents/{path}', { path: '' }],
    ['GET', '/repos/acme/api/contents', 'GET /repos/{owner}/{repo}/contents/{path}', { path: '' }],
    ['GET', '/repos/acme/api/commits', 'GET /repos/{owner}/{repo}/commits', {}],
    ['GET', '/repos/acme/api/compare/main...fb/x', 'GET /repos/{owner}/{repo}/compare/{basehead}', { basehead: 'main...fb/x' }],
    ['GET', '/repos/acme/api/commits/abc123/status', 'GET /repos/{owner}/{repo}/commits/{ref}/status', { ref: 'abc123' }],
    ['GET', '/repos/acme/api/labels/needs%20review', 'GET /repos/{owner}/{repo}/labels/{name}', { name: 'needs review' }],
  ])('matches %s %s to its GitHub route with decoded params', (method, path, key, params) => {
    const result = table.lookup(method, path);

    expect(result).toEqual({
      kind: 'matched',
      match: { route: expect.objectContaining({ key }) as unknown, params: { owner: 'acme', repo: 'api', ...params } },
    });
  });

  it.each([
    ['GET', '/repos/acme/api/made-up'],
    ['PUT', '/repos/acme/api/pulls'],
    ['GET', '/repos/acme/api/pulls/1/extra/segments'],
    ['GET', '/repos/acme/api/branches/feature/x'],
  ])('rejects %s %s, which GitHub does not have', (method, path) => {
    const result = table.lookup(method, path);

    expect(result.kind).toBe('unknown');
  });

  it('fails loudly when a multi-segment route disappears from the table', () => {
    const build = (): RouteTable => new RouteTable(['GET /repos/{owner}/{repo}']);

    expect(build).toThrow(/multi-segment route/);
  });
});
