import { describe, expect, it } from 'vitest';
import { checkCron, checkTimeZone } from '../../../src/config/cron.js';

describe('config/cron', () => {
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
    // node-cron's syntax beyond Vixie cron: wrapping ranges, the last day, the n-th weekday, full names.
    '0 3 * * FRI-MON',
    '0 3 L * *',
    '0 3 * * 1#2',
    '0 3 * * MONDAY',
  ])('accepts %j', (expression) => {
    expect(checkCron(expression)).toBeNull();
  });

  it.each([
    ['61 3 * * 1', 'the minute field "61" is not valid'],
    ['0 24 * * *', 'the hour field "24" is not valid'],
    ['0 3 0 * *', 'the day-of-month field "0" is not valid'],
    ['0 3 * 13 *', 'the month field "13" is not valid'],
    ['0 3 * * 8', 'the day-of-week field "8" is not valid'],
    ['0 3 * * 1 2026', 'it has 6 fields; a cron expression has 5 (minute hour day-of-month month day-of-week), without seconds'],
    ['0 3 * *', 'it has 4 fields; a cron expression has 5 (minute hour day-of-month month day-of-week)'],
    ['', 'it has 0 fields; a cron expression has 5 (minute hour day-of-month month day-of-week)'],
    ['*/0 * * * *', 'the minute field "*/0" is not valid'],
    ['5/15 * * * *', 'the minute field "5/15" is not valid'],
    ['0 3 1,,2 * *', 'the day-of-month field "1,,2" is not valid'],
    ['@reboot', 'it is not a cron expression: pattern includes illegal characters'],
    ['0 0 31 2 *', 'it never fires: day 31 does not occur in the months it names'],
    ['0 0 30 2 *', 'it never fires: day 30 does not occur in the months it names'],
    ['0 0 31 4,6,9,11 *', 'it never fires: day 31 does not occur in the months it names'],
  ])('rejects %j: %s', (expression, reason) => {
    expect(checkCron(expression)).toBe(reason);
  });

  it.each([
    ['UTC', null],
    ['Europe/Berlin', null],
    ['Mars/Olympus', '"Mars/Olympus" is not an IANA time zone like UTC or Europe/Berlin'],
    ['', '"" is not an IANA time zone'],
  ])('checkTimeZone(%j)', (timezone, expected) => {
    expect(checkTimeZone(timezone)).toBe(expected);
  });
});
