import type { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_TREE_SHA, startGitHubSimulator, type GitHubSimulator } from '../../support/github-sim/index.js';
import { createSimOctokit, settleStatus } from '../../support/github-sim/sim-clients.js';

const repo = { owner: 'acme', repo: 'api' };

describe('github-sim/git data', () => {
  let sim: GitHubSimulator;
  let octokit: Octokit;

  beforeEach(async () => {
    sim = await startGitHubSimulator({ now: () => new Date('2025-01-02T03:04:05Z') });
    const installation = sim.addInstallation({ account: 'acme' });
    sim.seedRepo({
      owner: 'acme',
      name: 'api',
      files: { Dockerfile: 'FROM python:3.12\n', 'services/web/Dockerfile': 'FROM node:20\n', 'README.md': '# api\n' },
    });
    octokit = createSimOctokit(sim, installation.id);
  });

  afterEach(async () => {
    expect(sim.violations).toEqual([]);
    await sim.close();
  });

  it('gives blobs and trees their real git ids', async () => {
    const tree = await octokit.rest.git.createTree({
      ...repo,
      tree: [{ path: 'hello.txt', mode: '100644', type: 'blob', content: 'hello\n' }],
    });
    const emptyTree = await octokit.rest.git.createTree({ ...repo, tree: [] });

    expect(tree.status).toBe(201);
    expect(tree.data.tree.map((entry) => [entry.path, entry.sha])).toEqual([['hello.txt', 'ce013625030ba8dba906f756967f9e9ca394464a']]);
    expect(emptyTree.data.sha).toBe(EMPTY_TREE_SHA);
  });

  it('commits tree on base_tree → commit → ref, and moves the ref only fast-forward unless forced', async () => {
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const { data: parent } = await octokit.rest.git.getCommit({ ...repo, commit_sha: main.object.sha });
    const { data: tree } = await octokit.rest.git.createTree({
      ...repo,
      base_tree: parent.tree.sha,
      tree: [
        { path: 'Dockerfile', mode: '100644', type: 'blob', content: 'FROM python:3.13\n' },
        { path: 'README.md', mode: '100644', type: 'blob', sha: null },
      ],
    });
    const { data: commit } = await octokit.rest.git.createCommit({
      ...repo,
      message: 'Bump python',
      tree: tree.sha,
      parents: [parent.sha],
    });
    const created = await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/freshbase/python', sha: commit.sha });
    const duplicate = await settleStatus(octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/freshbase/python', sha: commit.sha }));
    const { data: rewrite } = await octokit.rest.git.createCommit({ ...repo, message: 'Rewrite', tree: tree.sha, parents: [parent.sha] });
    const notForced = await settleStatus(octokit.rest.git.updateRef({ ...repo, ref: 'heads/freshbase/python', sha: rewrite.sha }));
    const forced = await octokit.rest.git.updateRef({ ...repo, ref: 'heads/freshbase/python', sha: rewrite.sha, force: true });

    expect(created.status).toBe(201);
    expect(duplicate).toBe(422);
    expect(notForced).toBe(422);
    expect(forced.data.object.sha).toBe(rewrite.sha);
    expect(sim.getBranchFiles('acme/api', 'freshbase/python')).toEqual({
      Dockerfile: 'FROM python:3.13\n',
      'services/web/Dockerfile': 'FROM node:20\n',
    });
    expect(sim.readFile('acme/api', 'main', 'Dockerfile')).toBe('FROM python:3.12\n');
  });

  it('marks commits the app creates as verified and pushed commits as unsigned', async () => {
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const { data: parent } = await octokit.rest.git.getCommit({ ...repo, commit_sha: main.object.sha });

    const { data: appCommit } = await octokit.rest.git.createCommit({
      ...repo,
      message: 'x',
      tree: parent.tree.sha,
      parents: [parent.sha],
    });

    expect(appCommit.verification).toMatchObject({ verified: true, reason: 'valid' });
    expect(appCommit.author).toMatchObject({ name: 'freshbase[bot]', date: '2025-01-02T03:04:05Z' });
    expect(parent.verification).toMatchObject({ verified: false, reason: 'unsigned' });
  });

  it('truncates recursive trees over the limit so callers must walk subtrees', async () => {
    sim.truncateTreesOver = 2;
    const { data: main } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const { data: head } = await octokit.rest.git.getCommit({ ...repo, commit_sha: main.object.sha });
    const root = head.tree.sha;

    const { data: recursive } = await octokit.rest.git.getTree({ ...repo, tree_sha: root, recursive: '1' });
    const { data: top } = await octokit.rest.git.getTree({ ...repo, tree_sha: root });
    const services = top.tree.find((entry) => entry.path === 'services');
    const { data: inner } = await octokit.rest.git.getTree({ ...repo, tree_sha: services?.sha ?? '' });

    expect(recursive.truncated).toBe(true);
    expect(recursive.tree).toHaveLength(2);
    expect(top.truncated).toBe(false);
    expect(top.tree.map((entry) => [entry.path, entry.type])).toEqual([
      ['Dockerfile', 'blob'],
      ['README.md', 'blob'],
      ['services', 'tree'],
    ]);
    expect(inner.tree.map((entry) => entry.path)).toEqual(['web']);
  });

  it('lists refs by prefix and finds branches with slashes', async () => {
    sim.commitFiles('acme/api', 'freshbase/python', { Dockerfile: 'FROM python:3.13\n' }, { message: 'bump' });
    sim.commitFiles('acme/api', 'freshbase/node', { 'services/web/Dockerfile': 'FROM node:22\n' }, { message: 'bump' });

    const { data: matching } = await octokit.rest.git.listMatchingRefs({ ...repo, ref: 'heads/freshbase/' });
    const branch = await octokit.rest.git.getRef({ ...repo, ref: 'heads/freshbase/node' });
    const missing = await settleStatus(octokit.rest.git.getRef({ ...repo, ref: 'heads/freshbase' }));

    expect(matching.map((ref) => ref.ref)).toEqual(['refs/heads/freshbase/node', 'refs/heads/freshbase/python']);
    expect(branch.data.ref).toBe('refs/heads/freshbase/node');
    expect(missing).toBe(404);
  });

  it('serves file contents as base64 JSON, as raw text, and 404 for missing files', async () => {
    const { data: file } = await octokit.rest.repos.getContent({ ...repo, path: 'services/web/Dockerfile', ref: 'main' });
    const raw = await octokit.rest.repos.getContent({ ...repo, path: 'Dockerfile', mediaType: { format: 'raw' } });
    const folder = await octokit.rest.repos.getContent({ ...repo, path: 'services' });
    const missing = await settleStatus(octokit.rest.repos.getContent({ ...repo, path: '.github/freshbase.yml' }));

    expect(file).toMatchObject({ type: 'file', encoding: 'base64', path: 'services/web/Dockerfile' });
    expect(Buffer.from((file as { content: string }).content, 'base64').toString()).toBe('FROM node:20\n');
    expect(raw.data).toBe('FROM python:3.12\n');
    expect(folder.data).toEqual([expect.objectContaining({ type: 'dir', path: 'services/web' })]);
    expect(missing).toBe(404);
  });

  it('answers git reads on an empty repo with 409', async () => {
    sim.seedRepo({ owner: 'acme', name: 'empty', empty: true });

    const ref = await settleStatus(octokit.rest.git.getRef({ owner: 'acme', repo: 'empty', ref: 'heads/main' }));
    const contents = await settleStatus(octokit.rest.repos.getContent({ owner: 'acme', repo: 'empty', path: 'Dockerfile' }));

    expect(ref).toBe(409);
    expect(contents).toBe(404);
  });
});
