/**
 * The Probot application: wires the registry client, the job queue and the webhook
 * handlers together. Entry point (no logic of its own); main.ts runs it.
 */
import type { ApplicationFunction, Probot } from 'probot';
import type { AppEnv } from './config/env.js';
import { registerWebhooks } from './github/webhooks.js';
import { createMemoryQueue, type JobQueue } from './jobs/index.js';
import { createRegistryClient } from './registry/index.js';
import type { RegistryClient } from './registry/types.js';
import { buildRegistryOptions } from './scan/registry-options.js';

/** What the app is built from; tests inject their own registry, queue and clock. */
export interface FreshbaseAppOptions {
  env: AppEnv;
  registry?: RegistryClient;
  queue?: JobQueue;
  now?: () => Date;
  /** Called with the queue the app uses, for graceful shutdown and tests. */
  onQueue?: (queue: JobQueue) => void;
  /** Serve `GET /freshbase/status` on Probot's server (needs one: off when loaded into a bare Probot). @default true */
  statusEndpoint?: boolean;
}

/** Job counters served at `GET /freshbase/status`. */
interface JobCounters {
  started: number;
  finished: number;
  failed: number;
}

/** Builds the Probot application function. */
export function createFreshbaseApp(options: FreshbaseAppOptions): ApplicationFunction {
  return (app: Probot, { addHandler }) => {
    const { env } = options;
    const now = options.now ?? (() => new Date());
    const counters: JobCounters = { started: 0, finished: 0, failed: 0 };
    const inner = options.queue ?? createMemoryQueue({ concurrency: env.scanConcurrency, log: app.log });
    const queue: JobQueue = {
      ...inner,
      enqueue: (job) => inner.enqueue({
        key: job.key,
        run: async () => {
          counters.started += 1;
          try {
            await job.run();
            counters.finished += 1;
          } catch (error: unknown) {
            counters.failed += 1;
            app.log.error({ repo: job.key, err: error }, 'repository job failed');
          }
        },
      }),
      onIdle: () => inner.onIdle(),
      close: () => inner.close(),
    };
    options.onQueue?.(queue);
    const registry = options.registry ?? createRegistryClient({ ...buildRegistryOptions(env.registry), log: app.log });
    let bot: Promise<string> | undefined;
    const botLogin = (): Promise<string> => {
      bot ??= app.auth().then((octokit) => octokit.rest.apps.getAuthenticated()).then(({ data }) => `${data?.slug ?? 'freshbase'}[bot]`);
      return bot;
    };
    registerWebhooks(app, {
      queue,
      log: app.log,
      scanDeps: async () => ({ registry, botLogin: await botLogin(), now, log: app.log, dryRun: env.dryRun }),
    });
    if (options.statusEndpoint === false) return;
    addHandler((request, response) => {
      if (request.method !== 'GET' || request.url !== '/freshbase/status') return false;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', jobs: counters }));
      return true;
    });
  };
}
