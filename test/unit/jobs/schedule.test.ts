import { describe, expect, it } from 'vitest';
import { foldOffset, isPassMissed, scheduleOffsetMinutes, scheduleOffsetMs } from '../../../src/jobs/schedule.js';

const iso = (text: string): Date => new Date(text);

describe('jobs/schedule', () => {
  describe('scheduleOffsetMs', () => {
    it('is stable for a key and lies in the window', () => {
      const first = scheduleOffsetMs('acme/api', 3_600_000);

      expect(scheduleOffsetMs('acme/api', 3_600_000)).toBe(first);
      expect(first).toBeGreaterThanOrEqual(0);
      expect(first).toBeLessThan(3_600_000);
      expect(scheduleOffsetMs('acme/web', 3_600_000)).not.toBe(first);
    });

    it('keeps its value across releases, so installed repositories keep their slot', () => {
      // sha256('acme/api') starts c7 1a 17 3c ...: as a fraction of 2^48, times one hour.
      expect(scheduleOffsetMs('acme/api', 3_600_000)).toBe(2_799_841);
      expect(scheduleOffsetMinutes('acme/api', 3_600_000)).toBe(46);
    });

    it('spreads a thousand repositories evenly over the window', () => {
      const buckets = new Array<number>(10).fill(0);

      for (let i = 0; i < 1000; i++) {
        const bucket = Math.floor(scheduleOffsetMs(`org-${i}/repo`, 3_600_000) / 360_000);
        buckets[bucket] = (buckets[bucket] ?? 0) + 1;
      }

      expect(Math.min(...buckets)).toBeGreaterThan(60);
      expect(Math.max(...buckets)).toBeLessThan(140);
    });

    it('is 0 for an empty window, and a window longer than a day counts as a day', () => {
      expect(scheduleOffsetMs('acme/api', 0)).toBe(0);
      expect(scheduleOffsetMinutes('acme/api', 30 * 86_400_000)).toBe(scheduleOffsetMinutes('acme/api', 86_400_000));
    });
  });

  describe('foldOffset', () => {
    it.each([
      ['the weekly default', '0 3 * * 1', 46, 60, ['46 3 * * 1']],
      ['an offset that moves the hour', '30 3 * * 1', 46, 60, ['16 4 * * 1']],
      ['no offset', '15 9 1 * *', 0, 60, ['15 9 1 * *']],
      ['lists of minutes and hours, written once per set of minutes', '0,30 3,15 * * *', 46, 60, ['46 3,15 * * *', '16 4,16 * * *']],
      [
        'a macro, its fields expanded',
        '@weekly',
        10,
        60,
        ['10 0 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31 1,2,3,4,5,6,7,8,9,10,11,12 0'],
      ],
      [
        'a time the offset would push past midnight runs window - offset (40) minutes before its cron time instead',
        '50 23 * * 5',
        20,
        60,
        ['10 23 * * 5'],
      ],
    ])('%s', (_name, cron, offset, window, expected) => {
      expect(foldOffset(cron, offset, window)).toEqual(expected);
    });
  });

  describe('isPassMissed', () => {
    it.each([
      ['the recorded next pass has come', { nextPassAt: iso('2026-11-23T03:46:00Z'), lastPassAt: iso('2026-11-16T03:46:00Z') }, true],
      ['the recorded next pass comes later', { nextPassAt: iso('2026-11-30T03:46:00Z'), lastPassAt: iso('2026-11-23T03:46:00Z') }, false],
      ['several passes were missed (still one run)', { nextPassAt: iso('2026-10-05T03:46:00Z'), lastPassAt: null }, true],
      ['no pass ever ran (the onboarding scan covers it)', { nextPassAt: null, lastPassAt: null }, false],
      [
        'an earlier dashboard without a next pass, its last one over a week old',
        { nextPassAt: null, lastPassAt: iso('2026-11-16T11:59:00Z') },
        true,
      ],
      [
        'an earlier dashboard without a next pass, its last one less than a week old',
        { nextPassAt: null, lastPassAt: iso('2026-11-18T12:00:00Z') },
        false,
      ],
    ])('%s: %s', (_name, record, expected) => {
      expect(isPassMissed(record, iso('2026-11-24T12:00:00Z'))).toBe(expected);
    });
  });
});
