/**
 * Entry point of the GitHub App (`npm start`): Probot's standard environment (APP_ID,
 * PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, LOG_LEVEL, GHE_HOST/GHE_PROTOCOL)
 * plus the FRESHBASE_* variables. Without credentials Probot opens its set-up page.
 * On SIGTERM or SIGINT it stops taking webhooks and lets running repository jobs finish.
 */
import { run } from 'probot';
import { createFreshbaseApp } from './app.js';
import { parseAppEnv } from './config/env.js';
import type { RepoJob } from './github/repo-job.js';
import type { JobQueue, Scheduler } from './jobs/index.js';

const env = parseAppEnv(process.env);
let queue: JobQueue<RepoJob> | undefined;
let scheduler: Scheduler<RepoJob> | undefined;
const server = await run(
  createFreshbaseApp({
    env,
    onQueue: (q) => {
      queue = q;
    },
    onScheduler: (s) => {
      scheduler = s;
    },
  }),
);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    scheduler?.stop();
    void server
      .stop()
      .then(() => queue?.close())
      .finally(() => process.exit(0));
  });
}
