import { describe, expect, it } from 'vitest';
import { createCronScheduler, MAX_TIMER_MS } from '../../../src/jobs/cron-scheduler.js';
import { InvalidScheduleError } from '../../../src/jobs/errors.js';
import { createMemoryQueue } from '../../../src/jobs/memory-queue.js';
import { scheduleOffsetMs } from '../../../src/jobs/schedule.js';
import { createFakeClock, createGatedJob, createRecordingLog } from './fakes.js';

const HOUR = 3_600_000;
const WEEKLY = { cron: '0 3 * * 1', timezone: 'UTC' };

function setup(start: string, windowMs = HOUR) {
  const clock = createFakeClock(new Date(start));
  const log = createRecordingLog();
  const queue = createMemoryQueue({ concurrency: 4, log });
  const scheduler = createCronScheduler({ clock, queue, log, windowMs });
  return { clock, log, queue, scheduler };
}

describe('jobs/cron-scheduler', () => {
  it('fires at the cron time plus the repository offset, not before', async () => {
    const { clock, queue, scheduler } = setup('2026-11-25T10:00:00Z');
    const offset = scheduleOffsetMs('acme/api', HOUR);
    let runs = 0;
    const countRun = (): Promise<void> => {
      runs++;
      return Promise.resolve();
    };

    const scheduled = await scheduler.schedule('acme/api', WEEKLY, countRun);
    await clock.advanceTo(new Date(Date.parse('2026-11-30T03:00:00Z') + offset - 1));
    const before = runs;
    await clock.advanceBy(1);
    await queue.onIdle();

    expect(scheduled).toEqual({ nextRunAt: new Date(Date.parse('2026-11-30T03:00:00Z') + offset), offsetMs: offset, caughtUp: false });
    expect(before).toBe(0);
    expect(runs).toBe(1);
  });

  it('gives repositories different offsets that stay the same across restarts', async () => {
    const first = setup('2026-11-25T10:00:00Z');
    const second = setup('2026-11-26T10:00:00Z');
    const noop = (): Promise<void> => Promise.resolve();

    const api = await first.scheduler.schedule('acme/api', WEEKLY, noop);
    const web = await first.scheduler.schedule('acme/web', WEEKLY, noop);
    const apiAgain = await second.scheduler.schedule('acme/api', WEEKLY, noop);

    expect(api.offsetMs).not.toBe(web.offsetMs);
    expect(apiAgain.offsetMs).toBe(api.offsetMs);
    expect(apiAgain.nextRunAt).toEqual(api.nextRunAt);
  });

  it('fires every week, each time at the same offset', async () => {
    const { clock, queue, scheduler } = setup('2026-11-25T10:00:00Z');
    const firedAt: string[] = [];
    const offset = scheduleOffsetMs('acme/api', HOUR);

    await scheduler.schedule('acme/api', WEEKLY, () => Promise.resolve().then(() => void firedAt.push(clock.now().toISOString())));
    await clock.advanceTo(new Date('2026-12-15T00:00:00Z'));
    await queue.onIdle();

    expect(firedAt).toEqual(
      ['2026-11-30', '2026-12-07', '2026-12-14'].map((day) => new Date(Date.parse(`${day}T03:00:00Z`) + offset).toISOString()),
    );
  });

  it('never overlaps two runs of one repository; runs due meanwhile collapse into one more', async () => {
    const { clock, queue, scheduler } = setup('2026-11-25T10:00:00Z', 0);
    const job = createGatedJob();

    await scheduler.schedule('acme/api', { cron: '*/5 * * * *', timezone: 'UTC' }, job.run);
    await clock.advanceBy(20 * 60_000);
    const startsWhileBusy = job.starts();
    job.finish();
    await clock.advanceBy(0);
    job.finish();
    await queue.onIdle();

    expect(startsWhileBusy).toBe(1);
    expect(job.starts()).toBe(2);
    expect(job.maxActive()).toBe(1);
  });

  it('runs a run missed while the process was down once at start-up', async () => {
    const { clock, queue, scheduler } = setup('2026-11-24T12:00:00Z');
    let runs = 0;
    const countRun = (): Promise<void> => {
      runs++;
      return Promise.resolve();
    };

    const scheduled = await scheduler.schedule('acme/api', { ...WEEKLY, lastRunAt: new Date('2026-11-09T03:20:00Z') }, countRun);
    await clock.advanceBy(HOUR);
    await queue.onIdle();

    expect(scheduled.caughtUp).toBe(true);
    expect(runs).toBe(1);
  });

  it('runs nothing at start-up when the last run is after the latest slot', async () => {
    const { clock, queue, scheduler } = setup('2026-11-24T12:00:00Z');
    let runs = 0;
    const countRun = (): Promise<void> => {
      runs++;
      return Promise.resolve();
    };

    const scheduled = await scheduler.schedule('acme/api', { ...WEEKLY, lastRunAt: new Date('2026-11-23T04:30:00Z') }, countRun);
    await clock.advanceBy(HOUR);
    await queue.onIdle();

    expect(scheduled.caughtUp).toBe(false);
    expect(runs).toBe(0);
  });

  it('rejects an invalid cron expression with an error naming it', async () => {
    const { scheduler, clock } = setup('2026-11-24T12:00:00Z');

    const result = scheduler.schedule('acme/api', { cron: '0 3 * * 1-8', timezone: 'UTC' }, () => Promise.resolve());

    await expect(result).rejects.toThrow(InvalidScheduleError);
    await expect(result).rejects.toThrow('schedule of acme/api "0 3 * * 1-8" (UTC) is invalid: day of week 8 is out of range 0-7');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects an unknown time zone', async () => {
    const { scheduler } = setup('2026-11-24T12:00:00Z');

    await expect(
      scheduler.schedule('acme/api', { cron: '0 3 * * 1', timezone: 'Europe/Atlantis' }, () => Promise.resolve()),
    ).rejects.toMatchObject({
      code: 'schedule-invalid',
      timezone: 'Europe/Atlantis',
    });
  });

  it('reaches a run further away than one timer may wait', async () => {
    const { clock, queue, scheduler } = setup('2026-01-02T00:00:00Z', 0);
    let runs = 0;
    const countRun = (): Promise<void> => {
      runs++;
      return Promise.resolve();
    };

    await scheduler.schedule('acme/api', { cron: '0 0 1 7 *', timezone: 'UTC' }, countRun);
    await clock.advanceTo(new Date(Date.parse('2026-07-01T00:00:00Z') - 1));
    const before = runs;
    await clock.advanceBy(MAX_TIMER_MS);
    await queue.onIdle();

    expect(before).toBe(0);
    expect(runs).toBe(1);
  });

  it('follows the time zone across a daylight-saving change', async () => {
    const { clock, queue, scheduler } = setup('2026-03-27T00:00:00Z', 0);
    const firedAt: string[] = [];

    await scheduler.schedule('acme/api', { cron: '0 3 * * *', timezone: 'Europe/Berlin' }, () =>
      Promise.resolve().then(() => void firedAt.push(clock.now().toISOString())),
    );
    await clock.advanceTo(new Date('2026-03-30T12:00:00Z'));
    await queue.onIdle();

    expect(firedAt).toEqual([
      '2026-03-27T02:00:00.000Z',
      '2026-03-28T02:00:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T01:00:00.000Z',
    ]);
  });

  it('stops firing after unschedule and stop, leaving no timer behind', async () => {
    const { clock, queue, scheduler } = setup('2026-11-25T10:00:00Z');
    let runs = 0;
    const countRun = (): Promise<void> => {
      runs++;
      return Promise.resolve();
    };
    await scheduler.schedule('acme/api', WEEKLY, countRun);
    await scheduler.schedule('acme/web', WEEKLY, countRun);

    await scheduler.unschedule('acme/api');
    await scheduler.stop();
    await clock.advanceTo(new Date('2026-12-31T00:00:00Z'));
    await queue.onIdle();

    expect(runs).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });
});
