import { describe, expect, it } from 'vitest';
import { InvalidScheduleError } from '../../../src/jobs/errors.js';
import {
  isMissedRun,
  nextRunAfter,
  previousRunBefore,
  scheduleOffsetMs,
  validateCron,
  validateTimeZone,
} from '../../../src/jobs/schedule.js';

const iso = (text: string): Date => new Date(text);

describe('jobs/schedule', () => {
  describe('validateCron', () => {
    it.each([
      '0 3 * * 1',
      '*/15 * * * *',
      '0 0-23/6 1,15 * MON-FRI',
      '0 3 * jan-mar sun',
      '0 0 * * 7',
      '  5 4  * * *  ',
      '@weekly',
      '@daily',
      '30 2 29 2 *',
    ])('accepts %j', (expression) => {
      expect(validateCron(expression)).toBeNull();
    });

    it.each([
      ['61 3 * * 1', 'minute 61 is out of range 0-59'],
      ['0 24 * * *', 'hour 24 is out of range 0-23'],
      ['0 3 0 * *', 'day of month 0 is out of range 1-31'],
      ['0 3 * 13 *', 'month 13 is out of range 1-12'],
      ['0 3 * * 8', 'day of week 8 is out of range 0-7'],
      ['0 3 * * 1 2026', 'it has 6 fields; a cron expression has 5 (minute hour day-of-month month day-of-week), without seconds'],
      ['0 3 * *', 'it has 4 fields; a cron expression has 5 (minute hour day-of-month month day-of-week)'],
      ['', 'it has 0 fields; a cron expression has 5 (minute hour day-of-month month day-of-week)'],
      ['*/0 * * * *', 'step "0" in the minute field must be at least 1'],
      ['5/15 * * * *', '"5/15" in the minute field: a step needs a range or *'],
      ['0 3 * * FRI-MON', 'range "FRI-MON" in the day of week field runs backwards'],
      ['0 3 L * *', '"L" in the day of month field is not supported (no L, W, # or ?)'],
      ['0 3 * * 1#2', '"1#2" in the day of week field is not supported (no L, W, # or ?)'],
      ['0 3 * * MONDAY', '"MONDAY" is not a valid day of week'],
      ['0 3 1,,2 * *', 'the day of month field "1,,2" has an empty list item'],
      ['@reboot', '"@reboot" is not a supported macro (@yearly, @monthly, @weekly, @daily, @hourly)'],
      ['0 0 31 2 *', 'it never matches a date'],
    ])('rejects %j: %s', (expression, reason) => {
      expect(validateCron(expression)).toBe(reason);
    });
  });

  it.each([
    ['UTC', null],
    ['Europe/Berlin', null],
    ['Mars/Olympus', '"Mars/Olympus" is not an IANA time zone like UTC or Europe/Berlin'],
  ])('validateTimeZone(%j)', (timezone, expected) => {
    expect(validateTimeZone(timezone)).toBe(expected);
  });

  describe('nextRunAfter', () => {
    it.each([
      ['weekly on Monday from a Wednesday', '0 3 * * 1', 'UTC', '2026-11-25T10:00:00Z', '2026-11-30T03:00:00.000Z'],
      ['strictly after a run time', '0 3 * * 1', 'UTC', '2026-11-23T03:00:00Z', '2026-11-30T03:00:00.000Z'],
      ['just before a run time', '0 3 * * 1', 'UTC', '2026-11-23T02:59:59.999Z', '2026-11-23T03:00:00.000Z'],
      ['steps and lists', '*/20 9,17 * * *', 'UTC', '2026-11-25T09:41:00Z', '2026-11-25T17:00:00.000Z'],
      ['names', '0 6 * feb fri', 'UTC', '2026-11-25T00:00:00Z', '2027-02-05T06:00:00.000Z'],
      ['Sunday written as 7', '0 0 * * 7', 'UTC', '2026-11-25T00:00:00Z', '2026-11-29T00:00:00.000Z'],
      ['day of month OR day of week when both are restricted', '0 0 13 * 5', 'UTC', '2026-02-01T00:00:00Z', '2026-02-06T00:00:00.000Z'],
      ['day of month AND day of week when one starts with *', '0 0 */13 * 5', 'UTC', '2026-02-01T00:00:00Z', '2026-02-27T00:00:00.000Z'],
      ['a time zone east of UTC', '0 3 * * 1', 'Europe/Berlin', '2026-11-25T00:00:00Z', '2026-11-30T02:00:00.000Z'],
      ['summer time in New York', '0 3 * * 1', 'America/New_York', '2026-07-01T00:00:00Z', '2026-07-06T07:00:00.000Z'],
      ['a 45-minute offset', '0 9 * * *', 'Asia/Kathmandu', '2026-11-25T00:00:00Z', '2026-11-25T03:15:00.000Z'],
      [
        'a time skipped by the spring change (moved forward by the gap)',
        '30 2 * * *',
        'Europe/Berlin',
        '2026-03-29T00:00:00Z',
        '2026-03-29T01:30:00.000Z',
      ],
      [
        'a time repeated by the autumn change (first occurrence)',
        '30 2 * * *',
        'Europe/Berlin',
        '2026-10-24T12:00:00Z',
        '2026-10-25T00:30:00.000Z',
      ],
      ['not the second occurrence of a repeated time', '30 2 * * *', 'Europe/Berlin', '2026-10-25T00:30:00Z', '2026-10-26T01:30:00.000Z'],
      ['hourly across the spring change', '0 * * * *', 'Europe/Berlin', '2026-03-29T00:30:00Z', '2026-03-29T01:00:00.000Z'],
      ['leap day', '0 0 29 2 *', 'UTC', '2026-03-01T00:00:00Z', '2028-02-29T00:00:00.000Z'],
      ['a macro', '@monthly', 'UTC', '2026-11-25T00:00:00Z', '2026-12-01T00:00:00.000Z'],
    ])('%s', (_name, cron, timezone, after, expected) => {
      expect(nextRunAfter(cron, timezone, iso(after)).toISOString()).toBe(expected);
    });

    it('throws InvalidScheduleError naming the expression', () => {
      expect(() => nextRunAfter('0 3 * * 9', 'UTC', iso('2026-11-25T00:00:00Z'))).toThrow(
        new InvalidScheduleError({ cron: '0 3 * * 9', timezone: 'UTC', reason: 'day of week 9 is out of range 0-7' }),
      );
      expect(() => nextRunAfter('0 3 * * 1', 'Nowhere/City', iso('2026-11-25T00:00:00Z'))).toThrow(
        /"0 3 \* \* 1" \(Nowhere\/City\) is invalid/,
      );
    });
  });

  describe('previousRunBefore', () => {
    it.each([
      ['weekly on Monday from a Wednesday', '0 3 * * 1', 'UTC', '2026-11-25T10:00:00Z', '2026-11-23T03:00:00.000Z'],
      ['strictly before a run time', '0 3 * * 1', 'UTC', '2026-11-23T03:00:00Z', '2026-11-16T03:00:00.000Z'],
      ['in a time zone', '0 3 * * 1', 'Europe/Berlin', '2026-11-25T00:00:00Z', '2026-11-23T02:00:00.000Z'],
      ['yearly', '0 0 1 1 *', 'UTC', '2026-06-01T00:00:00Z', '2026-01-01T00:00:00.000Z'],
      ['the repeated hour of the autumn change', '30 2 * * *', 'Europe/Berlin', '2026-10-25T01:45:00Z', '2026-10-25T00:30:00.000Z'],
    ])('%s', (_name, cron, timezone, before, expected) => {
      expect(previousRunBefore(cron, timezone, iso(before))?.toISOString()).toBe(expected);
    });

    it('returns null for an expression that never matches', () => {
      expect(previousRunBefore('0 0 31 2 *', 'UTC', iso('2026-01-02T00:00:00Z'))).toBeNull();
    });
  });

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

    it('is 0 for an empty window', () => {
      expect(scheduleOffsetMs('acme/api', 0)).toBe(0);
    });
  });

  describe('isMissedRun', () => {
    const base = { cron: '0 3 * * 1', timezone: 'UTC', offsetMs: 10 * 60_000 };

    it.each([
      ['the last run was before the latest slot', '2026-11-16T03:10:00Z', '2026-11-24T12:00:00Z', true],
      ['the last run was the latest slot', '2026-11-23T03:10:00Z', '2026-11-24T12:00:00Z', false],
      ['the latest slot is not due yet with its offset', '2026-11-16T03:10:00Z', '2026-11-23T03:05:00Z', false],
      ['the latest slot is due with its offset', '2026-11-16T03:10:00Z', '2026-11-23T03:10:00Z', true],
      ['several slots were missed (still one run)', '2026-10-05T03:10:00Z', '2026-11-24T12:00:00Z', true],
    ])('%s', (_name, lastRunAt, now, expected) => {
      expect(isMissedRun({ ...base, lastRunAt: iso(lastRunAt), now: iso(now) })).toBe(expected);
    });

    it('misses nothing for a repository that never ran', () => {
      expect(isMissedRun({ ...base, lastRunAt: null, now: iso('2026-11-24T12:00:00Z') })).toBe(false);
    });
  });
});
