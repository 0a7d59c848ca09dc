/**
 * The Probot application: wires the registry client, the job queue and its one handler, the
 * weekly scheduler, the metrics and the webhook handlers together. main.ts runs it; tests load it
 * into a Probot.
 *
 * One process (no `REDIS_URL`): the in-memory queue and node-cron schedules. With `REDIS_URL`,
 * replicas share BullMQ's queue and job schedulers and the registry cache in Redis; `GET
 * /freshbase/status` then answers 503 while Redis is unreachable, and webhooks get 503 (GitHub
 * shows the delivery failed; nothing is dropped silently).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApplicationFunction, Probot } from 'probot';
import type { AppEnv } from './config/env.js';
import type { RepoConfig } from './config/schema.js';
import { listInstalledRepos, readScheduleInfo } from './github/installations.js';
import { mergeJobs, repoJob, type RepoJob } from './github/repo-job.js';
import { createGitHubClients } from './github/app-clients.js';
import { createInstallationBudget } from './github/rate-budget.js';
import { createRefusalLimiter } from './github/refusals.js';
import { createRepoJobHandler, isRetryable, type RunInfo } from './github/run-repo-job.js';
import type { RepoScanOutcome } from './github/run-repo-scan.js';
import type { GitHub, RepoRef } from './github/types.js';
import { registerWebhooks } from './github/webhooks.js';
import {
  connectRedis,
  createBullQueue,
  createBullScheduler,
  createCronScheduler,
  createMemoryQueue,
  createRedisStore,
  isPassMissed,
  type JobQueue,
  type RedisConnections,
  type Scheduler,
} from './jobs/index.js';
import { createMetrics, type Metrics } from './metrics/index.js';
import { createOsvClient } from './osv/index.js';
import { createMemoryStore, createRegistry, createTieredStore, type CacheStore, type Registry } from './registry/index.js';
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
  /** Called with what stops the app: the scheduler, then the queue (running jobs finish), then Redis. */
  onStop?: (stop: () => Promise<void>) => void;
  /** Serve `GET /freshbase/status` and `GET /metrics` on Probot's server (needs one: off when loaded into a bare Probot). @default true */
  statusEndpoint?: boolean;
  /** The shared scheduler's start for new schedules (tests of simulated weeks). @default the clock */
  scheduleStartAt?: () => Date;
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

/** The registry cache: memory, in front of Redis when replicas share one. */
function sharedCache(redis: RedisConnections | null, env: AppEnv, app: Probot): CacheStore | undefined {
  if (redis === null) return undefined;
  let warned = false;
  const back = createRedisStore({
    redis: redis.client,
    maxBytes: env.registry.cacheMaxBytes,
    onError: (error) => {
      if (!warned) app.log.warn({ err: describeError(error) }, 'registry cache in Redis unavailable; looking up without it');
      warned = true;
    },
  });
  return createTieredStore({ front: createMemoryStore(), back });
}

/**
 * Where GitHub's answers are kept for conditional requests: memory in one process; with replicas,
 * Redis alone (a memory layer in front would hand one replica's older answer to GitHub after another
 * replica stored a newer one, and that request would count).
 */
function gitHubAnswers(redis: RedisConnections | null): CacheStore {
  // 128 MiB, as in Redis: 1,000 repositories keep about 11,000 answers; a smaller store, read in
  // the same order each pass, evicts each answer just before it is asked for again.
  if (redis === null) return createMemoryStore({ maxBytes: 128 * 1024 * 1024 });
  return createRedisStore({ redis: redis.client, prefix: 'freshbase:github', maxBytes: 128 * 1024 * 1024 });
}

