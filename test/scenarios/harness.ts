/**
 * Scenario harness: the real freshbase Probot app, served over HTTP, talking to the GitHub
 * simulator and to a real registry (Debian's docker-registry) loaded with test images.
 *
 * Time is vitest's fake clock (`Date`, `setTimeout`, `clearTimeout`), installed once the
 * registry is up: the app's scans, its node-cron tasks and the simulator all read it, it stands
 * still while jobs run, and `advance` moves it, firing the weekly passes due on the way.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'probot';
import { vi } from 'vitest';
import { createPusher, type PushImageInput, type Pusher } from '../../bench/support/registry-push.js';
import { startRegistry, type LocalRegistry } from '../../bench/support/registry-server.js';
import { startFaultProxy, type FaultProxy, type FaultProxyOptions } from '../support/registry/fault-proxy.js';
import { createFreshbaseApp } from '../../src/app.js';
import { parseAppEnv, type AppEnv } from '../../src/config/env.js';
import type { RepoJob } from '../../src/github/repo-job.js';
import type { JobQueue, Scheduler } from '../../src/jobs/index.js';
import {
  createSimProbot,
  startGitHubSimulator,
  type GitHubSimulator,
  type GitHubSimulatorOptions,
  type Issue,
} from '../support/github-sim/index.js';

/** A running scenario. */
export interface Scenario {
  sim: GitHubSimulator;
  registry: LocalRegistry;
  /** The fault proxy the app reaches the registry through, when the scenario asked for one. */
  proxy: FaultProxy | undefined;
  pusher: Pusher;
  /** Waits until every queued repository job has run. */
  settle(): Promise<void>;
  /** Moves the clock forward, firing the scheduler's node-cron tasks on the way. */
  advance(ms: number): Promise<void>;
  now(): Date;
  /** The app's scheduler (the schedule is on unless `env` turns it off). */
  scheduler(): Scheduler<RepoJob>;
  /** Where the app takes webhooks (`http://127.0.0.1:PORT/api/github/webhooks`), for hand-made deliveries. */
  webhookUrl(): string;
  /** Stops the app, lets `downForMs` pass with nothing running, and starts a new instance on the same GitHub. */
  restart(downForMs: number): Promise<void>;
  close(): Promise<void>;
}

/** The dashboard issue freshbase keeps in `repo`, if any. */
export function dashboardOf(sim: GitHubSimulator, repo: `${string}/${string}`): Issue | undefined {
  return sim.listIssues(repo).find((issue) => issue.title === 'freshbase dashboard');
}

/** The write requests the simulator saw since its log was reset, as `METHOD route`. */
export function writesOf(sim: GitHubSimulator): string[] {
  return sim.requests.filter((r) => r.isWrite).map((r) => `${r.method} ${r.route}`);
}

/** Two platforms, like most official images. */
export const TWO_PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

/** One running instance of the app, served over HTTP. */
interface AppInstance {
  queue: JobQueue<RepoJob>;
  scheduler: Scheduler<RepoJob> | undefined;
  /** Settles once the start-up scheduling of installed repositories has run. */
  started: Promise<void>;
  webhookUrl: string;
  stop(): Promise<void>;
}

/** Loads the app into a Probot for the simulator, serves it, and points the simulator's webhooks at it. */
async function startApp(sim: GitHubSimulator, env: AppEnv, log?: Logger): Promise<AppInstance> {
  const probot = createSimProbot(sim, log === undefined ? {} : { log });
  let queue: JobQueue<RepoJob> | undefined;
  let scheduler: Scheduler<RepoJob> | undefined;
  let started: Promise<void> = Promise.resolve();
  await probot.load(
    createFreshbaseApp({
      env,
      statusEndpoint: false,
      onQueue: (value) => {
        queue = value;
      },
      onScheduler: (value) => {
        scheduler = value;
      },
      onStarted: (value) => {
        started = value;
      },
    }),
  );
  const middleware = await probot.getNodeMiddleware();
  const server: Server = createServer((request, response) => {
    void middleware(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const webhookUrl = `http://127.0.0.1:${port}/api/github/webhooks`;
  sim.setWebhookTarget(webhookUrl);
  if (queue === undefined) throw new Error('the app did not create its queue');
  const jobs = queue;
  return {
    queue: jobs,
    scheduler,
    started,
    webhookUrl,
    async stop() {
      await scheduler?.stop();
      await jobs.close();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}

/** Options of `startScenario`. */
export interface ScenarioOptions {
  /** When the fake clock starts. @default 2025-04-01T00:00:00Z */
  start?: string;
  /** FRESHBASE_* variables over the scenario's defaults. */
  env?: Record<string, string>;
  /** The app's logger (a pino logger); the app logs nothing without one. */
  log?: Logger;
  /** The simulator's app identity: its private key and webhook secret. */
  github?: Pick<GitHubSimulatorOptions, 'privateKey' | 'webhookSecret'>;
  /** Reach the registry through a fault proxy (with these options: a pull limit, for one). */
  faults?: Omit<FaultProxyOptions, 'upstream'>;
  /** A registry the test started (one with auth, say) and a pusher that may write to it; the scenario stops it. @default a new one without auth */
  registry?: { registry: LocalRegistry; pusher: Pusher };
}

/** Starts a registry with `images`, the simulator and the app. */
export async function startScenario(images: readonly PushImageInput[], options: ScenarioOptions = {}): Promise<Scenario> {
  const registry = options.registry?.registry ?? (await startRegistry());
  const proxy = options.faults === undefined ? undefined : await startFaultProxy({ ...options.faults, upstream: registry.url });
  const pusher = options.registry?.pusher ?? createPusher({ url: registry.url });
  for (const image of images) await pusher.pushImage({ platforms: TWO_PLATFORMS, ...image });
  vi.useFakeTimers({ now: new Date(options.start ?? '2025-04-01T00:00:00Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  const now = (): Date => new Date();
  const sim = await startGitHubSimulator({ now, ...options.github });
  const env = parseAppEnv({
    FRESHBASE_MIRRORS: `docker.io=${proxy?.url ?? registry.url}`,
    FRESHBASE_CACHE_TTL: '0',
    FRESHBASE_REGISTRY_TIMEOUT: '10s',
    // The fake clock jumps while scans wait on real sockets; a scenario that tests the budget sets one.
    FRESHBASE_SCAN_TIMEOUT: '0',
    // OSV on a port that refuses connections unless the scenario starts the stub: no test reaches api.osv.dev.
    FRESHBASE_OSV_URL: 'http://127.0.0.1:9',
    ...options.env,
  });
  let app = await startApp(sim, env, options.log);
  return {
    sim,
    registry,
    proxy,
    pusher,
    settle: async () => {
      await app.started;
      await app.queue.onIdle();
    },
    advance: async (ms) => {
      await vi.advanceTimersByTimeAsync(ms);
    },
    now,
    webhookUrl: () => app.webhookUrl,
    scheduler: () => {
      if (app.scheduler === undefined) throw new Error('the schedule is off');
      return app.scheduler;
    },
    async restart(downForMs) {
      await app.queue.onIdle();
      await app.stop();
      vi.setSystemTime(Date.now() + downForMs);
      app = await startApp(sim, env, options.log);
    },
    async close() {
      vi.useRealTimers();
      await app.stop();
      await sim.close();
      await proxy?.stop();
      await registry.stop();
    },
  };
}
