/**
 * The shared queue on a real Redis (Debian's redis-server, no persistence): replicas are queues
 * with their own connections in this process, some only enqueueing (as a replica whose worker is
 * busy elsewhere would), so what waits and what runs is arranged, not raced.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type LocalRedis } from '../../../bench/support/redis-server.js';
import { QueueUnavailableError } from '../../../src/jobs/index.js';
import { createGatedRuns, startReplica, type Replica } from './support.js';

let redis: LocalRedis;
let prefixes = 0;
const replicas: Replica[] = [];

function replica(...args: Parameters<typeof startReplica>): Replica {
  const started = startReplica(...args);
  replicas.push(started);
  return started;
}

function nextPrefix(): string {
  prefixes += 1;
  return `t${prefixes}`;
}

beforeAll(async () => {
  redis = await startRedis();
});

afterAll(async () => {
  for (const r of replicas) await r.close();
  await redis.stop();
});

describe('jobs/bullmq-queue', () => {
  it('runs the triggers that came while a key waited as one run, with the union of their reasons in arrival order', async () => {
    const prefix = nextPrefix();
    const runs = createGatedRuns({ autoFinish: true });
    const producer = replica(redis.url, runs.handlerFor('p'), { prefix, work: false });

    await producer.queue.enqueue({ key: 'acme/api', reasons: ['push'] }, { id: 'd1' });
    await producer.queue.enqueue({ key: 'acme/api', reasons: ['command', 'rebase:7'] }, { id: 'd2' });
    await producer.queue.enqueue({ key: 'acme/api', reasons: ['schedule'] });
    const waiting = await producer.queue.counts();
    const worker = replica(redis.url, runs.handlerFor('w'), { prefix });
    await runs.started(1);
    await worker.queue.onIdle();

    expect(waiting).toEqual({ waiting: 1, active: 0, delayed: 0, failed: 0 });
    expect(runs.runs.map((r) => [r.job, r.run.sources, r.run.attempt])).toEqual([
      [{ key: 'acme/api', reasons: ['push', 'command', 'rebase:7', 'schedule'] }, ['d1', 'd2'], 1],
    ]);
  });

  it('turns the triggers that came while a key ran into one follow-up run with all of their reasons', async () => {
    const prefix = nextPrefix();
    const runs = createGatedRuns();
    const worker = replica(redis.url, runs.handlerFor('w'), { prefix });

    await worker.queue.enqueue({ key: 'acme/api', reasons: ['push'] });
    await runs.started(1);
    await worker.queue.enqueue({ key: 'acme/api', reasons: ['command', 'rebase:7'] });
    await worker.queue.enqueue({ key: 'acme/api', reasons: ['command', 'rebuild'] });
    runs.finish();
    await runs.started(2);
    runs.finish();
    await worker.queue.onIdle();

    expect(runs.runs.map((r) => r.job.reasons)).toEqual([['push'], ['command', 'rebase:7', 'rebuild']]);
    expect(runs.maxActivePerKey()).toBe(1);
  });

  it('never runs one key on two replicas at once, and runs other keys on both', async () => {
    const prefix = nextPrefix();
    const runs = createGatedRuns();
    const a = replica(redis.url, runs.handlerFor('a'), { prefix, concurrency: 1 });
    const b = replica(redis.url, runs.handlerFor('b'), { prefix, concurrency: 1 });

    await a.queue.enqueue({ key: 'acme/one', reasons: ['push'] });
    await b.queue.enqueue({ key: 'acme/two', reasons: ['push'] });
    await runs.started(2);
    await a.queue.enqueue({ key: 'acme/one', reasons: ['command'] });
    await b.queue.enqueue({ key: 'acme/one', reasons: ['schedule'] });
    runs.finish();
    runs.finish();
    await runs.started(3);
    runs.finish();
    await a.queue.onIdle();

    expect(new Set(runs.runs.slice(0, 2).map((r) => r.replica))).toEqual(new Set(['a', 'b']));
    expect(runs.runs.map((r) => r.job).filter((job) => job.key === 'acme/one')).toEqual([
      { key: 'acme/one', reasons: ['push'] },
      { key: 'acme/one', reasons: ['command', 'schedule'] },
    ]);
    expect(runs.maxActivePerKey()).toBe(1);
  });

  it('accepts one delivery id once, whichever replica gets it and whenever it comes again', async () => {
    const prefix = nextPrefix();
    const runs = createGatedRuns({ autoFinish: true });
    const first = replica(redis.url, runs.handlerFor('p1'), { prefix, work: false });
    const second = replica(redis.url, runs.handlerFor('p2'), { prefix, work: false });
    const job = { key: 'acme/api', reasons: ['push'] };

    await first.queue.enqueue(job, { id: 'delivery-1' });
    await second.queue.enqueue(job, { id: 'delivery-1' });
    const worker = replica(redis.url, runs.handlerFor('w'), { prefix });
    await runs.started(1);
    await worker.queue.onIdle();
    await second.queue.enqueue(job, { id: 'delivery-1' });
    await worker.queue.onIdle();

    expect(runs.runs.map((r) => [r.job, r.run.sources])).toEqual([[job, ['delivery-1']]]);
  });

  it('holds a job with notBefore until then (onIdle does not wait for it), merges the deferred jobs of a key, and runs other triggers at once', async () => {
    const prefix = nextPrefix();
    const runs: { reasons: string[]; sources: string[]; at: number }[] = [];
    let second: () => void = () => undefined;
    const secondRun = new Promise<void>((resolve) => (second = resolve));
    const worker = replica(
      redis.url,
      (job, run) => {
        runs.push({ reasons: job.reasons, sources: run.sources, at: Date.now() });
        if (runs.length === 2) second();
        return Promise.resolve();
      },
      { prefix },
    );
    const notBefore = new Date(Date.now() + 1_500);

    await worker.queue.enqueue({ key: 'acme/api', reasons: ['deferred-1'] }, { notBefore: new Date(notBefore.getTime() - 500) });
    await worker.queue.enqueue({ key: 'acme/api', reasons: ['deferred-2'] }, { notBefore, id: 'd2' });
    await worker.queue.enqueue({ key: 'acme/api', reasons: ['deferred-2'] }, { notBefore, id: 'd2' });
    const held = await worker.queue.counts();
    await worker.queue.enqueue({ key: 'acme/api', reasons: ['push'] }, { id: 'd3' });
    await worker.queue.onIdle();
    const beforeRelease = runs.map((r) => r.reasons);
    await secondRun;
    await worker.queue.onIdle();

    // One release for the key, delayed; nothing waiting.
    expect(held).toEqual({ waiting: 0, active: 0, delayed: 1, failed: 0 });
    expect(beforeRelease).toEqual([['push']]);
    // The later notBefore of the two holds both; the redelivered id counts once.
    expect(runs.map((r) => r.reasons)).toEqual([['push'], ['deferred-1', 'deferred-2']]);
    expect(runs[1]?.at).toBeGreaterThanOrEqual(notBefore.getTime());
    expect(await worker.queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
  });

  it('retries a failed run with its reasons, and hands a run that failed for good to the next run of its key', async () => {
    const prefix = nextPrefix();
    const runs = createGatedRuns();
    const worker = replica(redis.url, runs.handlerFor('w'), { prefix, attempts: 2 });

    await worker.queue.enqueue({ key: 'acme/api', reasons: ['command', 'rebase:7'] });
    await runs.started(1);
    runs.finish(new Error('GitHub answered 502'));
    await runs.started(2);
    runs.finish(new Error('GitHub answered 503'));
    await worker.queue.onIdle();
    const afterFailure = await worker.queue.counts();
    await worker.queue.enqueue({ key: 'acme/api', reasons: ['push'] });
    await runs.started(3);
    runs.finish();
    await worker.queue.onIdle();
    await worker.queue.enqueue({ key: 'acme/api', reasons: ['push'] });
    await runs.started(4);
    runs.finish();
    await worker.queue.onIdle();

    expect(afterFailure).toMatchObject({ waiting: 0, active: 0, delayed: 0, failed: 1 });
    expect(runs.runs.map((r) => [r.job.reasons, r.run.attempt])).toEqual([
      [['command', 'rebase:7'], 1],
      [['command', 'rebase:7'], 2],
      [['command', 'rebase:7', 'push'], 1],
      [['push'], 1],
    ]);
    expect(runs.runs[2]?.run.failures).toMatchObject({ count: 1, lastError: 'GitHub answered 503' });
    expect(worker.log.entries.map((entry) => [entry.level, entry.message, entry.fields.err])).toEqual([
      ['warn', 'job failed; it will be retried with backoff', 'GitHub answered 502'],
      ['error', 'job failed for good; the next run reports it', 'GitHub answered 503'],
    ]);
    expect(runs.runs[3]?.run.failures).toBeNull();
  });
});

describe('jobs/bullmq-queue while Redis is down', () => {
  let own: LocalRedis;

  beforeAll(async () => {
    own = await startRedis();
  });

  afterAll(async () => {
    await own.stop();
  });

  it('refuses a job at once with status 503, and takes jobs again once Redis is back', async () => {
    const runs = createGatedRuns({ autoFinish: true });
    const r = replica(own.url, runs.handlerFor('w'), { prefix: 'down' });
    await r.queue.enqueue({ key: 'acme/api', reasons: ['push'] });
    await r.queue.onIdle();

    await own.kill();
    const refused = await r.queue.enqueue({ key: 'acme/api', reasons: ['command'] }).then(
      () => null,
      (error: unknown) => error,
    );
    const reachableWhileDown = await r.queue.isReachable();
    await own.start();
    const back = await r.connections.ready(10_000);
    await r.queue.enqueue({ key: 'acme/api', reasons: ['schedule'] });
    await runs.started(2);
    await r.queue.onIdle();

    expect(refused).toBeInstanceOf(QueueUnavailableError);
    expect((refused as QueueUnavailableError).status).toBe(503);
    expect((refused as QueueUnavailableError).message).not.toContain('redis://');
    expect(reachableWhileDown).toBe(false);
    expect(back).toBe(true);
    expect(runs.runs.map((run) => run.job.reasons)).toEqual([['push'], ['schedule']]);
  });
});
