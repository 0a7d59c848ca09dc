/**
 * The scheduler runs real node-cron tasks; vitest's fake timers stand in for the clock
 * (`Date`, `setTimeout`, `clearTimeout`), so weeks pass in milliseconds and no test sleeps.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCronScheduler } from '../../../src/jobs/cron-scheduler.js';
import { InvalidScheduleError } from '../../../src/jobs/errors.js';
import { createMemoryQueue } from '../../../src/jobs/memory-queue.js';
import { createGatedHandler, createRecordingLog, mergeTestJobs, type TestJob } from './fakes.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEKLY = { cron: '0 3 * * 1', timezone: 'UTC' };
/** `acme/api`'s offset over an hour: sha256('acme/api') starts c7 1a 17 3c..., 2,799,841 ms, so 46 whole minutes. */
const API_OFFSET = 46;

function job(key: string): TestJob {
  return { key, reasons: ['schedule'] };
}

function setup(windowMs = HOUR) {
  const log = createRecordingLog();
  const fired: { key: string; at: string }[] = [];
  const queue = createMemoryQueue<TestJob>({
    concurrency: 4,
    log,
    merge: mergeTestJobs,
    handle: (data) => {
      fired.push({ key: data.key, at: new Date().toISOString() });
      return Promise.resolve();
    },
  });
  const scheduler = createCronScheduler<TestJob>({ queue, log, windowMs });
  return { fired, log, queue, scheduler };
}

