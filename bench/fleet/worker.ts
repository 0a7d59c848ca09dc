/**
 * One worker of the fleet bench: the real app, run by Probot's `run()` as `src/main.ts` runs it,
 * from the environment the bench gives it (`REDIS_URL` set: a replica of the shared queue). One
 * difference: Probot's Octokit throttling is off, as in the tests. It paces writes at one a
 * second for the whole app (the GitHub budget is another change's subject), which would make the
 * bench measure that pause and nothing of freshbase; the figures say so.
 *
 * May import: src, probot. Must not: reach any host but 127.0.0.1 (the bench gives it the
 * simulator's and the registry's addresses).
 */
import { ProbotOctokit, run } from 'probot';
import { createFreshbaseApp } from '../../src/app.js';
import { parseServerEnv } from '../../src/config/env.js';

const Unthrottled = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: { ...(options.throttle as Record<string, unknown> | undefined), enabled: false },
}));

let stop: (() => Promise<void>) | undefined;
const server = await run(
  createFreshbaseApp({
    env: parseServerEnv(process.env),
    onStop: (value) => {
      stop = value;
    },
  }),
  { Octokit: Unthrottled },
);
process.once('SIGTERM', () => {
  void server
    .stop()
    .then(() => stop?.())
    .finally(() => process.exit(0));
});
