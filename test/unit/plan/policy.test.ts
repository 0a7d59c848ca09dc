import { describe, expect, it } from 'vitest';
import { parseRepoConfig } from '../../../src/config/parse-repo-config.js';
import { parseImageName, type ImageName } from '../../../src/oci/reference.js';
import { isAllowed, isImageIgnored } from '../../../src/plan/policy.js';
import { GlobBudgetError } from '../../../src/util/glob.js';

function nameOf(text: string): ImageName {
  const parsed = parseImageName(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.name;
}

describe('plan/policy', () => {
  it('matches ignore globs on the short and the full image name', () => {
    const policy = parseRepoConfig('ignore:\n  - image: bitnami/*\n  - image: docker.io/library/node\n');

    expect(isImageIgnored(policy, nameOf('bitnami/spark'))).toBe(true);
    expect(isImageIgnored(policy, nameOf('node:22'))).toBe(true);
    expect(isImageIgnored(policy, nameOf('python:3.12'))).toBe(false);
  });

  it('applies version globs only to the images and update types of their rule', () => {
    const policy = parseRepoConfig('ignore:\n  - image: python\n    versions: ["3.14*"]\n    updateTypes: [minor]\n');

    expect(isAllowed(policy, nameOf('python'), '3.14.0', 'minor')).toBe(false);
    expect(isAllowed(policy, nameOf('python'), '3.14.0', 'major')).toBe(true);
    expect(isAllowed(policy, nameOf('python'), '3.13.1', 'minor')).toBe(true);
    expect(isAllowed(policy, nameOf('node'), '3.14.0', 'minor')).toBe(true);
  });

  it('answers the adversarial glob of the report at once, and stops a repository whose matching runs past the budget', () => {
    const glob = '*a*a*a*a*a*a*a*a*a*a*a*ab';
    const policy = parseRepoConfig(`ignore:\n  - image: "*"\n    versions: ["${glob}"]\n`);
    const tag = 'a'.repeat(128);
    const python = nameOf('python');

    expect(isAllowed(policy, python, tag, 'patch')).toBe(true);
    // Each call costs 129 × 26 steps for the version glob: 200,000,000 steps last about 59,600 calls.
    expect(() => {
      for (let i = 0; i < 70_000; i++) isAllowed(policy, python, tag, 'patch');
    }).toThrow(GlobBudgetError);
  });

  it('gives each config (each scan) its own budget', () => {
    const text = `ignore:\n  - image: "*"\n    versions: ["${'*a'.repeat(8)}*b"]\n`;
    const spent = parseRepoConfig(text);
    const tag = 'a'.repeat(128);
    const python = nameOf('python');
    // 129 × 19 steps a call: the budget lasts about 81,600 calls.
    expect(() => {
      for (let i = 0; i < 100_000; i++) isAllowed(spent, python, tag, 'patch');
    }).toThrow(GlobBudgetError);

    const fresh = parseRepoConfig(text);

    expect(isAllowed(fresh, python, tag, 'patch')).toBe(true);
  });
});
