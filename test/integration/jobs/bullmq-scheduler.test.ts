/**
 * The shared scheduler with three replicas on one real Redis, over simulated weeks.
 *
 * The clock: BullMQ computes each scheduler's times with the client's clock and holds every
 * pass as a delayed job, due at its time, until a worker moves it (Redis's own clock drives only
 * locks). Faking `Date` inside BullMQ would leave its workers blocked in Redis for up to ten
 * real seconds per jump, so the test drives time through what BullMQ exposes instead: the
 * schedules start at a simulated "now" in 2099 (`startAt`, BullMQ's `startDate`), every later
 * pass is computed by BullMQ from the previous pass's time (which stays in 2099), and "the clock
 * reaches a pass" is `promote()` of the delayed job due then: exactly what BullMQ does when the
 * time comes. Before promoting, the test checks the pass is due when the expression, its offset
 * and its time zone say (hand-computed), and after, that the next one is due a week later, with
 * the three replicas' workers racing for every pass.
 */
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type LocalRedis } from '../../../bench/support/redis-server.js';
import { connectRedis, createBullQueue, createBullScheduler, type JobRun, type Scheduler } from '../../../src/jobs/index.js';
import { createRecordingLog, mergeTestJobs, type TestJob } from '../../unit/jobs/fakes.js';

const PREFIX = 'sched';
const WEEKLY_UTC = { cron: '0 3 * * 1', timezone: 'UTC' };
const WEEKLY_BERLIN = { cron: '30 6 * * 1', timezone: 'Europe/Berlin' };
const FIRST_MONDAY = { cron: '0 3 1-7 * 1', timezone: 'UTC' };

interface Run {
  key: string;
  replica: string;
  sources: string[];
}

let redis: LocalRedis;
let inspect: Queue;
let inspectConnection: Redis;
/** The simulated now: where new or changed schedules start from. 2099-03-04 is a Wednesday. */
let simulated = new Date('2099-03-04T12:00:00Z');
const runs: Run[] = [];
let replicas: { scheduler: Scheduler<TestJob>; close(): Promise<void> }[] = [];

function startReplicas(count: number): void {
  replicas = Array.from({ length: count }, (_, index) => {
    const log = createRecordingLog();
    const connections = connectRedis({ url: redis.url, log });
    const handle = (job: TestJob, run: JobRun): Promise<void> => {
      runs.push({ key: job.key, replica: `r${index}`, sources: run.sources });
      return Promise.resolve();
    };
    const queue = createBullQueue<TestJob>({ connections, handle, merge: mergeTestJobs, log, prefix: PREFIX, settleMs: 0 });
    const scheduler = createBullScheduler<TestJob>({ connections, queue, log, prefix: PREFIX, startAt: () => simulated });
    return {
      scheduler,
      async close() {
        await scheduler.stop();
        await queue.close();
        await connections.close();
      },
    };
  });
}

async function stopReplicas(): Promise<void> {
  for (const replica of replicas) await replica.close();
  replicas = [];
}

function job(key: string): TestJob {
  return { key, reasons: ['schedule'] };
}

function dueAt(pass: Job): number {
  return pass.timestamp + pass.delay;
}

/** The passes waiting for their time, by key: when each is due (ISO). */
async function pending(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const pass of await inspect.getDelayed()) {
    const key = (pass.data as TestJob).key;
    (out[key] ??= []).push(new Date(dueAt(pass)).toISOString());
  }
  return out;
}

/** Lets the clock reach `time`: every pass due by then is released, as BullMQ does at its time. */
async function advanceTo(time: string): Promise<void> {
  simulated = new Date(time);
  for (const pass of await inspect.getDelayed()) if (dueAt(pass) <= simulated.getTime()) await pass.promote();
}

