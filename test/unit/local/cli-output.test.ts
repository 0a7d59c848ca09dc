import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/local/run-cli.js';
import { escapeJsonForTerminal, sanitizeForTerminal } from '../../../src/local/terminal-text.js';

/** Any character a terminal interprets: C0 but the newline, DEL, C1, bidirectional controls. */
// eslint-disable-next-line no-control-regex -- the test looks for control characters
const INTERPRETED = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {}, interactive: false });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('local/terminal-text', () => {
  it.each([
    ['colour', 'a\u001b[31mred\u001b[0m', 'ared'],
    ['screen clear and cursor moves', '\u001b[2J\u001b[1;1Hx\u001b[10A', 'x'],
    ['a window title (OSC, BEL)', '\u001b]0;pwned\u0007tag', 'tag'],
    ['a hyperlink (OSC 8, ST)', '\u001b]8;;https://evil.example\u001b\\click\u001b]8;;\u001b\\', 'click'],
    ['an unterminated OSC', 'x\u001b]0;to the end', 'x'],
    ['a DCS string', 'x\u001bP1$r\u001b\\y', 'xy'],
    ['a two-character escape', 'x\u001bcy\u001b(Bz', 'xyz'],
    ['an 8-bit CSI (C1)', 'x\u009b31my', 'x31my'],
    ['carriage return, backspace, bell', 'ok\rFAKE\u0008\u0007', 'ok FAKE'],
    ['a line break that would fake a row', '3.11\nDockerfile:1  evil  1.0  9.9  patch', '3.11 Dockerfile:1  evil  1.0  9.9  patch'],
    ['bidirectional overrides', 'abc\u202edcba\u2066x\u2069', 'abcdcbax'],
    ['plain text', 'python:3.11-slim (line 2) – ok', 'python:3.11-slim (line 2) – ok'],
  ])('removes %s', (_name, text, expected) => {
    expect(sanitizeForTerminal(text)).toBe(expected);
  });

  it('escapes C1 and bidirectional characters in JSON text, keeping the value', () => {
    const value = { reason: 'a\u009b2Jb\u202ec\u2028d' };

    const json = escapeJsonForTerminal(JSON.stringify(value));

    expect(json).not.toMatch(INTERPRETED);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('local/run-cli output', () => {
  let root = '';

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'freshbase-cli-'));
    writeFileSync(join(root, 'Dockerfile'), 'FROM scratch\n');
    writeFileSync(join(root, 'Dockerfile.\u001b]0;pwned\u0007x'), 'FROM scratch\n'.repeat(20_001));
    writeFileSync(join(root, 'bad.yml'), '"\u001b]0;pwned\u0007evil\u009b2J": 1\n');
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('lists a skipped file with its reason, its name stripped of control sequences, counts it and exits 1', async () => {
    const run = await cli(['scan', root]);

    expect(run.stdout).toContain('Skipped files:\n  Dockerfile.x  the file has 20001 lines, more than freshbase reads (20000)\n');
    expect(run.stdout).toContain('0 skipped; 1 file skipped, not read\n');
    expect(run.stdout).not.toMatch(INTERPRETED);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('freshbase: 1 file skipped, not read (see above); exit 1\n');
  });

  it('reports skipped files on stderr in JSON mode, leaving the JSON contract as it is', async () => {
    const run = await cli(['scan', root, '--format', 'json']);

    expect(JSON.parse(run.stdout)).toEqual({ updates: [], references: [] });
    expect(run.stderr).toBe(
      'freshbase: skipped Dockerfile.x: the file has 20001 lines, more than freshbase reads (20000)\n' +
        'freshbase: 1 file skipped, not read (see above); exit 1\n',
    );
    expect(run.code).toBe(1);
  });

  it('apply reports the skipped file on stderr and exits 1, writing nothing', async () => {
    const run = await cli(['apply', root]);

    expect(run.stdout).toBe('nothing to update\n');
    expect(run.stderr).toBe(
      'freshbase: skipped Dockerfile.x: the file has 20001 lines, more than freshbase reads (20000)\n' +
        'freshbase: 1 file skipped, not read (see above); exit 1\n',
    );
    expect(run.code).toBe(1);
  });

  it('strips control sequences from error lines', async () => {
    const run = await cli(['scan', root, '--config', join(root, 'bad.yml')]);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`freshbase: ${join(root, 'bad.yml')}:1 at evil2J: unknown key "evil2J"\n`);
    expect(run.stderr).not.toMatch(INTERPRETED);
  });
});

describe('local/run-cli output for manifests', () => {
  let root = '';

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'freshbase-cli-kinds-'));
    writeFileSync(join(root, 'compose.yaml'), 'services:\n  app:\n    image: app:${TAG}\n');
    writeFileSync(join(root, 'settings.yaml'), 'name: not a manifest\nimage: ignored:1\n');
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('gives every reference its file kind in JSON, and counts manifests in the table', async () => {
    const json = await cli(['scan', root, '--format', 'json']);
    const table = await cli(['scan', root]);

    expect(JSON.parse(json.stdout)).toEqual({
      updates: [],
      references: [
        {
          file: 'compose.yaml',
          kind: 'compose',
          line: 3,
          image: null,
          tag: null,
          digest: null,
          status: 'skipped',
          reason: '${TAG} has no default: TAG is only known from the environment or .env file when Compose runs',
          skipReason: 'unresolvable',
          eol: null,
        },
      ],
    });
    expect(table.stdout).toContain('\n0 Dockerfiles, 1 manifest, 1 image references: 0 to update (0 proposals), 0 up to date, 1 skipped\n');
  });
});
