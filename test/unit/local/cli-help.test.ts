import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/local/run-cli.js';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

function flagsOf(text: string): string[] {
  return [...new Set(text.match(/--[a-z][a-z-]*/g) ?? [])].sort();
}

describe('local/run-cli --help', () => {
  it('lists exactly the flags the README synopsis lists', async () => {
    const out: string[] = [];
    const synopsis = /## The CLI\n\n```\n([^`]*)```/.exec(README)?.[1] ?? '';

    const code = await runCli(['--help'], { stdout: (text) => out.push(text), stderr: () => undefined, env: {}, interactive: false });

    expect(code).toBe(0);
    expect(flagsOf(synopsis)).toEqual([
      '--cache-dir',
      '--config',
      '--docker-config',
      '--format',
      '--help',
      '--include-line-upgrades',
      '--insecure-registry',
      '--mirror',
      '--no-cache',
      '--security',
    ]);
    expect(flagsOf(out.join(''))).toEqual(flagsOf(synopsis));
  });
});
