import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { guardPort, runWithDeadline, ScanStoppedError } from '../../../src/github/scan-deadline.js';

describe('github/scan-deadline', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives what the work gives while the time lasts', async () => {
    const result = await runWithDeadline(60_000, () => Promise.resolve('done'));

    expect(result).toBe('done');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops at the deadline whatever the work waits for, and its guarded ports refuse to start afterwards', async () => {
    let port: { read(): Promise<string> } | undefined;
    const calls: string[] = [];
    const stopped = runWithDeadline(90_000, (signal) => {
      port = guardPort({ read: () => Promise.resolve(calls.push('read') ? 'x' : '') }, signal);
      return new Promise<never>(() => undefined);
    });
    const outcome = stopped.catch((error: unknown) => error);

    await vi.advanceTimersByTimeAsync(90_000);

    const error = await outcome;
    expect(error).toBeInstanceOf(ScanStoppedError);
    expect((error as Error).message).toBe(
      'the scan of this repository took longer than 90 seconds; it stopped and will run again at the next trigger',
    );
    expect(() => port?.read()).toThrow(ScanStoppedError);
    expect(calls).toEqual([]);
  });

  it('passes on the failure of the work, and sets no timer without a budget', async () => {
    const failing = runWithDeadline(0, () => Promise.reject(new Error('boom')));

    await expect(failing).rejects.toThrow('boom');
    expect(vi.getTimerCount()).toBe(0);
    expect(new ScanStoppedError({ timeoutMs: 600_000 }).message).toContain('longer than 10 minutes');
  });
});
