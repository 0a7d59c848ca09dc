/**
 * Entry point of the GitHub App (`npm start`): Probot's standard environment (APP_ID,
 * PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, LOG_LEVEL, GHE_HOST/GHE_PROTOCOL)
 * plus the FRESHBASE_* variables. Without credentials Probot opens its set-up page.
 * On SIGTERM or SIGINT it stops taking webhooks and lets running repository jobs finish.
 * A bad variable (or, in production, a missing WEBHOOK_SECRET) stops it with one line naming it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { run } from 'probot';
import { createFreshbaseApp } from './app.js';
import { parseServerEnv, type AppEnv } from './config/env.js';
import type { RepoJob } from './github/repo-job.js';
import type { JobQueue, Scheduler } from './jobs/index.js';
import { ConfigError } from './util/errors.js';

function readEnv(): AppEnv {
  // Probot's run() merges ./.env into process.env (its values win), so check what Probot will use.
  const dotEnv = existsSync('.env') ? parseEnv(readFileSync('.env', 'utf8')) : {};
  try {
    return parseServerEnv({ ...process.env, ...dotEnv });
  } catch (error: unknown) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`freshbase: ${error.message}`);
    return process.exit(1);
  }
}

const env = readEnv();
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
