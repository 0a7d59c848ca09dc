/**
 * Weekly passes with three replicas of the app on one Redis, over two simulated weeks.
 *
 * The clock, as in test/integration/jobs/bullmq-scheduler.test.ts: schedules start from a
 * simulated "now" in 2099 (the app's `scheduleStartAt`, BullMQ's `startDate`), BullMQ computes
 * each later pass from the previous one, and "the clock reaches a pass" is `promote()` of the
 * delayed job due then, which is what BullMQ does at that time. The test checks each pass is due
 * when the repository's config, offset and time zone say before it lets the clock reach it.
 */
import { Queue, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardOf } from './harness.js';
import { scansOf, startFleet, type Fleet } from './fleet-harness.js';

/** 2099-03-04 is a Wednesday. */
let simulated = new Date('2099-03-04T12:00:00Z');
let f: Fleet | undefined;
let connection: Redis | undefined;
let passes: Queue | undefined;

function fleet(): Fleet {
  if (f === undefined || passes === undefined) throw new Error('beforeAll did not start the fleet');
  return f;
}

function dueAt(pass: Job): number {
  return pass.timestamp + pass.delay;
}

/** The passes waiting for their time, by repository. */
async function pending(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const pass of (await passes?.getDelayed()) ?? []) {
    const key = (pass.data as { key: string }).key;
    (out[key] ??= []).push(new Date(dueAt(pass)).toISOString());
  }
  return out;
}

/** Lets the clock reach `time`: every pass due by then is released. */
async function advanceTo(time: string): Promise<void> {
  simulated = new Date(time);
  for (const pass of (await passes?.getDelayed()) ?? []) if (dueAt(pass) <= simulated.getTime()) await pass.promote();
}

/** Waits until released passes were handed over and every run finished. */
async function settle(): Promise<void> {
  for (;;) {
    const counts = (await passes?.getJobCounts('waiting', 'active')) ?? {};
    if (Object.values(counts).every((n) => n === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await fleet().settle();
}

function marker(repo: `${string}/${string}`): Record<string, unknown> {
  const json = /<!-- freshbase:dashboard (\{.*\}) -->/.exec(dashboardOf(fleet().sim, repo)?.body ?? '')?.[1] ?? '{}';
  return JSON.parse(json) as Record<string, unknown>;
}

beforeAll(async () => {
  f = await startFleet([{ repository: 'library/python', tags: ['3.12-slim'], created: '2025-01-10T00:00:00Z', salt: 'py312' }], {
    env: { FRESHBASE_SCHEDULE: 'on' },
    scheduleStartAt: () => simulated,
  });
  f.sim.seedRepo({ owner: 'acme', name: 'svc', files: { Dockerfile: 'FROM python:3.12-slim\n' } });
  f.sim.seedRepo({
    owner: 'acme',
    name: 'web',
    files: {
      Dockerfile: 'FROM python:3.12-slim\n',
      '.github/freshbase.yml': "schedule:\n  cron: '30 6 * * 1'\n  timezone: Europe/Berlin\n",
    },
  });
  connection = new Redis(f.redis.url, { maxRetriesPerRequest: null });
  passes = new Queue('schedules', { connection, prefix: 'freshbase' });
});

afterAll(async () => {
  await passes?.close();
  connection?.disconnect();
  await f?.close();
});

describe('scenario: weekly passes with three replicas', () => {
  it('gives each onboarded repository one shared schedule from its config, offset folded in, in its time zone', async () => {
    await fleet().sim.installApp({ account: 'acme', repositories: ['svc', 'web'], by: 'alice' });
    await settle();

    // Offsets over the default hour (sha256 of each name): acme/svc 56, acme/web 31 minutes.
    expect(await pending()).toEqual({ 'acme/svc': ['2099-03-09T03:56:00.000Z'], 'acme/web': ['2099-03-09T06:01:00.000Z'] });
  });

  it('runs each pass exactly once a week over two weeks, and records when the next is due', async () => {
    const { sim } = fleet();

    await advanceTo('2099-03-09T12:00:00Z');
    await settle();
    const afterWeek1 = { svc: scansOf(sim, 'acme/svc'), web: scansOf(sim, 'acme/web'), next: marker('acme/svc').nextScheduledAt };
    await advanceTo('2099-03-16T12:00:00Z');
    await settle();

    // Onboarding, then one pass a week.
    expect(afterWeek1).toEqual({ svc: 2, web: 2, next: '2099-03-16T03:56:00.000Z' });
    expect([scansOf(sim, 'acme/svc'), scansOf(sim, 'acme/web')]).toEqual([3, 3]);
    expect(marker('acme/web')).toMatchObject({ nextScheduledAt: '2099-03-23T06:01:00.000Z' });
    expect(await pending()).toEqual({ 'acme/svc': ['2099-03-23T03:56:00.000Z'], 'acme/web': ['2099-03-23T06:01:00.000Z'] });
  });

  it('replaces the schedule when schedule.cron changes', async () => {
    await fleet().sim.pushFiles(
      'acme/svc',
      'main',
      { '.github/freshbase.yml': "schedule:\n  cron: '0 5 * * 3'\n" },
      { message: 'weekly on Wednesdays', author: { login: 'alice' } },
    );
    await settle();

    expect((await pending())['acme/svc']).toEqual(['2099-03-18T05:56:00.000Z']);
  });

  it('runs a pass that fell due while every replica was down once, when they start again', async () => {
    const { sim } = fleet();
    const before = scansOf(sim, 'acme/svc');
    await fleet().stopReplicas();

    await advanceTo('2099-03-18T12:00:00Z');
    await fleet().startReplicas(3);
    await settle();

    expect(scansOf(sim, 'acme/svc') - before).toBe(1);
    expect((await pending())['acme/svc']).toEqual(['2099-03-25T05:56:00.000Z']);
  });
});
