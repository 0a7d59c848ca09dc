import { describe, expect, it } from 'vitest';
import { parseRepoConfig } from '../../../src/config/parse-repo-config.js';
import { ConfigError } from '../../../src/util/errors.js';

function errorOf(text: string): ConfigError {
  try {
    parseRepoConfig(text);
  } catch (error: unknown) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('config/parse-repo-config', () => {
  it('fills every default for an empty file', () => {
    const config = parseRepoConfig('');

    expect(config).toMatchObject({
      enabled: true,
      updateTypes: ['patch', 'minor', 'major', 'digest', 'pin', 'os'],
      minimumReleaseAge: 3 * 86_400_000,
      pinDigests: false,
      followDigests: true,
      pullRequests: { limit: 5, hourlyLimit: 2, labels: ['dependencies', 'docker'] },
      schedule: { cron: '0 3 * * 1', timezone: 'UTC' },
      rebuild: { when: 'changed', maxAge: 7 * 86_400_000 },
    });
    expect(config.platforms).toBeUndefined();
  });

  it('reads durations, ignore rules, platforms and the rebuild shorthand', () => {
    const config = parseRepoConfig(
      'minimumReleaseAge: 12h\nignore:\n  - image: python\n    versions: ["3.13*"]\nplatforms: [linux/amd64, linux/arm64/v8]\nrebuild: always\n',
    );

    expect(config.minimumReleaseAge).toBe(12 * 3_600_000);
    expect(config.ignore).toEqual([{ image: 'python', versions: ['3.13*'] }]);
    expect(config.platforms).toEqual(['linux/amd64', 'linux/arm64/v8']);
    expect(config.rebuild).toEqual({ when: 'always', maxAge: 7 * 86_400_000 });
  });

  it.each([
    ['enabled: true\nminimumReleaseAge: soon\n', 2, 'minimumReleaseAge', 'not a duration'],
    ['pullRequests:\n  limit: -1\n', 2, 'pullRequests.limit', ''],
    ['pullRequests:\n  labelz: [a]\n', 2, 'pullRequests.labelz', 'unknown key'],
    ['ignore:\n  - image: python\n  - versions: [x]\n', 3, 'ignore[1].image', ''],
    ['platforms: [amd64]\n', 1, 'platforms[0]', 'os/architecture'],
    ['schedule:\n  cron: "0 25 * * *"\n', 2, 'schedule.cron', 'hour'],
    [
      'schedule:\n  timezone: UTC\n  cron: "0 0 30 2 *"\n',
      3,
      'schedule.cron',
      '"0 0 30 2 *": it never fires: day 30 does not occur in the months it names',
    ],
    ['schedule:\n  cron: "0 3 * * 1 2026"\n', 2, 'schedule.cron', 'it has 6 fields'],
    ['schedule:\n  timezone: Mars/Olympus\n', 2, 'schedule.timezone', 'Mars/Olympus'],
  ])('rejects %j at line %i, key %s', (text, line, path, reason) => {
    const error = errorOf(text);

    expect(error.line).toBe(line);
    expect(error.path).toBe(path);
    expect(error.message).toContain(reason);
    expect(error.message).toMatch(/^\.github\/freshbase\.yml:\d+ at /);
  });

  it('names the line of a YAML syntax error', () => {
    const error = errorOf('enabled: true\nignore: [\n  - x\n');

    expect(error.line).toBeGreaterThanOrEqual(2);
    expect(error.path).toBe('');
  });

  it('refuses duplicate keys and oversized files', () => {
    expect(() => parseRepoConfig('enabled: true\nenabled: false\n')).toThrow(ConfigError);
    expect(() => parseRepoConfig(`# ${'x'.repeat(70_000)}`)).toThrow(/larger than/);
  });
});