/** The outcome label of a run, for the metrics. */
function outcomeOf(outcome: RepoScanOutcome | null): 'scanned' | 'skipped' {
  return outcome !== null && outcome.skipped === undefined ? 'scanned' : 'skipped';
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
    const redis = env.redisUrl === undefined ? null : connectRedis({ url: env.redisUrl, log: app.log });
    const cache = sharedCache(redis, env, app);
    // One registry per process (its memory layer in front of the cache directory or Redis); each run sees it through its installation's credentials.
    const registry =
      options.registry ??
      createRegistry({ ...buildRegistryOptions(env.registry), ...(cache === undefined ? {} : { cache }), log: app.log });
    void warnUnboundCredentials(registry, app.log);
    const allCredentials = registry.forScope({ kind: 'all' });
    // What each update fixes: one SBOM reader and one OSV client (with its 6-hour cache) for every scan of the process.
    const sbom = createSbomReader();
    const osv = createOsvClient(env.osvUrl === undefined ? {} : { baseUrl: env.osvUrl });
    // The metrics read the queue's counts at scrape time; the queue's handler counts runs into the metrics.
    const made: { queue?: JobQueue<RepoJob> } = {};
    const metrics: Metrics = createMetrics({
      registryStats: () => registry.stats(),
      registryRateLimits: () => allCredentials.rateLimits(),
      queueCounts: async () => ({ ...(await (made.queue?.counts() ?? Promise.resolve({}))) }),
    });
    const answers = gitHubAnswers(redis);
    const budget = createInstallationBudget({ reserve: env.githubReserve, now, ...(redis === null ? {} : { store: answers }) });
    const { botLogin, auth } = createGitHubClients(app, {
      responses: answers,
      observe: (request) => {
        metrics.gitHubRequest(request);
        const { rateLimitRemaining: remaining, rateLimitReset: reset } = request;
        if (remaining !== undefined && reset !== undefined) void budget.observe(request.installation, { remaining, resetAt: reset * 1000 });
      },
    });
    let scheduler: Scheduler<RepoJob> | null = null;

    /** Sets the weekly pass of a repository from its config (none when disabled or invalid). */
    const scheduleRepo = async (installationId: number, repo: RepoRef, config: RepoConfig | null | undefined): Promise<void> => {
      if (scheduler === null) return;
      const job = scheduledJob(installationId, repo);
      if (config === null || config === undefined || !config.enabled) await scheduler.unschedule(job.key);
      else await scheduler.schedule({ cron: config.schedule.cron, timezone: config.schedule.timezone }, job);
    };

    const refusals = createRefusalLimiter({ now });
    const handleJob = createRepoJobHandler({
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
      refusals,
      budget,
      defer: async (job, notBefore) => {
        app.log.info({ repo: job.key, retryAt: notBefore.toISOString() }, 'repository deferred until the registry rate limit resets');
        await made.queue?.enqueue(job, { notBefore });
      },
      nextScheduledPass: async (key) => (await scheduler?.nextRun(key)) ?? null,
      // After each run: the repository's weekly pass follows the config it read.
      onRun: async ({ job, outcome, log }) => {
        if (outcome.skipped !== undefined && outcome.skipped !== 'disabled') return;
        await scheduleRepo(job.installationId, job.repo, outcome.result?.config).catch((error: unknown) => {
          log.warn({ err: describeError(error) }, 'could not schedule the repository');
        });
      },
    });
    const handle = countRuns(handleJob, counters, metrics);
    const jobs = createQueue(env, redis, handle, app.log);
    made.queue = jobs;
    options.onQueue?.(jobs);
    if (env.scheduleEnabled) {
      scheduler = createScheduler({
        env,
        redis,
        queue: jobs,
        log: app.log,
        ...(options.scheduleStartAt === undefined ? {} : { startAt: options.scheduleStartAt }),
      });
      options.onScheduler?.(scheduler);
    }
    options.onStop?.(async () => {
      await scheduler?.stop();
      await jobs.close();
      await redis?.close();
    });

    registerWebhooks(app, { queue: jobs, log: app.log });
    if (scheduler !== null)
      options.onStarted?.(scheduleInstalled({ app, auth, botLogin, scheduler, queue: jobs, scheduleRepo, now, shared: redis !== null }));
    if (options.statusEndpoint === false) return;
    addHandler(serveStatus({ metrics, redis, counters }));
  };
}

/** Counts and times every run; a failure goes back to the queue, which logs it, counts it for the next run, and (shared) retries. */
function countRuns(
  handleJob: (job: RepoJob, run: RunInfo) => Promise<RepoScanOutcome | null>,
  counters: JobCounters,
  metrics: Metrics,
): (job: RepoJob, run: RunInfo) => Promise<void> {
  return async (job, run) => {
    counters.started += 1;
    const startedAt = performance.now();
    const trigger = job.reasons.triggers[0] ?? 'command';
    try {
      const outcome = await handleJob(job, run);
      counters.finished += 1;
      const proposals = (outcome?.result?.proposals ?? []).flatMap((p) => p.updates.map((update) => update.updateType));
      metrics.scanFinished({ trigger, outcome: outcomeOf(outcome), seconds: (performance.now() - startedAt) / 1000, proposals });
    } catch (error: unknown) {
      counters.failed += 1;
      metrics.scanFinished({ trigger, outcome: 'failed', seconds: (performance.now() - startedAt) / 1000, proposals: [] });
      throw error;
    }
  };
}

