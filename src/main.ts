/**
 * Entry point of the GitHub App (`npm start`): Probot's standard environment (APP_ID,
 * PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, LOG_LEVEL, GHE_HOST/GHE_PROTOCOL)
 * plus the FRESHBASE_* variables. Without credentials Probot opens its set-up page.
 * On SIGTERM or SIGINT it stops taking webhooks and lets running repository jobs finish (with
 * `REDIS_URL`, waiting jobs stay in Redis for the other replicas).
 * A bad variable (or, in production, a missing WEBHOOK_SECRET) stops it with one line naming it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { run } from 'probot';
import { createFreshbaseApp } from './app.js';
import { parseServerEnv, type AppEnv } from './config/env.js';
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
let stopApp: (() => Promise<void>) | undefined;
const server = await run(
  createFreshbaseApp({
    env,
    onStop: (stop) => {
      stopApp = stop;
    },
  }),
);
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void server
      .stop()
      .then(() => stopApp?.())
      .finally(() => process.exit(0));
  });
}
