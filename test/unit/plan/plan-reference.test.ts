import { describe, expect, it } from 'vitest';
import { AMD_ARM, factsFor, plan, summary } from './plan-helpers.js';
import { targetTag, writesDigest } from '../../../src/plan/index.js';

const OLD = '2024-06-01T00:00:00Z';

describe('plan/plan-reference', () => {
  it('lists the in-line patch first and the line upgrade second', () => {
    const facts = factsFor([{ tags: ['1.24.1'] }, { tags: ['1.24.7'] }, { tags: ['1.25.1'] }, { tags: ['1.25.0'] }]);

    const proposal = plan('FROM app:1.24.1\n', facts);

    expect(proposal.status).toBe('update');
    expect(summary(proposal)).toEqual([
      ['patch', '1.24.7'],
      ['minor', '1.25.1'],
    ]);
    expect(proposal.updates.map((u) => u.kind)).toEqual(['in-line', 'line-upgrade']);
  });

  it('keeps the precision and the suffix family', () => {
    const facts = factsFor([
      { tags: ['3.11-slim'] },
      { tags: ['3.11.9-slim', '3.11.9'] },
      { tags: ['3.12-slim'] },
      { tags: ['3.12-alpine'] },
    ]);

    const proposal = plan('FROM python:3.11-slim\n', facts);

    expect(summary(proposal)).toEqual([['minor', '3.12-slim']]);
  });

  it('never proposes a pre-release', () => {
    const facts = factsFor([{ tags: ['3.12.4'] }, { tags: ['3.13.0rc2'] }, { tags: ['3.12.5a1'] }]);

    const proposal = plan('FROM python:3.12.4\n', facts);

    expect(proposal.status).toBe('up-to-date');
    expect(proposal.reason).toContain('3.12.4');
  });

  it('does not propose a bump that drops a platform the current tag has, and says so', () => {
    const facts = factsFor([{ tags: ['1.22.1'] }, { tags: ['1.22.3'], platforms: ['linux/amd64'] }, { tags: ['1.22.2'] }]);

    const proposal = plan('FROM golang:1.22.1\n', facts);

    expect(summary(proposal)).toEqual([['patch', '1.22.2']]);
    expect(proposal.notes.join('\n')).toContain('1.22.3 is not built for linux/arm64');
  });

  it('skips the reference when every newer in-line tag drops a platform', () => {
    const facts = factsFor([{ tags: ['1.22.1'] }, { tags: ['1.22.3'], platforms: ['linux/amd64'] }]);

    const proposal = plan('FROM golang:1.22.1\n', facts);

    expect(proposal).toMatchObject({ status: 'skipped', skip: 'platforms' });
    expect(proposal.reason).toContain('linux/arm64');
  });

  it('lets a platform nobody builds for go (mips64le, arm/v5)', () => {
    const facts = factsFor([{ tags: ['3.19.1'], platforms: [...AMD_ARM, 'linux/mips64le', 'linux/arm/v5'] }, { tags: ['3.19.4'] }]);

    expect(summary(plan('FROM alpine:3.19.1\n', facts))).toEqual([['patch', '3.19.4']]);
  });

  it('checks the platforms of the config, then a literal FROM --platform', () => {
    const facts = factsFor([
      { tags: ['1.0.0'], platforms: ['linux/amd64'] },
      { tags: ['1.0.1'], platforms: ['linux/amd64'] },
    ]);

    expect(plan('FROM app:1.0.0\n', facts, 'platforms: [linux/amd64, linux/s390x]\n')).toMatchObject({
      status: 'skipped',
      skip: 'platforms',
    });
    expect(summary(plan('FROM --platform=linux/amd64 app:1.0.0\n', facts))).toEqual([['patch', '1.0.1']]);
    expect(plan('FROM --platform=linux/arm64 app:1.0.0\n', facts)).toMatchObject({ status: 'skipped', skip: 'platforms' });
  });

  it('holds back an image younger than the minimum release age', () => {
    const facts = factsFor([
      { tags: ['1.0.0'], created: OLD },
      { tags: ['1.0.1'], created: '2025-03-31T12:00:00Z' },
    ]);

    const proposal = plan('FROM app:1.0.0\n', facts);

    expect(proposal).toMatchObject({ status: 'skipped', skip: 'too-new' });
    expect(plan('FROM app:1.0.0\n', facts, 'minimumReleaseAge: 6h\n').status).toBe('update');
  });

  it('refreshes an index digest with the new index digest', () => {
    const facts = factsFor([{ tags: ['3.19'] }]);
    const stale = `sha256:${'1'.repeat(64)}`;

    const proposal = plan(`FROM alpine:3.19@${stale}\n`, facts);

    expect(proposal.updates).toMatchObject([{ kind: 'digest', updateType: 'digest', newDigest: facts.digestOf('3.19') }]);
    expect(proposal.updates.map((u) => [targetTag(proposal.ref, u), writesDigest(u)])).toEqual([['3.19', true]]);
  });

  it('keeps a platform manifest digest a platform manifest digest, in tag bumps too', () => {
    const facts = factsFor([{ tags: ['1.0.0'] }, { tags: ['1.0.1'] }]);
    const pinned = facts.entryOf('1.0.0', 'arm64');

    const proposal = plan(`FROM app:1.0.0@${pinned}\n`, facts);

    expect(proposal.updates).toMatchObject([{ updateType: 'patch', newTag: '1.0.1', newDigest: facts.entryOf('1.0.1', 'arm64') }]);
  });

  it('never moves a digest backwards', () => {
    const pinned = `sha256:${'2'.repeat(64)}`;
    const newer = {
      ok: true as const,
      value: { digest: pinned, kind: 'index' as const, platforms: [], entries: [], created: new Date('2025-03-01T00:00:00Z') },
    };
    const facts = factsFor([{ tags: ['3.19'], created: '2025-02-01T00:00:00Z' }], { byDigest: new Map([[pinned, newer]]) });

    const proposal = plan(`FROM alpine:3.19@${pinned}\n`, facts);

    expect(proposal.status).toBe('up-to-date');
  });

  it('follows the tag a digest-only reference points at, and never jumps to latest', () => {
    const facts = factsFor([{ tags: ['latest', '3.13.2'] }, { tags: ['3.12.9'] }]);

    const current = plan(`FROM python@${facts.digestOf('3.12.9')}\n`, facts);
    const unknown = plan(`FROM python@sha256:${'3'.repeat(64)}\n`, facts);

    expect(current).toMatchObject({ status: 'up-to-date', updates: [] });
    expect(current.reason).toContain('python:3.12.9');
    expect(unknown).toMatchObject({ status: 'skipped', skip: 'no-tag' });
  });

  it('reports a tag that does not exist instead of updating from it', () => {
    const facts = factsFor([{ tags: ['3.11.8'] }]);

    expect(plan('FROM python:3.11.99\n', facts)).toMatchObject({ status: 'skipped', skip: 'tag-not-found' });
  });

  it('follows ignore rules and allowed update types', () => {
    const facts = factsFor([{ tags: ['1.24.1'] }, { tags: ['1.24.7'] }, { tags: ['2.0.0'] }]);

    expect(plan('FROM golang:1.24.1\n', facts, 'ignore:\n  - image: golang\n')).toMatchObject({ status: 'skipped', skip: 'ignored' });
    expect(summary(plan('FROM golang:1.24.1\n', facts, 'ignore:\n  - image: golang\n    versions: ["2.*"]\n'))).toEqual([
      ['patch', '1.24.7'],
    ]);
    expect(summary(plan('FROM golang:1.24.1\n', facts, 'updateTypes: [patch, minor]\n'))).toEqual([['patch', '1.24.7']]);
  });

  it('pins the current digest when pinning is on, and gives floating tags digest updates only', () => {
    const facts = factsFor([{ tags: ['bookworm-slim'] }, { tags: ['12.5-slim'] }]);

    expect(summary(plan('FROM debian:bookworm-slim\n', facts, 'pinDigests: true\n'))).toEqual([['pin', 'bookworm-slim']]);
    expect(plan('FROM debian:bookworm-slim\n', facts).status).toBe('up-to-date');
  });

  it('turns registry failures into skip reasons', () => {
    const missing = { ...factsFor([]), tags: { ok: false as const, notFound: true, message: 'not found' } };
    const down = { ...factsFor([]), tags: { ok: false as const, notFound: false, message: 'registry unavailable' } };

    expect(plan('FROM nope:1\n', missing)).toMatchObject({ status: 'skipped', skip: 'image-not-found' });
    expect(plan('FROM nope:1\n', down)).toMatchObject({ status: 'skipped', skip: 'registry-error', reason: 'registry unavailable' });
  });

  it('explains what a floating tag points at now', () => {
    const facts = factsFor([{ tags: ['3.12-slim', '3.12.8-slim'] }, { tags: ['3.12.7-slim'] }]);

    expect(plan('FROM python:3.12-slim\n', facts).notes).toContain('3.12-slim points at the same image as 3.12.8-slim now');
  });

  it('says when an OS variant stopped being rebuilt while a newer one is, and proposes the move as an os update', () => {
    const facts = factsFor([
      { tags: ['3.11.8-alpine3.19'], created: '2024-01-01T00:00:00Z' },
      { tags: ['3.11.11-alpine3.21'], created: '2025-03-01T00:00:00Z' },
    ]);

    const proposal = plan('FROM acme/python:3.11.8-alpine3.19\n', facts);

    expect(summary(proposal)).toEqual([['os', '3.11.11-alpine3.21']]);
    expect(proposal.updates[0]?.reason).toBe(
      '3.11.11-alpine3.21 is the same line as 3.11.8-alpine3.19 on a newer OS release (the alpine3.19 variant has not been rebuilt since 2024-01-01), built 2025-03-01, for linux/amd64, linux/arm64/v8',
    );
    expect(proposal.notes.join('\n')).toMatch(/alpine3\.19 variant .* no longer rebuilt .*3\.11\.11-alpine3\.21/);
  });

  it('proposes no OS move when the config leaves out the os update type, nor while the variant is still rebuilt', () => {
    const frozen = factsFor([
      { tags: ['3.11.8-alpine3.19'], created: '2024-01-01T00:00:00Z' },
      { tags: ['3.11.11-alpine3.21'], created: '2025-03-01T00:00:00Z' },
    ]);
    const rebuilt = factsFor([
      { tags: ['3.11.8-alpine3.19'], created: '2025-03-20T00:00:00Z' },
      { tags: ['3.11.11-alpine3.21'], created: '2025-03-21T00:00:00Z' },
    ]);

    const withoutOs = plan('FROM acme/python:3.11.8-alpine3.19\n', frozen, 'updateTypes: [patch, minor, major]\n');
    const stillBuilt = plan('FROM acme/python:3.11.8-alpine3.19\n', rebuilt);

    expect(withoutOs.updates).toEqual([]);
    expect(stillBuilt.updates).toEqual([]);
  });

  it('passes unresolvable and invalid references through with their reasons', () => {
    expect(plan('ARG B\nFROM $B\n', factsFor([]))).toMatchObject({ status: 'skipped', skip: 'unresolvable' });
  });
});
