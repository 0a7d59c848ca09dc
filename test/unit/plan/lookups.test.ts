import { describe, expect, it } from 'vitest';
import { factsFor, plan, summary } from './plan-helpers.js';

describe('plan/plan-reference: asks only for the registry facts that decide', () => {
  it('looks candidates up newest first and stops at the first one it accepts', () => {
    const facts = factsFor([{ tags: ['1.24.1'] }, { tags: ['1.24.7'] }, { tags: ['1.24.6'] }, { tags: ['1.24.5'] }]);
    const asked: string[] = [];

    const proposal = plan('FROM app:1.24.1\n', facts, '', { asked });

    expect(summary(proposal)).toEqual([['patch', '1.24.7']]);
    expect(asked.sort()).toEqual(['digest:1.24.1', 'full:1.24.7']);
  });

  it('looks at an older candidate only once the newer one is passed over', () => {
    const facts = factsFor([
      { tags: ['1.24.1'] },
      { tags: ['1.24.7'], platforms: ['linux/amd64'] },
      { tags: ['1.24.6'] },
      { tags: ['1.24.5'] },
    ]);
    const asked: string[] = [];

    const proposal = plan('FROM app:1.24.1\n', facts, '', { asked });

    expect(summary(proposal)).toEqual([['patch', '1.24.6']]);
    // 1.24.7 lacks linux/arm64, so whether the current tag has it decides: its facts are read.
    expect(asked.sort()).toEqual(['digest:1.24.1', 'full:1.24.1', 'full:1.24.6', 'full:1.24.7']);
  });

  it('reads a floating tag with nothing newer by its digest alone', () => {
    const facts = factsFor([{ tags: ['bookworm-slim'] }, { tags: ['bookworm-20250317-slim'] }]);
    const asked: string[] = [];

    const proposal = plan('FROM debian:bookworm-slim\n', facts, '', { asked });

    expect(proposal).toMatchObject({ status: 'up-to-date', reason: 'no newer compatible tag than bookworm-slim' });
    expect(asked).toEqual(['digest:bookworm-slim']);
  });

  it('passes over line upgrades past the lts line by their tags, reading the digests that find the line (no release-line data)', () => {
    const facts = factsFor([{ tags: ['20.11.0'] }, { tags: ['22.14.0', 'lts'] }, { tags: ['23.11.0'] }, { tags: ['23.10.0'] }]);
    const asked: string[] = [];

    const proposal = plan('FROM acme/node:20.11.0\n', facts, '', { asked });

    expect(summary(proposal)).toEqual([['major', '22.14.0']]);
    expect(asked).not.toContain('full:23.11.0');
    expect(asked).not.toContain('full:23.10.0');
    expect(asked).toContain('full:22.14.0');
  });

  it('reads the pre-release evidence of a candidate before taking it: the channels and its own pre-releases', () => {
    const facts = factsFor([{ tags: ['24.04'] }, { tags: ['24.10'] }, { tags: ['rolling', 'devel'] }]);
    const asked: string[] = [];

    const proposal = plan('FROM acme/os:24.04\n', facts, '', { asked });

    expect(summary(proposal)).toEqual([['minor', '24.10']]);
    expect(asked).toEqual(expect.arrayContaining(['digest:rolling', 'digest:devel', 'full:24.10']));
  });
});
