import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createDockerfileMatcher } from '../../../src/dockerfile/index.js';
import { checkGlob, compileGlobs, createMatchBudget, GlobBudgetError } from '../../../src/util/glob.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Runs `script` (an ES module that may import the built `dist/` tree) in a child process, so an
 * exponential match could only hang the child. The 60 s kill guard is a hang guard, not a timing:
 * a linear match answers in microseconds.
 */
function runIsolated(script: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('util/glob', () => {
  it.each([
    ['python', 'python', true],
    ['python', 'pythonx', false],
    ['bitnami/*', 'bitnami/spark', true],
    ['bitnami/*', 'bitnami/spark/extra', false],
    ['ghcr.io/org/**', 'ghcr.io/org/team/app', true],
    ['3.14*', '3.14.1-slim', true],
    ['3.14*', '3.13.9', false],
    ['**/Dockerfile', 'Dockerfile', true],
    ['**/Dockerfile', 'a/b/Dockerfile', true],
    ['docker/*.Dockerfile', 'docker/api.Dockerfile', true],
    ['.github/*', '.github/Dockerfile', true],
    ['*.{yml,yaml}', 'build.yaml', true],
    ['!python', 'node', true],
    ['!python', 'python', false],
    ['#x', '#x', true],
    ['+(a|b)', '+(a|b)', true],
    ['+(a|b)', 'ab', false],
    ['v[0-9]*', 'v1.2', true],
  ])('%s matches %s: %s', (pattern, text, expected) => {
    const matches = compileGlobs([pattern], createMatchBudget('test'));

    expect(matches(text)).toBe(expected);
  });

  it('is true when any glob of the set matches', () => {
    const matches = compileGlobs(['a*', 'b*'], createMatchBudget('test'));

    expect([matches('ax'), matches('bx'), matches('cx')]).toEqual([true, true, false]);
  });

  it.each([
    ['', 'a glob cannot be empty'],
    ['x'.repeat(201), 'glob is 201 characters long (at most 200)'],
    ['*?'.repeat(8) + '[a]', 'glob has 17 wildcards (* ? [); at most 16'],
    ['{a,b}'.repeat(6), 'glob expands to more than 32 patterns through its {…} braces'],
    ['x{1..33}', 'glob expands to more than 32 patterns through its {…} braces'],
  ])('refuses %j: %s', (pattern, reason) => {
    expect(checkGlob(pattern)).toBe(reason);
    expect(() => compileGlobs([pattern], createMatchBudget('test'))).toThrow(reason);
  });

  it.each(['x'.repeat(200), '*?'.repeat(8), '\\*'.repeat(20), '{a,b}'.repeat(5), 'x{1..32}'])('accepts %j at the limits', (pattern) => {
    expect(checkGlob(pattern)).toBeNull();
  });

  it('charges (text length + 1) × (pattern length + 1) per glob and throws GlobBudgetError when the budget runs out', () => {
    // 'abc' weighs 4 and 'abc' as text costs 4 × 4 = 16: a budget of 40 pays for two matches, not three.
    const budget = createMatchBudget('ignore', 40);
    const matches = compileGlobs(['abc'], budget);

    expect([matches('abc'), matches('abc')]).toEqual([true, true]);
    expect(budget.remaining).toBe(8);
    expect(() => matches('abc')).toThrow(GlobBudgetError);
    expect(() => matches('abc')).toThrow(
      "matching the ignore globs of the repository's config took more than 40 steps; use fewer or simpler globs",
    );
  });

  it('charges each brace expansion: {a,b}c weighs 3 + 3', () => {
    const budget = createMatchBudget('dockerfiles', 1000);
    const matches = compileGlobs(['{a,b}c'], budget);

    matches('bc');

    expect(budget.remaining).toBe(1000 - 3 * 6);
  });

  it('answers at once where a backtracking matcher never would (in a child process)', () => {
    // The pattern from the report: 25 characters; picomatch ran past any time limit on 60 "a".
    const script = `
      import { compileGlobs, createMatchBudget } from './dist/src/util/glob.js';
      import { createDockerfileMatcher } from './dist/src/dockerfile/index.js';
      const pattern = '*a*a*a*a*a*a*a*a*a*a*a*ab';
      const name = 'a'.repeat(60);
      const longest = '*a'.repeat(16) + 'b';
      const matches = compileGlobs([pattern, longest], createMatchBudget('test'));
      const paths = createDockerfileMatcher({ include: ['**/' + pattern] });
      console.log(JSON.stringify([matches(name), matches('a'.repeat(255)), paths(name + '/' + name + '/' + name)]));
    `;

    const result = runIsolated(script);

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([false, false, false]);
  });

  it('bounds the work of one Dockerfile matcher over a repository of paths', () => {
    const matches = createDockerfileMatcher({ exclude: ['*a'.repeat(16)] });
    const path = `${'a'.repeat(4000)}/Dockerfile`;

    // Each call costs about 4012 × 34 steps: the budget of 200,000,000 lasts some 1,466 paths.
    const answers = (): boolean[] => Array.from({ length: 2000 }, () => matches(path));

    expect(answers).toThrow(GlobBudgetError);
  });
});
