/**
 * Entry point of the GitHub App (`npm start`): Probot's standard environment (APP_ID,
 * PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, LOG_LEVEL, GHE_HOST/GHE_PROTOCOL)
 * plus the FRESHBASE_* variables. Without credentials Probot opens its set-up page.
 * On SIGTERM or SIGINT it stops taking webhooks and lets running repository jobs finish.
 */
import { run } from 'probot';
import { createFreshbaseApp } from './app.js';
import { parseAppEnv } from './config/env.js';
import type { JobQueue } from './jobs/index.js';

const env = parseAppEnv(process.env);
let queue: JobQueue | undefined;
const server = await run(
  createFreshbaseApp({
    env,
    onQueue: (q) => {
      queue = q;
    },
  }),
);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void server
      .stop()
      .then(() => queue?.close())
      .finally(() => process.exit(0));
  });
}