/** Waits until `count` runs happened and both queues are empty. */
async function settle(count: number): Promise<void> {
  const scans = new Queue('scans', { connection: inspectConnection, prefix: PREFIX });
  for (;;) {
    const [passes, jobs] = await Promise.all([
      inspect.getJobCounts('waiting', 'active'),
      scans.getJobCounts('waiting', 'active', 'delayed'),
    ]);
    const busy = [...Object.values(passes), ...Object.values(jobs)].some((n) => n > 0);
    if (runs.length >= count && !busy) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await scans.close();
}

function runsOf(key: string): Run[] {
  return runs.filter((run) => run.key === key);
}

beforeAll(async () => {
  redis = await startRedis();
  inspectConnection = new Redis(redis.url, { maxRetriesPerRequest: null });
  inspect = new Queue('schedules', { connection: inspectConnection, prefix: PREFIX });
  startReplicas(3);
});

afterAll(async () => {
  await stopReplicas();
  await inspect.close();
  inspectConnection.disconnect();
  await redis.stop();
});

describe('jobs/bullmq-scheduler with three replicas', () => {
  it('keeps one schedule per repository however many replicas set it, its offset folded in, in its time zone', async () => {
    await Promise.all(
      replicas.flatMap(({ scheduler }) => [
        scheduler.schedule(WEEKLY_UTC, job('acme/api')),
        scheduler.schedule(WEEKLY_BERLIN, job('acme/web')),
        scheduler.schedule(FIRST_MONDAY, job('acme/svc')),
      ]),
    );

    // Offsets over the default hour, from sha256 of each name: acme/api 46, acme/web 31, acme/svc 56 minutes.
    expect(await pending()).toEqual({
      'acme/api': ['2099-03-09T03:46:00.000Z'],
      // 07:01 in Berlin, winter time (UTC+1) until 2099-03-29.
      'acme/web': ['2099-03-09T06:01:00.000Z'],
      // Both day fields must match, as node-cron reads them: the first Monday of April (March's was the 2nd).
      'acme/svc': ['2099-04-06T03:56:00.000Z'],
    });
    expect(await replicas[1]?.scheduler.nextRun('acme/api')).toEqual(new Date('2099-03-09T03:46:00Z'));
  });

  it('runs each weekly pass exactly once over two weeks, whichever replica takes it', async () => {
    await advanceTo('2099-03-09T12:00:00Z');
    await settle(2);
    const afterWeek1 = await pending();
    await advanceTo('2099-03-16T12:00:00Z');
    await settle(4);

    expect(afterWeek1).toMatchObject({ 'acme/api': ['2099-03-16T03:46:00.000Z'], 'acme/web': ['2099-03-16T06:01:00.000Z'] });
    expect(runsOf('acme/api').map((run) => run.sources)).toEqual([
      [`schedule:repeat:acme/api:${Date.parse('2099-03-09T03:46:00Z')}`],
      [`schedule:repeat:acme/api:${Date.parse('2099-03-16T03:46:00Z')}`],
    ]);
    expect(runsOf('acme/web')).toHaveLength(2);
    expect(runsOf('acme/svc')).toEqual([]);
    expect(await pending()).toEqual({
      'acme/api': ['2099-03-23T03:46:00.000Z'],
      'acme/web': ['2099-03-23T06:01:00.000Z'],
      'acme/svc': ['2099-04-06T03:56:00.000Z'],
    });
  });

  it('replaces the schedule when the cron expression changes, leaving one pending pass', async () => {
    await replicas[2]?.scheduler.schedule({ cron: '0 5 * * 3', timezone: 'UTC' }, job('acme/api'));

    // Wednesday 05:46, after the simulated now (Monday 2099-03-16 12:00).
    expect((await pending())['acme/api']).toEqual(['2099-03-18T05:46:00.000Z']);
    expect(await replicas[0]?.scheduler.nextRun('acme/api')).toEqual(new Date('2099-03-18T05:46:00Z'));
  });

  it('runs a pass that fell due while every replica was down once, when they start again', async () => {
    const before = runs.length;
    await stopReplicas();

    await advanceTo('2099-03-18T12:00:00Z');
    startReplicas(3);
    await settle(before + 1);

    expect(runs.slice(before).map((run) => run.key)).toEqual(['acme/api']);
    expect((await pending())['acme/api']).toEqual(['2099-03-25T05:46:00.000Z']);
  });

  it('removes the schedule of a repository that turns freshbase off', async () => {
    await replicas[0]?.scheduler.unschedule('acme/web');

    expect(Object.keys(await pending()).sort()).toEqual(['acme/api', 'acme/svc']);
    expect(await replicas[1]?.scheduler.nextRun('acme/web')).toBeNull();
  });
});