describe('jobs/cron-scheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('folds the repository offset into the expression and fires then, not before', async () => {
    vi.setSystemTime(new Date('2026-11-25T10:00:00Z'));
    const { fired, queue, scheduler } = setup();

    const scheduled = await scheduler.schedule(WEEKLY, job('acme/api'));
    await vi.advanceTimersByTimeAsync(Date.parse('2026-11-30T03:45:59Z') - Date.now());
    const before = fired.length;
    await vi.advanceTimersByTimeAsync(60_000);
    await queue.onIdle();

    expect(scheduled).toEqual({ expressions: ['46 3 * * 1'], offsetMinutes: API_OFFSET });
    expect(await scheduler.nextRun('acme/api')).toEqual(new Date('2026-12-07T03:46:00Z'));
    expect(before).toBe(0);
    expect(fired).toEqual([{ key: 'acme/api', at: '2026-11-30T03:46:00.000Z' }]);
    await scheduler.stop();
  });

  it('gives repositories different offsets that stay the same across restarts', async () => {
    vi.setSystemTime(new Date('2026-11-25T10:00:00Z'));
    const first = setup();
    const second = setup();

    const api = await first.scheduler.schedule(WEEKLY, job('acme/api'));
    const web = await first.scheduler.schedule(WEEKLY, job('acme/web'));
    const apiAgain = await second.scheduler.schedule(WEEKLY, job('acme/api'));

    expect(api.offsetMinutes).not.toBe(web.offsetMinutes);
    expect(apiAgain).toEqual(api);
    expect(await second.scheduler.nextRun('acme/api')).toEqual(await first.scheduler.nextRun('acme/api'));
    await first.scheduler.stop();
    await second.scheduler.stop();
  });

  it('fires every week, each time at the same offset', async () => {
    vi.setSystemTime(new Date('2026-11-25T10:00:00Z'));
    const { fired, queue, scheduler } = setup();

    await scheduler.schedule(WEEKLY, job('acme/api'));
    await vi.advanceTimersByTimeAsync(Date.parse('2026-12-15T00:00:00Z') - Date.now());
    await queue.onIdle();

    expect(fired.map((run) => run.at)).toEqual(['2026-11-30T03:46:00.000Z', '2026-12-07T03:46:00.000Z', '2026-12-14T03:46:00.000Z']);
    await scheduler.stop();
  });

  it('runs two simulated weeks across the spring daylight-saving change at 03:46 local time', async () => {
    vi.setSystemTime(new Date('2026-03-20T00:00:00Z'));
    const { fired, queue, scheduler } = setup();

    // Europe/Berlin moves from UTC+1 to UTC+2 on Sunday 2026-03-29 at 02:00 local time.
    await scheduler.schedule({ cron: '0 3 * * 0', timezone: 'Europe/Berlin' }, job('acme/api'));
    await vi.advanceTimersByTimeAsync(14 * DAY);
    await queue.onIdle();

    expect(fired.map((run) => run.at)).toEqual(['2026-03-22T02:46:00.000Z', '2026-03-29T01:46:00.000Z']);
    await scheduler.stop();
  });

  it('never overlaps two runs of one repository; runs due meanwhile collapse into one more', async () => {
    vi.setSystemTime(new Date('2026-11-25T10:00:00Z'));
    const gated = createGatedHandler();
    const queue = createMemoryQueue<TestJob>({ concurrency: 4, log: createRecordingLog(), merge: mergeTestJobs, handle: gated.handle });
    const scheduler = createCronScheduler<TestJob>({ queue, log: createRecordingLog(), windowMs: 0 });

    await scheduler.schedule({ cron: '*/5 * * * *', timezone: 'UTC' }, job('acme/api'));
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    const startsWhileBusy = gated.runs.length;
    await scheduler.stop();
    gated.finish();
    await vi.advanceTimersByTimeAsync(0);
    gated.finish();
    await queue.onIdle();

    expect(startsWhileBusy).toBe(1);
    expect(gated.runs).toHaveLength(2);
    expect(gated.maxActivePerKey()).toBe(1);
  });

  it('reaches a run further away than node-cron waits at once (a day)', async () => {
    vi.setSystemTime(new Date('2026-01-02T00:00:00Z'));
    const { fired, queue, scheduler } = setup(0);

    await scheduler.schedule({ cron: '0 0 1 7 *', timezone: 'UTC' }, job('acme/api'));
    await vi.advanceTimersByTimeAsync(Date.parse('2026-07-01T00:00:00Z') - Date.now() - 1);
    const before = fired.length;
    await vi.advanceTimersByTimeAsync(1);
    await queue.onIdle();

    expect(before).toBe(0);
    expect(fired.map((run) => run.at)).toEqual(['2026-07-01T00:00:00.000Z']);
    await scheduler.stop();
  });

  it('rejects an invalid cron expression with an error naming it, and an unknown time zone', async () => {
    const { scheduler } = setup();

    await expect(scheduler.schedule({ cron: '0 3 * * 1-8', timezone: 'UTC' }, job('acme/api'))).rejects.toThrow(
      new InvalidScheduleError({
        key: 'acme/api',
        cron: '0 3 * * 1-8',
        timezone: 'UTC',
        reason: 'the day-of-week field "1-8" is not valid',
      }),
    );
    await expect(scheduler.schedule({ cron: '0 0 30 2 *', timezone: 'UTC' }, job('acme/api'))).rejects.toThrow(/it never fires/);
    await expect(scheduler.schedule({ cron: '0 3 * * 1', timezone: 'Europe/Atlantis' }, job('acme/api'))).rejects.toThrow(
      expect.objectContaining({ code: 'schedule-invalid', timezone: 'Europe/Atlantis' }),
    );
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops firing after unschedule and stop, leaving no timer behind', async () => {
    vi.setSystemTime(new Date('2026-11-25T10:00:00Z'));
    const { fired, queue, scheduler } = setup();
    await scheduler.schedule(WEEKLY, job('acme/api'));
    await scheduler.schedule(WEEKLY, job('acme/web'));

    await scheduler.unschedule('acme/api');
    const afterUnschedule = await scheduler.nextRun('acme/api');
    await scheduler.stop();
    await vi.advanceTimersByTimeAsync(40 * DAY);
    await queue.onIdle();

    expect(afterUnschedule).toBeNull();
    expect(fired).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
