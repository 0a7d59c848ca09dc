import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDockerfileMatcher } from '../../../src/dockerfile/index.js';
import { listLocalDockerfiles } from '../../../src/local/local-source.js';

describe('dockerfile/discover', () => {
  const matches = createDockerfileMatcher();

  it.each([
    ['Dockerfile', true],
    ['svc/Containerfile', true],
    ['images/api.Dockerfile', true],
    ['images/api.dockerfile', true],
    ['build/Dockerfile.prod', true],
    ['build/Dockerfile.dockerignore', false],
    ['docs/Dockerfile.md.txt', true],
    ['README.md', false],
    ['dockerfiles/base', false],
    ['node_modules/x/Dockerfile', false],
    ['.git/Dockerfile', false],
    ['a/node_modules/b/Dockerfile', false],
  ])('%s is a Dockerfile: %s', (path, expected) => {
    expect(matches(path)).toBe(expected);
  });

  it('adds configured globs and leaves out excluded ones', () => {
    const custom = createDockerfileMatcher({ include: ['docker/*.base'], exclude: ['legacy/**'] });

    expect(custom('docker/python.base')).toBe(true);
    expect(custom('legacy/Dockerfile')).toBe(false);
  });
});

describe('local/local-source', () => {
  let root = '';

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'freshbase-local-'));
    const files: Record<string, string> = {
      Dockerfile: 'FROM python:3.11\n',
      'svc/api.Dockerfile': 'FROM node:20\n',
      'svc/Containerfile': 'FROM alpine:3.19\n',
      'node_modules/pkg/Dockerfile': 'FROM ignored\n',
      '.git/Dockerfile': 'FROM ignored\n',
      'big/Dockerfile': `FROM x\n${'#'.repeat(2000)}\n`,
      'long/Dockerfile': 'FROM x\n'.repeat(20_001),
      'notes.txt': 'FROM nothing\n',
    };
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    symlinkSync('/etc', join(root, 'link'));
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('reads Dockerfiles below the root, skipping .git, node_modules and symlinks, and reports large files', async () => {
    const { files, skipped } = await listLocalDockerfiles(root, { maxFileBytes: 1000 });

    expect(files.map((f) => f.path)).toEqual(['Dockerfile', 'svc/Containerfile', 'svc/api.Dockerfile']);
    expect(files[0]?.content).toBe('FROM python:3.11\n');
    expect(skipped).toEqual([
      { path: 'big/Dockerfile', reason: expect.stringContaining('larger than 1000') as string },
      { path: 'long/Dockerfile', reason: expect.stringContaining('larger than 1000') as string },
    ]);
  });

  it('reports a file past the line limit as skipped, with the reason, instead of reading it', async () => {
    const { files, skipped } = await listLocalDockerfiles(root);

    expect(files.map((f) => f.path)).not.toContain('long/Dockerfile');
    expect(skipped).toEqual([{ path: 'long/Dockerfile', reason: 'the file has 20001 lines, more than freshbase reads (20000)' }]);
  });
});
