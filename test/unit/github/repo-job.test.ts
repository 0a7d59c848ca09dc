import { describe, expect, it } from 'vitest';
import { mergeJobs, repoJob } from '../../../src/github/repo-job.js';

const API = { owner: 'acme', name: 'api' };

describe('github/repo-job', () => {
  it('is plain data that survives JSON', () => {
    const job = repoJob(7, API, { triggers: ['command'], rebase: [12], ignore: [{ pr: 3, by: 'alice' }] });

    expect(JSON.parse(JSON.stringify(job))).toEqual(job);
    expect(job).toEqual({
      key: 'acme/api',
      installationId: 7,
      repo: { owner: 'acme', name: 'api' },
      reasons: { triggers: ['command'], rebase: [12], rebuild: null, ignore: [{ pr: 3, by: 'alice' }], commands: [] },
    });
  });

  it('merges into one follow-up run carrying the union of every reason', () => {
    const push = repoJob(7, API, { triggers: ['push'] });
    const rebase = repoJob(7, API, { triggers: ['command'], rebase: [12, 4] });
    const scheduled = repoJob(8, API, { triggers: ['schedule'], rebuild: 'scheduled' });
    const ignore = repoJob(8, API, { triggers: ['command'], rebase: [4], ignore: [{ pr: 9, by: 'bob' }] });

    const merged = [rebase, scheduled, ignore].reduce(mergeJobs, push);

    expect(merged).toEqual({
      key: 'acme/api',
      installationId: 8,
      repo: { owner: 'acme', name: 'api' },
      reasons: {
        triggers: ['push', 'command', 'schedule'],
        rebase: [4, 12],
        rebuild: 'scheduled',
        ignore: [{ pr: 9, by: 'bob' }],
        commands: [],
      },
    });
  });

  it.each([
    [null, 'scheduled', 'scheduled'],
    ['scheduled', null, 'scheduled'],
    ['scheduled', 'forced', 'forced'],
    ['forced', 'scheduled', 'forced'],
    [null, null, null],
  ] as const)('a rebuild of %s merged with %s is %s: a forced rebuild wins', (first, second, expected) => {
    const merged = mergeJobs(
      repoJob(1, API, { triggers: ['command'], rebuild: first }),
      repoJob(1, API, { triggers: ['command'], rebuild: second }),
    );

    expect(merged.reasons.rebuild).toBe(expected);
  });

  it('keeps one ignore request per pull request, the first one asked', () => {
    const first = repoJob(1, API, { triggers: ['command'], ignore: [{ pr: 5, by: 'alice' }] });
    const second = repoJob(1, API, {
      triggers: ['command'],
      ignore: [
        { pr: 5, by: 'bob' },
        { pr: 2, by: 'bob' },
      ],
    });

    expect(mergeJobs(first, second).reasons.ignore).toEqual([
      { pr: 2, by: 'bob' },
      { pr: 5, by: 'alice' },
    ]);
  });

  it('keeps every command still to check, once each, in arrival order', () => {
    const rebase = { issue: 12, isPull: true, by: 'alice', issueAuthor: 'freshbase[bot]', command: 'rebase', via: 'comment' } as const;
    const unknown = {
      issue: 3,
      isPull: false,
      by: 'bob',
      issueAuthor: 'freshbase[bot]',
      command: { unknown: 'go' },
      via: 'comment',
    } as const;
    const first = repoJob(1, API, { triggers: ['command'], commands: [rebase] });
    const second = repoJob(1, API, { triggers: ['command'], commands: [unknown, rebase] });

    expect(mergeJobs(first, second).reasons.commands).toEqual([rebase, unknown]);
  });

  it('refuses to merge jobs of two repositories', () => {
    expect(() =>
      mergeJobs(repoJob(1, API, { triggers: ['push'] }), repoJob(1, { owner: 'acme', name: 'web' }, { triggers: ['push'] })),
    ).toThrow('cannot merge jobs of acme/api and acme/web');
  });
});
