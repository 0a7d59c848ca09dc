import { describe, expect, it } from 'vitest';
import { createMemoryQueue } from '../../../src/jobs/memory-queue.js';
import { createGatedJob, createRecordingLog, settle } from './fakes.js';

describe('jobs/memory-queue', () => {
  it('runs jobs of different keys up to the concurrency limit', async () => {
    const queue = createMemoryQueue({ concurrency: 2, log: createRecordingLog() });
    const [a, b, c] = [createGatedJob(), createGatedJob(), createGatedJob()];

    await queue.enqueue({ key: 'acme/a', run: a.run });
    await queue.enqueue({ key: 'acme/b', run: b.run });
    await queue.enqueue({ key: 'acme/c', run: c.run });
    await settle();
    const startedFirst = [a.starts(), b.starts(), c.starts()];
    a.finish();
    await settle();

    expect(startedFirst).toEqual([1, 1, 0]);
    expect(c.starts()).toBe(1);
    b.finish();
    c.finish();
    await queue.onIdle();
  });

  it('never runs one key twice at once and runs it once more however often it was enqueued', async () => {
    const queue = createMemoryQueue({ concurrency: 4, log: createRecordingLog() });
    const job = createGatedJob();
    const latest = createGatedJob();

    await queue.enqueue({ key: 'acme/api', run: job.run });
    await queue.enqueue({ key: 'acme/api', run: job.run });
    await queue.enqueue({ key: 'acme/api', run: job.run });
    await queue.enqueue({ key: 'acme/api', run: latest.run });
    await settle();
    const whileRunning = { starts: job.starts(), active: job.active() };
    job.finish();
    await settle();
    latest.finish();
    await queue.onIdle();

    expect(whileRunning).toEqual({ starts: 1, active: 1 });
    expect(job.starts()).toBe(1);
    expect(latest.starts()).toBe(1);
    expect(Math.max(job.maxActive(), latest.maxActive())).toBe(1);
  });

  it('keeps one place for a key that is still waiting', async () => {
    const queue = createMemoryQueue({ concurrency: 1, log: createRecordingLog() });
    const blocker = createGatedJob();
    const waiting = createGatedJob();

    await queue.enqueue({ key: 'acme/a', run: blocker.run });
    await queue.enqueue({ key: 'acme/b', run: waiting.run });
    await queue.enqueue({ key: 'acme/b', run: waiting.run });
    blocker.finish();
    await settle();
    waiting.finish();
    await queue.onIdle();

    expect(waiting.starts()).toBe(1);
  });

  it('logs a failing job and keeps running the others', async () => {
    const log = createRecordingLog();
    const queue = createMemoryQueue({ concurrency: 1, log });
    const ran: string[] = [];

    await queue.enqueue({ key: 'acme/async', run: () => Promise.reject(new Error('registry down')) });
    await queue.enqueue({
      key: 'acme/sync',
      run: () => {
        throw new TypeError('bug');
      },
    });
    await queue.enqueue({ key: 'acme/ok', run: () => Promise.resolve().then(() => void ran.push('ok')) });
    await queue.onIdle();

    expect(ran).toEqual(['ok']);
    expect(log.entries.filter((entry) => entry.level === 'error').map((entry) => [entry.fields.key, entry.fields.error])).toEqual([
      ['acme/async', 'registry down'],
      ['acme/sync', 'bug'],
    ]);
  });

  it('resolves onIdle at once when nothing is queued', async () => {
    const queue = createMemoryQueue({ log: createRecordingLog() });

    await expect(queue.onIdle()).resolves.toBeUndefined();
  });

  it('drops waiting jobs on close and waits for the running one', async () => {
    const log = createRecordingLog();
    const queue = createMemoryQueue({ concurrency: 1, log });
    const running = createGatedJob();
    const dropped = createGatedJob();
    await queue.enqueue({ key: 'acme/a', run: running.run });
    await queue.enqueue({ key: 'acme/b', run: dropped.run });
    let closed = false;

    const closing = queue.close().then(() => {
      closed = true;
    });
    await settle();
    const closedEarly = closed;
    running.finish();
    await closing;
    await queue.enqueue({ key: 'acme/c', run: dropped.run });

    expect(closedEarly).toBe(false);
    expect(dropped.starts()).toBe(0);
    expect(log.entries.map((entry) => entry.message)).toEqual(['queue closed; waiting jobs dropped', 'job dropped: the queue is closed']);
  });

  it('rejects a concurrency below 1', () => {
    expect(() => createMemoryQueue({ concurrency: 0, log: createRecordingLog() })).toThrow(RangeError);
  });
});
