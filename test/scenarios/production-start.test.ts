import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../bench/support/registry-server.js';
import {
  createAppDir,
  pollUntil,
  readJobCounters,
  requireBuiltApp,
  runAppToExit,
  startAppProcess,
  type AppDir,
} from './process-support.js';

// `npm test` builds first; fail the whole file at once, naming the fix, when it did not.
requireBuiltApp();

const PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const MISSING =
  'freshbase: environment variable WEBHOOK_SECRET: must be set in production (NODE_ENV=production); ' +
  'without it Probot would accept webhooks signed with its public default secret';
const DEFAULT = `freshbase: environment variable WEBHOOK_SECRET: must not be Probot's public default "development" in production (NODE_ENV=production)`;

describe('scenario: the built app in production (NODE_ENV=production)', () => {
  const parts: { appDir?: AppDir } = {};
  // Credentials that would let it start, GitHub on a closed loopback port, no scheduled passes.
  const production = async (): Promise<Record<string, string>> => ({
    NODE_ENV: 'production',
    APP_ID: '4242',
    PRIVATE_KEY,
    LOG_LEVEL: 'info',
    GHE_HOST: `127.0.0.1:${await findFreePort()}`,
    GHE_PROTOCOL: 'http',
    FRESHBASE_SCHEDULE: 'off',
  });

  beforeAll(async () => {
    parts.appDir = await createAppDir();
  });

  afterAll(async () => {
    await parts.appDir?.remove();
  });

  it.each([
    ['without WEBHOOK_SECRET', {}, MISSING],
    ['with an empty WEBHOOK_SECRET', { WEBHOOK_SECRET: '' }, MISSING],
    ["with Probot's public default secret", { WEBHOOK_SECRET: 'development' }, DEFAULT],
  ])('refuses to start %s, with one line naming the variable', async (_case, secret: Record<string, string>, message) => {
    const cwd = parts.appDir?.dir ?? '';

    const exit = await runAppToExit({ cwd, port: await findFreePort(), env: { ...(await production()), ...secret } });

    expect(exit.code, exit.output).toBe(1);
    expect(exit.output.trim().split('\n'), exit.output).toEqual([message]);
  });

  it('starts with WEBHOOK_SECRET from .env, which Probot reads too, and never prints it', async () => {
    const cwd = parts.appDir?.dir ?? '';
    await writeFile(join(cwd, '.env'), 'WEBHOOK_SECRET=from-dotenv-3f9c1e\n');
    const app = await startAppProcess({ cwd, port: await findFreePort(), env: await production() });

    try {
      const jobs = await pollUntil(app, 'GET /freshbase/status', () => readJobCounters(app));

      expect(jobs, app.output()).toEqual({ started: 0, finished: 0, failed: 0 });
      expect(app.output()).not.toContain('from-dotenv-3f9c1e');
    } finally {
      await app.stop();
    }
  });
});
