/**
 * The Probot application: wires the registry client, the job queue and its one handler, the
 * weekly scheduler and the webhook handlers together. main.ts runs it; tests load it into a Probot.
 */
import type { ApplicationFunction, Probot } from 'probot';
import type { AppEnv } from './config/env.js';
import type { RepoConfig } from './config/schema.js';
import { listInstalledRepos, readScheduleInfo } from './github/installations.js';
import { mergeJobs, repoJob, type RepoJob } from './github/repo-job.js';
import { createRepoJobHandler } from './github/run-repo-job.js';
import type { RepoScanOutcome } from './github/run-repo-scan.js';
import type { GitHub, RepoRef } from './github/types.js';
import { registerWebhooks } from './github/webhooks.js';
import { createCronScheduler, createMemoryQueue, isPassMissed, type JobQueue, type Scheduler } from './jobs/index.js';
import { createOsvClient } from './osv/index.js';
import { createRegistry, type Registry } from './registry/index.js';
import { createSbomReader } from './sbom/index.js';
import { buildRegistryOptions } from './scan/registry-options.js';
import { describeError } from './util/errors.js';

/** What the app is built from; tests inject their own registry and time. */
export interface FreshbaseAppOptions {
  env: AppEnv;
  /** The process-wide registry; each repository run uses its installation's view. @default built from `env` */
  registry?: Registry;
  /** The time scans and catch-up decisions use. @default the system clock */
  now?: () => Date;
  /** Called with the queue the app uses, for graceful shutdown and tests. */
  onQueue?: (queue: JobQueue<RepoJob>) => void;
  /** Called with the scheduler, when the schedule is on, for graceful shutdown and tests. */
  onScheduler?: (scheduler: Scheduler<RepoJob>) => void;
  /** Called with the start-up work (scheduling installed repositories, catching up missed passes), for tests. */
  onStarted?: (done: Promise<void>) => void;
  /** Serve `GET /freshbase/status` on Probot's server (needs one: off when loaded into a bare Probot). @default true */
  statusEndpoint?: boolean;
}

interface JobCounters {
  started: number;
  finished: number;
  failed: number;
}

/** The job a weekly pass enqueues. */
export function scheduledJob(installationId: number, repo: RepoRef): RepoJob {
  return repoJob(installationId, repo, { triggers: ['schedule'], rebuild: 'scheduled' });
}

/** Warns at start-up about registry credentials bound to no installation or owner: every installation may use them. */
async function warnUnboundCredentials(
  registry: Registry,
  log: { warn(fields: Record<string, unknown>, message: string): void },
): Promise<void> {
  try {
    const hosts = await registry.unboundCredentialHosts();
    if (hosts.length > 0)
      log.warn(
        { hosts },
        `registry credentials for ${hosts.join(', ')} are bound to no installation or owner: every installation may use them`,
      );
  } catch (error: unknown) {
    log.warn({ err: describeError(error) }, 'could not read the registry credentials');
  }
}

/** Builds the Probot application function. */
export function createFreshbaseApp(options: FreshbaseAppOptions): ApplicationFunction {
  return (app: Probot, { addHandler }) => {
    const { env } = options;
    const now = options.now ?? ((): Date => new Date());
    const counters: JobCounters = { started: 0, finished: 0, failed: 0 };
    // One registry per process (the cache directory behind its memory layer); each run sees it through its installation's credentials.
    const registry = options.registry ?? createRegistry({ ...buildRegistryOptions(env.registry), log: app.log });
    void warnUnboundCredentials(registry, app.log);
    // What each update fixes: one SBOM reader and one OSV client (with its 6-hour cache) for every scan of the process.
    const sbom = createSbomReader();
    const osv = createOsvClient(env.osvUrl === undefined ? {} : { baseUrl: env.osvUrl });
    let bot: Promise<string> | undefined;
    const botLogin = (): Promise<string> => {
      bot ??= app
        .auth()
        .then((octokit) => octokit.rest.apps.getAuthenticated())
        .then(({ data }) => `${data?.slug ?? 'freshbase'}[bot]`);
      return bot;
    };
    const auth = (installationId: number): Promise<GitHub> => app.auth(installationId);
    const handle = createRepoJobHandler({
      auth,
      scanDeps: async (job) => {
        const view = registry.forScope({ kind: 'installation', installationId: job.installationId, owner: job.repo.owner });
        return {
          registry: view,
          botLogin: await botLogin(),
          now,
          log: app.log,
          dryRun: env.dryRun,
          scanTimeoutMs: env.scanTimeoutMs,
          security: { content: view, sbom, osv },
        };
      },
      defer: async (job, notBefore) => {
        app.log.info({ repo: job.key, retryAt: notBefore.toISOString() }, 'repository deferred until the registry rate limit resets');
        await queue.enqueue(job, { notBefore });
      },
      nextScheduledPass: (key) => scheduler?.nextRun(key) ?? null,
      onRun: ({ job, outcome }) => {
        afterRun(job, outcome);
      },
    });
    const queue = createMemoryQueue<RepoJob>({
      concurrency: env.scanConcurrency,
      log: app.log,
      merge: mergeJobs,
      handle: async (job) => {
        counters.started += 1;
        try {
          await handle(job);
          counters.finished += 1;
        } catch (error: unknown) {
          counters.failed += 1;
          app.log.error({ repo: job.key, err: error }, 'repository job failed');
        }
      },
    });
    options.onQueue?.(queue);
    const scheduler = env.scheduleEnabled ? createCronScheduler<RepoJob>({ queue, log: app.log, windowMs: env.scheduleWindowMs }) : null;
    if (scheduler !== null) options.onScheduler?.(scheduler);

    /** Sets the weekly pass of a repository from its config (none when disabled or invalid). */
    const scheduleRepo = (installationId: number, repo: RepoRef, config: RepoConfig | null | undefined): void => {
      if (scheduler === null) return;
      const job = scheduledJob(installationId, repo);
      if (config === null || config === undefined || !config.enabled) scheduler.unschedule(job.key);
      else scheduler.schedule({ cron: config.schedule.cron, timezone: config.schedule.timezone }, job);
    };

    /** After each run: the repository's weekly pass follows the config it read. */
    function afterRun(job: RepoJob, outcome: RepoScanOutcome): void {
      if (outcome.skipped !== undefined && outcome.skipped !== 'disabled') return;
      try {
        scheduleRepo(job.installationId, job.repo, outcome.result?.config);
      } catch (error: unknown) {
        app.log.warn({ repo: job.key, err: describeError(error) }, 'could not schedule the repository');
      }
    }

    registerWebhooks(app, { queue, log: app.log, botLogin, dryRun: env.dryRun, now });
    if (scheduler !== null) {
      // Every installed repository gets its weekly pass; one missed while freshbase was down runs now.
      const started = (async () => {
        for (const { installationId, repo } of await listInstalledRepos(await app.auth(), auth)) {
          const key = `${repo.owner}/${repo.name}`;
          try {
            const info = await readScheduleInfo(await auth(installationId), repo, await botLogin());
            scheduleRepo(installationId, repo, info.config);
            if (info.config?.enabled !== true || !isPassMissed(info, now())) continue;
            app.log.info({ repo: key }, 'running a scheduled pass missed while freshbase was down');
            await queue.enqueue(scheduledJob(installationId, repo));
          } catch (error: unknown) {
            app.log.warn({ repo: key, err: describeError(error) }, 'could not schedule the repository at start-up');
          }
        }
      })().catch((error: unknown) => {
        app.log.warn({ err: describeError(error) }, 'could not schedule installed repositories at start-up');
      });
      options.onStarted?.(started);
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
