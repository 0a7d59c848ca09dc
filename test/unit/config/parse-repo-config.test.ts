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
      files: {
        kinds: { dockerfile: true, kubernetes: true, helm: true, compose: true, workflow: true, devcontainer: true },
        include: { kubernetes: [], helm: [], compose: [], workflow: [], devcontainer: [] },
        exclude: [],
      },
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
    [
      `ignore:\n  - image: python\n    versions: ["${'*a'.repeat(17)}"]\n`,
      3,
      'ignore[0].versions[0]',
      'glob has 17 wildcards (* ? [); at most 16',
    ],
    [`dockerfiles:\n  include: ["${'x'.repeat(201)}"]\n`, 2, 'dockerfiles.include[0]', 'glob is 201 characters long (at most 200)'],
    [
      'rebuild:\n  targets:\n    - workflow: b.yml\n      dockerfiles: ["{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"]\n',
      4,
      'rebuild.targets[0].dockerfiles[0]',
      'more than 32 patterns',
    ],
    ['ignore:\n  - image: "x{1..99999999999999999999}"\n', 2, 'ignore[0].image', 'more than 32 patterns'],
    ['files:\n  kinds:\n    helm: maybe\n', 3, 'files.kinds.helm', 'expected boolean'],
    ['files:\n  kinds:\n    podman: false\n', 3, 'files.kinds.podman', 'unknown key "podman"'],
    [`files:\n  include:\n    kubernetes: ["${'*a'.repeat(17)}"]\n`, 3, 'files.include.kubernetes[0]', 'glob has 17 wildcards'],
    ['files:\n  include:\n    dockerfile: ["x"]\n', 3, 'files.include.dockerfile', 'unknown key "dockerfile"'],
    ['files:\n  exclude:\n    - vendor/**\n    - ""\n', 4, 'files.exclude[1]', 'a glob cannot be empty'],
  ])('rejects %j at line %i, key %s', (text, line, path, reason) => {
    const error = errorOf(text);

    expect(error.line).toBe(line);
    expect(error.path).toBe(path);
    expect(error.message).toContain(reason);
    expect(error.message).toMatch(/^\.github\/freshbase\.yml:\d+ at /);
  });

  it('refuses a config with more than 1000 globs in all, at the key of the first one over', () => {
    const rules = Array.from(
      { length: 100 },
      (_, i) => `  - image: img${i}\n    versions: [${Array.from({ length: 9 }, (_, j) => `"${j}.*"`).join(', ')}]\n`,
    );
    const text = `dockerfiles:\n  include: [a, b]\nignore:\n${rules.join('')}`;

    const error = errorOf(text);

    // 2 include globs, then 10 per rule (image, 9 versions): the 1001st glob (index 1000 = 2 + 99 * 10 + 8) is rule 99's 8th version.
    expect(error.path).toBe('ignore[99].versions[7]');
    expect(error.line).toBe(3 + 2 * 99 + 2);
    expect(error.message).toContain('the config has 1002 globs; at most 1000 in all');
  });

  it('reads the files key: kinds turned off, include globs per kind, exclude globs', () => {
    const config = parseRepoConfig(
      'files:\n  kinds: { kubernetes: false }\n  include:\n    helm: ["deploy/*.values.yaml"]\n  exclude: [vendor/**]\n',
    );

    expect(config.files.kinds).toEqual({
      dockerfile: true,
      kubernetes: false,
      helm: true,
      compose: true,
      workflow: true,
      devcontainer: true,
    });
    expect(config.files.include.helm).toEqual(['deploy/*.values.yaml']);
    expect(config.files.exclude).toEqual(['vendor/**']);
  });

  it('counts files globs in the limit of 1000 globs', () => {
    const globs = Array.from({ length: 100 }, (_, i) => `"g${i}/*"`).join(', ');
    const kinds = ['kubernetes', 'helm', 'compose', 'workflow', 'devcontainer'];
    const include = kinds.map((kind) => `    ${kind}: [${globs}]\n`).join('');
    const rules = Array.from(
      { length: 50 },
      (_, i) => `  - image: img${i}\n    versions: [${Array.from({ length: 9 }, (_, j) => `"${j}.*"`).join(', ')}]\n`,
    );

    const error = errorOf(`files:\n  include:\n${include}  exclude: [${globs}]\nignore:\n${rules.join('')}`);

    // 600 files globs, then 10 per ignore rule: the 1001st glob (index 1000 = 600 + 40 * 10) is rule 40's image.
    expect(error.path).toBe('ignore[40].image');
    expect(error.message).toContain('the config has 1100 globs; at most 1000 in all');
  });

  it.each([
    ['<<: *a\n', 'Unresolved alias (the anchor must be set before the alias): a'],
    [
      'a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n',
      'resource exhaustion',
    ],
  ])('turns a YAML alias failure of %j into a ConfigError', (text, reason) => {
    const error = errorOf(text);

    expect(error.message).toContain(reason);
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

  it.each([
    ['registries:\n  - host: ghcr.io\n    username: ci\n    password: hunter2-canary\n', 'registries'],
    ['credentials:\n  ghcr.io: hunter2-canary\n', 'credentials'],
    ['auths:\n  ghcr.io:\n    auth: aHVudGVyMi1jYW5hcnk=\n', 'auths'],
    ['ignore:\n  - image: python\n    password: hunter2-canary\n', 'ignore[0].password'],
    ['rebuild:\n  targets:\n    - workflow: build.yml\n      token: hunter2-canary\n', 'rebuild.targets[0].token'],
  ])('takes no registry credentials from a repository: %j is refused without repeating the value', (text, path) => {
    const error = errorOf(text);

    expect(error.path).toBe(path);
    expect(error.message).toMatch(/unknown key/);
    expect(error.message).not.toMatch(/hunter2|aHVudGVy/);
  });
});
