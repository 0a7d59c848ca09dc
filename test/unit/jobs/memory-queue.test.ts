import { describe, expect, it, vi } from 'vitest';
import { createMemoryQueue } from '../../../src/jobs/memory-queue.js';
import type { FailureRecord } from '../../../src/jobs/ports.js';
import { createGatedHandler, createRecordingLog, mergeTestJobs, settle, type TestJob } from './fakes.js';

function setup(concurrency?: number) {
  const gated = createGatedHandler();
  const log = createRecordingLog();
  const queue = createMemoryQueue<TestJob>({
    ...(concurrency === undefined ? {} : { concurrency }),
    log,
    handle: gated.handle,
    merge: mergeTestJobs,
  });
  return { gated, log, queue };
}

describe('jobs/memory-queue', () => {
  it('runs jobs of different keys up to the concurrency limit', async () => {
    const { gated, queue } = setup(2);

    await queue.enqueue({ key: 'acme/a', reasons: ['push'] });
    await queue.enqueue({ key: 'acme/b', reasons: ['push'] });
    await queue.enqueue({ key: 'acme/c', reasons: ['push'] });
    await settle();
    const startedFirst = gated.runs.map((job) => job.key);
    gated.finish();
    await settle();

    expect(startedFirst).toEqual(['acme/a', 'acme/b']);
    expect(gated.runs.map((job) => job.key)).toEqual(['acme/a', 'acme/b', 'acme/c']);
    gated.finish();
    gated.finish();
    await queue.onIdle();
  });

  it('never runs one key twice at once: jobs enqueued meanwhile become one follow-up run with the union of their reasons', async () => {
    const { gated, queue } = setup(4);

    await queue.enqueue({ key: 'acme/api', reasons: ['push'] });
    await queue.enqueue({ key: 'acme/api', reasons: ['command', 'rebase:7'] });
    await queue.enqueue({ key: 'acme/api', reasons: ['schedule'] });
    await queue.enqueue({ key: 'acme/api', reasons: ['command', 'rebase:9'] });
    await settle();
    const whileRunning = { runs: gated.runs.length, active: gated.active() };
    gated.finish();
    await settle();
    gated.finish();
    await queue.onIdle();

    expect(whileRunning).toEqual({ runs: 1, active: 1 });
    expect(gated.runs).toEqual([
      { key: 'acme/api', reasons: ['push'] },
      { key: 'acme/api', reasons: ['command', 'rebase:7', 'schedule', 'rebase:9'] },
    ]);
    expect(gated.maxActivePerKey()).toBe(1);
  });

  it('keeps one place for a key that is still waiting, merging what is enqueued for it', async () => {
    const { gated, queue } = setup(1);

    await queue.enqueue({ key: 'acme/a', reasons: ['push'] });
    await queue.enqueue({ key: 'acme/b', reasons: ['onboarding'] });
    await queue.enqueue({ key: 'acme/b', reasons: ['command'] });
    gated.finish();
    await settle();
    gated.finish();
    await queue.onIdle();

    expect(gated.runs).toEqual([
      { key: 'acme/a', reasons: ['push'] },
      { key: 'acme/b', reasons: ['onboarding', 'command'] },
    ]);
  });

  it('logs a failing job and keeps running the others', async () => {
    const log = createRecordingLog();
    const ran: string[] = [];
    const queue = createMemoryQueue<TestJob>({
      concurrency: 1,
      log,
      merge: mergeTestJobs,
      handle: (job) => {
        if (job.key === 'acme/async') return Promise.reject(new Error('registry down'));
        if (job.key === 'acme/sync') throw new TypeError('bug');
        ran.push(job.key);
        return Promise.resolve();
      },
    });

    await queue.enqueue({ key: 'acme/async', reasons: [] });
    await queue.enqueue({ key: 'acme/sync', reasons: [] });
    await queue.enqueue({ key: 'acme/ok', reasons: [] });
    await queue.onIdle();

    expect(ran).toEqual(['acme/ok']);
    expect(log.entries.filter((entry) => entry.level === 'error').map((entry) => [entry.fields.key, entry.fields.error])).toEqual([
      ['acme/async', 'registry down'],
      ['acme/sync', 'bug'],
    ]);
  });

  it('hands the runs of a key that failed in a row to its next run, with the last error, until one succeeds', async () => {
    const seen: (FailureRecord | null)[] = [];
    const outcomes = ['GitHub answered 502', 'GitHub answered 503', null, null];
    let clock = Date.parse('2026-12-01T10:00:00Z');
    const queue = createMemoryQueue<TestJob>({
      log: createRecordingLog(),
      merge: mergeTestJobs,
      now: () => new Date((clock += 60_000)),
      handle: (_job, run) => {
        seen.push(run.failures);
        const outcome = outcomes.shift();
        return outcome === null || outcome === undefined ? Promise.resolve() : Promise.reject(new Error(outcome));
      },
    });

    for (let i = 0; i < 4; i++) {
      await queue.enqueue({ key: 'acme/api', reasons: ['push'] }, { id: `d${i}` });
      await queue.onIdle();
    }

    expect(seen).toEqual([
      null,
      { count: 1, lastError: 'GitHub answered 502', firstAt: '2026-12-01T10:01:00.000Z', lastAt: '2026-12-01T10:01:00.000Z' },
      { count: 2, lastError: 'GitHub answered 503', firstAt: '2026-12-01T10:01:00.000Z', lastAt: '2026-12-01T10:02:00.000Z' },
      null,
    ]);
  });

  it('holds the jobs of a key deferred to later as one, released at the latest notBefore with every reason', async () => {
    vi.useFakeTimers({ now: new Date('2025-04-01T12:00:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    try {
      const runs: string[][] = [];
      const queue = createMemoryQueue<TestJob>({
        log: createRecordingLog(),
        merge: mergeTestJobs,
        handle: (job) => {
          runs.push(job.reasons);
          return Promise.resolve();
        },
      });

      await queue.enqueue({ key: 'acme/api', reasons: ['push'] }, { notBefore: new Date('2025-04-01T12:30:00Z') });
      await queue.enqueue({ key: 'acme/api', reasons: ['command'] }, { notBefore: new Date('2025-04-01T13:00:00Z') });
      await vi.advanceTimersByTimeAsync(45 * 60_000);
      const at45 = [...runs];
      await vi.advanceTimersByTimeAsync(15 * 60_000);
      await queue.onIdle();

      expect(at45).toEqual([]);
      expect(runs).toEqual([['push', 'command']]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('resolves onIdle at once when nothing is queued', async () => {
    const { queue } = setup();

    await expect(queue.onIdle()).resolves.toBeUndefined();
  });

  it('drops waiting jobs on close and waits for the running one', async () => {
    const { gated, log, queue } = setup(1);
    await queue.enqueue({ key: 'acme/a', reasons: ['push'] });
    await queue.enqueue({ key: 'acme/b', reasons: ['push'] });
    let closed = false;

    const closing = queue.close().then(() => {
      closed = true;
    });
    await settle();
    const closedEarly = closed;
    gated.finish();
    await closing;
    await queue.enqueue({ key: 'acme/c', reasons: ['push'] });

    expect(closedEarly).toBe(false);
    expect(gated.runs.map((job) => job.key)).toEqual(['acme/a']);
    expect(log.entries.map((entry) => entry.message)).toEqual(['queue closed; waiting jobs dropped', 'job dropped: the queue is closed']);
  });

  it('holds a job with notBefore outside the queue until then, then merges it with what its key has waiting', async () => {
    vi.useFakeTimers({ now: new Date('2025-04-01T12:00:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    try {
      const { gated, queue } = setup(1);

      await queue.enqueue({ key: 'acme/api', reasons: ['rate-limited'] }, { notBefore: new Date('2025-04-01T13:00:00Z') });
      await queue.onIdle();
      await vi.advanceTimersByTimeAsync(3_599_000);
      const beforeReset = gated.runs.length;
      await queue.enqueue({ key: 'acme/api', reasons: ['push'] });
      await vi.advanceTimersByTimeAsync(1_000);
      gated.finish();
      await settle();
      gated.finish();
      await queue.onIdle();

      expect(beforeReset).toBe(0);
      expect(gated.runs).toEqual([
        { key: 'acme/api', reasons: ['push'] },
        { key: 'acme/api', reasons: ['rate-limited'] },
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('runs a job whose notBefore has passed at once, and drops delayed jobs on close', async () => {
    vi.useFakeTimers({ now: new Date('2025-04-01T12:00:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    try {
      const { gated, log, queue } = setup(1);

      await queue.enqueue({ key: 'acme/a', reasons: ['late'] }, { notBefore: new Date('2025-04-01T11:00:00Z') });
      await queue.enqueue({ key: 'acme/b', reasons: ['later'] }, { notBefore: new Date('2025-04-01T13:00:00Z') });
      await settle();
      gated.finish();
      await queue.close();
      await vi.advanceTimersByTimeAsync(7_200_000);

      expect(gated.runs.map((job) => job.key)).toEqual(['acme/a']);
      expect(log.entries.map((entry) => entry.message)).toEqual(['queue closed; delayed jobs dropped']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('rejects a concurrency below 1', () => {
    expect(() =>
      createMemoryQueue<TestJob>({ concurrency: 0, log: createRecordingLog(), merge: mergeTestJobs, handle: () => Promise.resolve() }),
    ).toThrow(RangeError);
  });
});
