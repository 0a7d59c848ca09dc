/**
 * Entry point of the GitHub App (`npm start`): Probot's standard environment (APP_ID,
 * PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, PORT, LOG_LEVEL, GHE_HOST/GHE_PROTOCOL)
 * plus the FRESHBASE_* variables. Without credentials Probot opens its set-up page.
 */
import { run } from 'probot';
import { createFreshbaseApp } from './app.js';
import { parseAppEnv } from './config/env.js';

const env = parseAppEnv(process.env);
await run(createFreshbaseApp({ env }));
