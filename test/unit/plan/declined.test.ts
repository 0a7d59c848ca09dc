import { describe, expect, it } from 'vitest';
import { DashboardState } from '../../../src/github/markers.js';
import { applyDeclined, declinedVersionOf, mergeDeclined, planRepository } from '../../../src/plan/index.js';
import { factsFor, plan } from './plan-helpers.js';

const facts = factsFor([{ tags: ['3.11.8'] }, { tags: ['3.11.9'] }, { tags: ['3.12.1'] }, { tags: ['4.0.0'] }]);

describe('plan/declined', () => {
  it.each([
    [{ type: 'patch', tag: '3.11.9', digest: null }, '3.11.9'],
    [{ type: 'major', tag: '4.0.0', digest: null }, 'major:4'],
    [{ type: 'digest', tag: '3.11', digest: 'sha256:ab' }, 'sha256:ab'],
    [{ type: 'pin', tag: '3.11', digest: 'sha256:cd' }, 'sha256:cd'],
  ] as const)('records %j as %s', (change, version) => {
    expect(declinedVersionOf(change)).toBe(version);
  });

  it('drops a declined update and keeps the others, with a note naming the pull request', () => {
    const proposal = plan('FROM python:3.11.8\n', facts);

    const [after] = applyDeclined([proposal], [{ image: 'python', version: 'major:4', pr: 9 }]);

    expect(after?.updates.map((u) => u.updateType)).toEqual(['patch']);
    expect(after?.notes).toContain('4.0.0 was declined in #9');
  });

  it('skips a reference whose every update was declined, with the declined code', () => {
    const proposal = plan('FROM python:3.11.8\n', facts);

    const [after] = applyDeclined(
      [proposal],
      [
        { image: 'python', version: '3.11.9' },
        { image: 'python', version: 'major:4', pr: 3 },
      ],
    );

    expect(after).toMatchObject({
      status: 'skipped',
      skip: 'declined',
      reason: '3.11.9 was declined; 4.0.0 was declined in #3',
      updates: [],
    });
  });

  it('merges lists without repeating an image and version', () => {
    expect(
      mergeDeclined(
        [{ image: 'python', version: '3.12.1', pr: 1 }],
        [
          { image: 'python', version: '3.12.1', pr: 2 },
          { image: 'node', version: 'major:23' },
        ],
      ),
    ).toEqual([
      { image: 'python', version: '3.12.1', pr: 1 },
      { image: 'node', version: 'major:23' },
    ]);
  });

  it('reads the dashboard field `ignored` that earlier versions wrote, next to `declined`; planning keeps each entry once', () => {
    const state = DashboardState.parse({
      declined: [{ image: 'python', version: '3.12.1', pr: 4 }],
      ignored: [
        { image: 'python', version: '3.12.1', pr: 4 },
        { image: 'node', version: 'major:23', pr: 2 },
      ],
      scannedAt: '2025-04-01T00:00:00.000Z',
    });

    expect(state.scannedAt).toBe('2025-04-01T00:00:00.000Z');
    expect(planRepository({ proposals: [], declined: state.declined }).declined).toEqual([
      { image: 'python', version: '3.12.1', pr: 4 },
      { image: 'node', version: 'major:23', pr: 2 },
    ]);
  });
});
