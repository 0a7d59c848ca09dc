import { describe, expect, it } from 'vitest';
import { initialFacts, planReference, type LookupFailure } from '../../../src/plan/index.js';
import { parseRepoConfig } from '../../../src/config/parse-repo-config.js';
import { factsFor, NOW, plan, refOf, summary } from './plan-helpers.js';

const DOWN: LookupFailure = { ok: false, notFound: false, message: 'docker.io/library/app: registry unavailable (HTTP 500)' };

describe('plan/plan-reference: no decision on incomplete registry data', () => {
  it('skips the reference, never falling back to an older tag, when the newest in-line candidate cannot be looked up', () => {
    const facts = factsFor([{ tags: ['1.24.1'] }, { tags: ['1.24.7'] }, { tags: ['1.24.6'] }]);

    const complete = plan('FROM app:1.24.1\n', facts);
    const incomplete = plan('FROM app:1.24.1\n', facts, '', { failing: { '1.24.7': DOWN } });

    expect(summary(complete)).toEqual([['patch', '1.24.7']]);
    expect(incomplete).toMatchObject({
      status: 'skipped',
      skip: 'registry-error',
      reason: 'could not look up 1.24.7: docker.io/library/app: registry unavailable (HTTP 500)',
      updates: [],
    });
  });

  it('skips the reference when the newest line upgrade cannot be looked up, its in-line update too', () => {
    const facts = factsFor([{ tags: ['1.24.1'] }, { tags: ['1.24.7'] }, { tags: ['1.25.1'] }, { tags: ['1.25.0'] }]);

    const proposal = plan('FROM app:1.24.1\n', facts, '', { failing: { '1.25.1': DOWN } });

    expect(proposal).toMatchObject({ status: 'skipped', skip: 'registry-error', reason: expect.stringContaining('1.25.1') as string });
  });

  it('never lets a pre-release through when the digest of its pre-release alias cannot be looked up', () => {
    const facts = factsFor([{ tags: ['24-jdk'] }, { tags: ['25-jdk', '25-ea-16-jdk'] }]);

    const complete = plan('FROM acme/jdk:24-jdk\n', facts);
    const incomplete = plan('FROM acme/jdk:24-jdk\n', facts, '', { failing: { '25-ea-16-jdk': DOWN } });

    expect(complete).toMatchObject({ status: 'up-to-date', updates: [] });
    expect(incomplete).toMatchObject({
      status: 'skipped',
      skip: 'registry-error',
      reason: expect.stringContaining('25-ea-16-jdk') as string,
    });
  });

  it('never lets a pre-release through when the digest of a development channel cannot be looked up', () => {
    const facts = factsFor([{ tags: ['24.04'] }, { tags: ['24.10', 'devel'] }]);

    const complete = plan('FROM acme/os:24.04\n', facts);
    const incomplete = plan('FROM acme/os:24.04\n', facts, '', { failing: { devel: DOWN } });

    expect(complete).toMatchObject({ status: 'up-to-date', reason: 'no newer compatible tag than 24.04' });
    expect(incomplete).toMatchObject({ status: 'skipped', skip: 'registry-error', reason: expect.stringContaining('devel') as string });
  });

  it("skips the reference when the current tag's platforms decide and cannot be looked up, and reads them only then", () => {
    const dropsArm = factsFor([{ tags: ['1.22.1'] }, { tags: ['1.22.2'], platforms: ['linux/amd64'] }]);
    const keepsBoth = factsFor([{ tags: ['1.22.1'] }, { tags: ['1.22.2'] }]);
    const failing = { 'full:1.22.1': DOWN };

    const complete = plan('FROM app:1.22.1\n', dropsArm);
    const incomplete = plan('FROM app:1.22.1\n', dropsArm, '', { failing });
    const notNeeded = plan('FROM app:1.22.1\n', keepsBoth, '', { failing });

    expect(complete).toMatchObject({ status: 'skipped', skip: 'platforms' });
    expect(incomplete).toMatchObject({ status: 'skipped', skip: 'registry-error', reason: expect.stringContaining('1.22.1') as string });
    expect(summary(notNeeded)).toEqual([['patch', '1.22.2']]);
  });

  it('skips a pinned reference when the pinned digest decides (is the new digest older?) and cannot be looked up', () => {
    const pinned = `sha256:${'4'.repeat(64)}`;
    const facts = factsFor([{ tags: ['3.19'], created: '2025-02-01T00:00:00Z' }]);

    const gone = plan(`FROM alpine:3.19@${pinned}\n`, facts);
    const incomplete = plan(`FROM alpine:3.19@${pinned}\n`, facts, '', { failing: { [pinned]: DOWN } });

    // A pinned digest the registry no longer has is no evidence either way: the refresh goes ahead.
    expect(gone.updates).toMatchObject([{ kind: 'digest', newDigest: facts.digestOf('3.19') }]);
    expect(incomplete).toMatchObject({
      status: 'skipped',
      skip: 'registry-error',
      reason: expect.stringContaining('sha256:4444') as string,
    });
  });

  it("skips a line upgrade decision when the image's lts alias cannot be looked up (no release-line data covers it)", () => {
    const facts = factsFor([{ tags: ['20.11.0'] }, { tags: ['22.14.0', 'lts'] }, { tags: ['23.11.0'] }]);

    const complete = plan('FROM acme/node:20.11.0\n', facts);
    const incomplete = plan('FROM acme/node:20.11.0\n', facts, '', { failing: { lts: DOWN } });

    expect(summary(complete)).toEqual([['major', '22.14.0']]);
    expect(complete.notes).toContain('23.11.0 is not a long-term support line (lts is 22.14.0)');
    expect(incomplete).toMatchObject({ status: 'skipped', skip: 'registry-error', reason: expect.stringContaining('lts') as string });
  });

  it("keeps the current tag's lookup failures as before: not found is tag-not-found, anything else registry-error", () => {
    const facts = factsFor([{ tags: ['1.0.0'] }]);
    const gone: LookupFailure = { ok: false, notFound: true, message: 'docker.io/library/app: not found (HTTP 404)' };

    expect(plan('FROM app:1.0.0\n', facts, '', { failing: { '1.0.0': gone } })).toMatchObject({ status: 'skipped', skip: 'tag-not-found' });
    expect(plan('FROM app:1.0.0\n', facts, '', { failing: { '1.0.0': DOWN } })).toMatchObject({
      status: 'skipped',
      skip: 'registry-error',
      reason: DOWN.message,
    });
  });

  it("gives a rate limit's sentence as the reason, with when the registry takes requests again", () => {
    const facts = factsFor([{ tags: ['1.24.1'] }, { tags: ['1.24.7'] }]);
    const retryAt = Date.parse('2025-04-01T14:05:00Z');
    const limited: LookupFailure = {
      ok: false,
      notFound: false,
      message: 'rate limit of docker.io reached; retry after 14:05 UTC',
      retryAt,
    };

    const proposal = plan('FROM app:1.24.1\n', facts, '', { failing: { '1.24.7': limited } });

    expect(proposal).toEqual({
      ref: proposal.ref,
      status: 'skipped',
      updates: [],
      skip: 'registry-error',
      reason: 'rate limit of docker.io reached; retry after 14:05 UTC',
      notes: [],
      retryAt: '2025-04-01T14:05:00.000Z',
    });
  });

  it('decides on what it has when a failed lookup could not change the decision (an older candidate, never asked for)', () => {
    const facts = factsFor([{ tags: ['1.24.1'] }, { tags: ['1.24.7'] }, { tags: ['1.24.6'] }]);

    expect(summary(plan('FROM app:1.24.1\n', facts, '', { failing: { '1.24.6': DOWN } }))).toEqual([['patch', '1.24.7']]);
  });

  it('skips a reference whose planner still asks for lookups when the scan stops answering, naming them', () => {
    const facts = factsFor([{ tags: ['1.24.1'] }, { tags: ['1.24.7'] }]);

    const proposal = planReference({
      ref: refOf('FROM app:1.24.1\n'),
      facts: initialFacts(facts.tags),
      policy: parseRepoConfig(''),
      now: NOW,
    });

    expect(proposal).toMatchObject({
      status: 'skipped',
      skip: 'registry-error',
      reason: expect.stringMatching(/^registry facts missing for .*1\.24\.7/) as string,
    });
  });
});
