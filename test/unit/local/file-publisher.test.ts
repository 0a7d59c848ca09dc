import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractImageRefs } from '../../../src/dockerfile/index.js';
import { applyProposals } from '../../../src/local/file-publisher.js';
import type { Proposal } from '../../../src/plan/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BEFORE = 'FROM python:3.11.8-slim\nRUN true\n';
const AFTER = 'FROM python:3.11.9-slim\nRUN true\n';

/** The proposals a scan of `file` (holding BEFORE) makes: python 3.11.8-slim to 3.11.9-slim. */
function proposalsFor(file: string): Proposal[] {
  return extractImageRefs(file, BEFORE).map((ref) => ({
    ref,
    status: 'update',
    updates: [
      {
        updateType: 'patch',
        kind: 'in-line',
        newTag: '3.11.9-slim',
        newDigest: null,
        writeDigest: false,
        platforms: [],
        reason: 'a newer patch',
      },
    ],
    reason: null,
    notes: [],
  }));
}

function requireRoot(): void {
  // Giving a file to another owner needs root; the test machines and CI run as root.
  expect(process.getuid?.(), 'run the tests as root (CI does): owners other than your own cannot be set otherwise').toBe(0);
}

describe('local/file-publisher', () => {
  let base = '';
  let checkout = '';

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'freshbase-apply-'));
    checkout = join(base, 'checkout');
    mkdirSync(join(checkout, 'sub'), { recursive: true });
  });

  afterEach(() => {
    rmSync(base, { recursive: true, force: true });
  });

  it('keeps the mode exactly, whatever the umask, and replaces the file through a rename', async () => {
    const path = join(checkout, 'sub', 'Dockerfile');
    writeFileSync(path, BEFORE);
    chmodSync(path, 0o2666);
    const inode = statSync(path).ino;

    const report = await applyProposals(checkout, proposalsFor('sub/Dockerfile'));

    expect(report).toEqual({ written: [{ file: 'sub/Dockerfile', edits: 1 }], failed: [] });
    expect(readFileSync(path, 'utf8')).toBe(AFTER);
    expect(statSync(path).mode & 0o7777).toBe(0o2666);
    expect(statSync(path).ino).not.toBe(inode);
  });

  it("keeps another user's ownership", async () => {
    requireRoot();
    const path = join(checkout, 'Dockerfile');
    writeFileSync(path, BEFORE);
    chownSync(path, 1234, 2345);

    await applyProposals(checkout, proposalsFor('Dockerfile'));

    expect(readFileSync(path, 'utf8')).toBe(AFTER);
    expect(statSync(path)).toMatchObject({ uid: 1234, gid: 2345 });
  });

  it('keeps hard links: every name of the file sees the new text', async () => {
    const path = join(checkout, 'Dockerfile');
    const other = join(base, 'elsewhere.Dockerfile');
    writeFileSync(path, BEFORE);
    linkSync(path, other);
    const inode = statSync(path).ino;

    const report = await applyProposals(checkout, proposalsFor('Dockerfile'));

    expect(report.failed).toEqual([]);
    expect(readFileSync(other, 'utf8')).toBe(AFTER);
    expect(statSync(path)).toMatchObject({ ino: inode, nlink: 2 });
  });

  it('rewrites in place, keeping the owner, when it may not give a new file that owner (no CAP_CHOWN)', () => {
    requireRoot();
    const path = join(checkout, 'Dockerfile');
    writeFileSync(path, BEFORE);
    chownSync(path, 1234, 2345);
    const inode = statSync(path).ino;
    const script = `
      import { applyProposals } from './dist/src/local/file-publisher.js';
      const proposals = JSON.parse(process.argv[1]);
      console.log(JSON.stringify(await applyProposals(${JSON.stringify(checkout)}, proposals)));
    `;

    // The child keeps root's uid but loses the capability to give files away (setpriv, util-linux),
    // as a process not running as root has: a new file could not be handed to uid 1234.
    const child = spawnSync(
      'setpriv',
      [
        '--inh-caps=-chown',
        '--bounding-set=-chown',
        '--',
        process.execPath,
        '--input-type=module',
        '-e',
        script,
        JSON.stringify(proposalsFor('Dockerfile')),
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );

    expect(child.error, 'setpriv (util-linux) runs: apt-get install -y util-linux').toBeUndefined();
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ written: [{ file: 'Dockerfile', edits: 1 }], failed: [] });
    expect(readFileSync(path, 'utf8')).toBe(AFTER);
    expect(statSync(path)).toMatchObject({ uid: 1234, gid: 2345, ino: inode });
  });

  it('refuses a directory swapped for a symbolic link after the scan, and writes nothing outside the checkout', async () => {
    const outside = join(base, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'Dockerfile'), BEFORE);
    writeFileSync(join(checkout, 'sub', 'Dockerfile'), BEFORE);
    const proposals = proposalsFor('sub/Dockerfile');
    renameSync(join(checkout, 'sub'), join(base, 'sub-was-here'));
    symlinkSync(outside, join(checkout, 'sub'));

    const report = await applyProposals(checkout, proposals);

    expect(report).toEqual({
      written: [],
      failed: [
        {
          file: 'sub/Dockerfile',
          reason: 'sub/Dockerfile: a directory on its path is a symbolic link now (it was not when scanned); left as it is',
        },
      ],
    });
    expect(readFileSync(join(outside, 'Dockerfile'), 'utf8')).toBe(BEFORE);
  });

  it('refuses a file swapped for a symbolic link after the scan', async () => {
    const outside = join(base, 'outside.Dockerfile');
    writeFileSync(outside, BEFORE);
    symlinkSync(outside, join(checkout, 'Dockerfile'));

    const report = await applyProposals(checkout, proposalsFor('Dockerfile'));

    expect(report.failed).toEqual([
      { file: 'Dockerfile', reason: 'Dockerfile: the file is a symbolic link now (it was not when scanned); left as it is' },
    ]);
    expect(readFileSync(outside, 'utf8')).toBe(BEFORE);
  });

  it('refuses paths that climb out of the checkout', async () => {
    writeFileSync(join(base, 'Dockerfile'), BEFORE);

    const report = await applyProposals(checkout, proposalsFor('../Dockerfile'));

    expect(report.failed).toEqual([
      { file: '../Dockerfile', reason: '../Dockerfile: the path is not a plain relative path; left as it is' },
    ]);
    expect(readFileSync(join(base, 'Dockerfile'), 'utf8')).toBe(BEFORE);
  });

  it('leaves a file that changed since the scan untouched, and no temporary file behind', async () => {
    const path = join(checkout, 'Dockerfile');
    writeFileSync(path, 'FROM python:3.12.0-slim\nRUN true\n');

    const report = await applyProposals(checkout, proposalsFor('Dockerfile'));

    expect(report.failed[0]?.reason).toContain('edit refused');
    expect(readFileSync(path, 'utf8')).toBe('FROM python:3.12.0-slim\nRUN true\n');
    expect(spawnSync('ls', ['-A', checkout], { encoding: 'utf8' }).stdout).toBe('Dockerfile\nsub\n');
  });
});
