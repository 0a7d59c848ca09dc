/**
 * The Probot application: wires the registry client, the job queue, the weekly scheduler
 * and the webhook handlers together. main.ts runs it; tests load it into a Probot.
 */
import type { ApplicationFunction, Probot } from 'probot';
import type { AppEnv } from './config/env.js';
import type { RepoConfig } from './config/schema.js';
import { listInstalledRepos, readScheduleInfo } from './github/installations.js';
import { runRepoScan } from './github/run-repo-scan.js';
import type { GitHub, RepoRef } from './github/types.js';
import { registerWebhooks } from './github/webhooks.js';
import { createCronScheduler, createMemoryQueue, systemClock, type Clock, type JobQueue } from './jobs/index.js';
import { createRegistryClient } from './registry/index.js';
import type { RegistryClient } from './registry/types.js';
import { buildRegistryOptions } from './scan/registry-options.js';
import { describeError } from './util/errors.js';

/** What the app is built from; tests inject their own registry, queue and clock. */
export interface FreshbaseAppOptions {
  env: AppEnv;
  registry?: RegistryClient;
  queue?: JobQueue;
  /** Time for scans and the scheduler. @default the system clock */
  clock?: Clock;
  /** Called with the queue the app uses, for graceful shutdown and tests. */
  onQueue?: (queue: JobQueue) => void;
  /** Serve `GET /freshbase/status` on Probot's server (needs one: off when loaded into a bare Probot). @default true */
  statusEndpoint?: boolean;
}

interface JobCounters {
  started: number;
  finished: number;
  failed: number;
}

function countingQueue(inner: JobQueue, counters: JobCounters, app: Probot): JobQueue {
  return {
    enqueue: (job) =>
      inner.enqueue({
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
}

/** Builds the Probot application function. */
export function createFreshbaseApp(options: FreshbaseAppOptions): ApplicationFunction {
  return (app: Probot, { addHandler }) => {
    const { env } = options;
    const clock = options.clock ?? systemClock;
    const now = (): Date => clock.now();
    const counters: JobCounters = { started: 0, finished: 0, failed: 0 };
    const queue = countingQueue(options.queue ?? createMemoryQueue({ concurrency: env.scanConcurrency, log: app.log }), counters, app);
    options.onQueue?.(queue);
    const registry = options.registry ?? createRegistryClient({ ...buildRegistryOptions(env.registry), log: app.log });
    let bot: Promise<string> | undefined;
    const botLogin = (): Promise<string> => {
      bot ??= app
        .auth()
        .then((octokit) => octokit.rest.apps.getAuthenticated())
        .then(({ data }) => `${data?.slug ?? 'freshbase'}[bot]`);
      return bot;
    };
    const scanDeps = async () => ({ registry, botLogin: await botLogin(), now, log: app.log, dryRun: env.dryRun });
    const auth = (installationId: number): Promise<GitHub> => app.auth(installationId);
    const scheduler = env.scheduleEnabled ? createCronScheduler({ clock, queue, log: app.log, windowMs: env.scheduleWindowMs }) : null;
    const scheduleRepo = async (
      installationId: number,
      repo: RepoRef,
      config: RepoConfig | null | undefined,
      lastRunAt: Date | null,
    ): Promise<void> => {
      if (scheduler === null) return;
      const key = `${repo.owner}/${repo.name}`;
      if (config === null || config === undefined || !config.enabled) {
        await scheduler.unschedule(key);
        return;
      }
      await scheduler.schedule(key, { cron: config.schedule.cron, timezone: config.schedule.timezone, lastRunAt }, async () => {
        await runRepoScan(await auth(installationId), repo, await scanDeps(), { trigger: 'schedule', rebuild: 'scheduled' });
      });
    };
    registerWebhooks(app, {
      queue,
      log: app.log,
      scanDeps,
      onScanned: async ({ installationId, repo, outcome }) => {
        if (outcome.skipped !== undefined && outcome.skipped !== 'disabled') return;
        const lastRunAt = outcome.scheduledAt === undefined ? null : new Date(outcome.scheduledAt);
        await scheduleRepo(installationId, repo, outcome.result?.config, lastRunAt).catch((error: unknown) => {
          app.log.warn({ repo: `${repo.owner}/${repo.name}`, err: describeError(error) }, 'could not schedule the repository');
        });
      },
    });
    if (scheduler !== null) {
      // Every installed repository gets its weekly pass; one missed while freshbase was down runs now.
      void (async () => {
        for (const { installationId, repo } of await listInstalledRepos(await app.auth(), auth)) {
          const info = await readScheduleInfo(await auth(installationId), repo, await botLogin());
          await scheduleRepo(installationId, repo, info.config, info.lastRunAt);
        }
      })().catch((error: unknown) => {
        app.log.warn({ err: describeError(error) }, 'could not schedule installed repositories at start-up');
      });
    }
    if (options.statusEndpoint === false) return;
    addHandler((request, response) => {
      if (request.method !== 'GET' || request.url !== '/freshbase/status') return false;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: 'ok', jobs: counters }));
      return true;
    });
  };
}