/** The in-memory queue, or with Redis the shared BullMQ one. */
function createQueue(
  env: AppEnv,
  redis: RedisConnections | null,
  handle: (job: RepoJob, run: RunInfo) => Promise<void>,
  log: Probot['log'],
): JobQueue<RepoJob> {
  if (redis === null) return createMemoryQueue<RepoJob>({ concurrency: env.scanConcurrency, log, merge: mergeJobs, handle });
  return createBullQueue<RepoJob>({
    connections: redis,
    handle,
    merge: mergeJobs,
    log,
    concurrency: env.scanConcurrency,
    settleMs: env.queue.settleMs,
    lockMs: env.queue.lockMs,
    attempts: env.queue.retries + 1,
    backoffMs: env.queue.backoffMs,
    retryable: isRetryable,
  });
}

/** node-cron tasks in this process, or with Redis BullMQ job schedulers shared by the replicas. */
function createScheduler(input: {
  env: AppEnv;
  redis: RedisConnections | null;
  queue: JobQueue<RepoJob>;
  log: Probot['log'];
  startAt?: () => Date;
}): Scheduler<RepoJob> {
  const { env, redis, queue, log } = input;
  const windowMs = env.scheduleWindowMs;
  if (redis === null) return createCronScheduler<RepoJob>({ queue, log, windowMs });
  return createBullScheduler<RepoJob>({
    connections: redis,
    queue,
    log,
    windowMs,
    ...(input.startAt === undefined ? {} : { startAt: input.startAt }),
  });
}

/** `GET /metrics`, and `GET /freshbase/status`: 503 while the shared queue's Redis is unreachable. */
function serveStatus(input: {
  metrics: Metrics;
  redis: RedisConnections | null;
  counters: JobCounters;
}): (request: IncomingMessage, response: ServerResponse) => Promise<boolean> {
  const { metrics, redis, counters } = input;
  return async (request, response) => {
    if (request.method !== 'GET') return false;
    if (request.url === '/metrics') {
      const { contentType, body } = await metrics.render();
      response.writeHead(200, { 'content-type': contentType });
      response.end(body);
      return true;
    }
    if (request.url !== '/freshbase/status') return false;
    const reachable = redis === null ? null : await redis.ping();
    response.writeHead(reachable === false ? 503 : 200, { 'content-type': 'application/json' });
    const shared = reachable === null ? {} : { redis: reachable ? 'ok' : 'unreachable' };
    response.end(JSON.stringify({ status: reachable === false ? 'unavailable' : 'ok', jobs: counters, ...shared }));
    return true;
  };
}

/**
 * Start-up: every installed repository gets its weekly pass; one missed while freshbase was down
 * runs now. With shared schedules a repository that already has one is left to BullMQ (it runs a
 * missed pass itself); the catch-up's trigger id names the missed pass, so replicas starting
 * together queue it once.
 */
function scheduleInstalled(input: {
  app: Probot;
  auth: (installationId: number) => Promise<GitHub>;
  botLogin: () => Promise<string>;
  scheduler: Scheduler<RepoJob>;
  queue: JobQueue<RepoJob>;
  scheduleRepo: (installationId: number, repo: RepoRef, config: RepoConfig | null | undefined) => Promise<void>;
  now: () => Date;
  shared: boolean;
}): Promise<void> {
  const { app, auth } = input;
  return (async () => {
    for (const { installationId, repo } of await listInstalledRepos(await app.auth(), auth)) {
      const key = `${repo.owner}/${repo.name}`;
      try {
        if (input.shared && (await input.scheduler.nextRun(key)) !== null) continue;
        const info = await readScheduleInfo(await auth(installationId), repo, await input.botLogin());
        await input.scheduleRepo(installationId, repo, info.config);
        if (info.config?.enabled !== true || !isPassMissed(info, input.now())) continue;
        app.log.info({ repo: key, installation: installationId }, 'running a scheduled pass missed while freshbase was down');
        await input.queue.enqueue(scheduledJob(installationId, repo), { id: `missed:${info.nextPassAt?.toISOString() ?? 'legacy'}` });
      } catch (error: unknown) {
        app.log.warn({ repo: key, err: describeError(error) }, 'could not schedule the repository at start-up');
      }
    }
  })().catch((error: unknown) => {
    app.log.warn({ err: describeError(error) }, 'could not schedule installed repositories at start-up');
  });
}
