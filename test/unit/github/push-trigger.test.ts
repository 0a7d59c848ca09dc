import { describe, expect, it } from 'vitest';
import { parseRepoConfig } from '../../../src/config/parse-repo-config.js';
import type { RepoConfig } from '../../../src/config/schema.js';
import { isDefaultTriggerPath, isRelevantPush } from '../../../src/github/push-trigger.js';
import { ConfigError } from '../../../src/util/errors.js';

/** A config reader that counts its calls. */
function reader(read: () => RepoConfig): { readConfig: () => Promise<RepoConfig>; calls: () => number } {
  let calls = 0;
  return {
    readConfig: () => {
      calls += 1;
      return Promise.resolve().then(read);
    },
    calls: () => calls,
  };
}

describe('github/push-trigger', () => {
  it.each([
    ['Dockerfile', true],
    ['svc/api.Dockerfile', true],
    ['.github/freshbase.yml', true],
    ['.github/workflows/build.yml', true],
    ['k8s/deployment.yaml', true],
    ['charts/app/values.yaml', true],
    ['charts/app/Chart.yaml', true],
    ['compose.yaml', true],
    ['.devcontainer/devcontainer.json', true],
    ['README.md', false],
    ['src/app.ts', false],
    ['.github/dependabot.yml', false],
    ['deploy/app.k8s', false],
  ])('%s changes what a scan reads by default: %s', (path, expected) => {
    expect(isDefaultTriggerPath(path)).toBe(expected);
  });

  it('decides on default names without reading the config', async () => {
    const config = reader(() => parseRepoConfig(''));

    const relevant = await isRelevantPush({ paths: ['README.md', 'k8s/app.yaml'], commits: 1, readConfig: config.readConfig });

    expect(relevant).toBe(true);
    expect(config.calls()).toBe(0);
  });

  it("reads the config once for other paths and matches the repository's include globs", async () => {
    const globs = reader(() =>
      parseRepoConfig('dockerfiles:\n  include: ["docker/*.base"]\nfiles:\n  include:\n    kubernetes: ["deploy/*.k8s"]\n'),
    );

    const manifest = await isRelevantPush({ paths: ['docs/a.md', 'deploy/app.k8s'], commits: 2, readConfig: globs.readConfig });
    const dockerfile = await isRelevantPush({ paths: ['docker/python.base'], commits: 1, readConfig: globs.readConfig });
    const other = await isRelevantPush({ paths: ['docs/a.md'], commits: 1, readConfig: globs.readConfig });

    expect([manifest, dockerfile, other]).toEqual([true, true, false]);
    expect(globs.calls()).toBe(3);
  });

  it('does not rescan for an invalid config the push did not touch, and rescans when the config cannot be read', async () => {
    const invalid = reader(() => {
      throw new ConfigError({ file: '.github/freshbase.yml', line: 1, path: 'x', reason: 'unknown key' });
    });
    const unreachable = reader(() => {
      throw new Error('socket hang up');
    });

    expect(await isRelevantPush({ paths: ['docs/a.md'], commits: 1, readConfig: invalid.readConfig })).toBe(false);
    expect(await isRelevantPush({ paths: ['docs/a.md'], commits: 1, readConfig: unreachable.readConfig })).toBe(true);
  });

  it('rescans a push of more commits than the payload lists, and ignores one that changed nothing', async () => {
    const config = reader(() => parseRepoConfig(''));

    expect(await isRelevantPush({ paths: ['docs/a.md'], commits: 2048, readConfig: config.readConfig })).toBe(true);
    expect(await isRelevantPush({ paths: [], commits: 0, readConfig: config.readConfig })).toBe(false);
    expect(config.calls()).toBe(0);
  });
});
