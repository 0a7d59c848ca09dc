/**
 * Fleet harness: several replicas of the real freshbase app in this process, each its own Probot
 * (own GitHub tokens, own registry client, own Redis connections) served over HTTP, sharing one
 * real Redis (Debian's redis-server) and one real registry, against the GitHub simulator. The
 * simulator's own webhooks go through a round-robin balancer in front of the replicas, as a
 * Kubernetes Service would spread them; tests may also post a webhook to one replica with a
 * delivery id of their choosing.
 *
 * Real timers: BullMQ's workers, locks and retries run on the clock. Nothing here sleeps to wait
 * for an outcome; `settle` polls the shared queue until it is empty.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPusher, type PushImageInput } from '../../bench/support/registry-push.js';
import { startBalancer } from '../../bench/support/balancer.js';
import { startRedis, type LocalRedis } from '../../bench/support/redis-server.js';
import { startRegistry, type LocalRegistry } from '../../bench/support/registry-server.js';
import { createFreshbaseApp } from '../../src/app.js';
import { parseAppEnv } from '../../src/config/env.js';
import type { RepoJob } from '../../src/github/repo-job.js';
import type { JobQueue } from '../../src/jobs/index.js';
import { createSimProbot, signWebhookBody, startGitHubSimulator, type GitHubSimulator } from '../support/github-sim/index.js';
import { TWO_PLATFORMS } from './harness.js';

/** One replica, served over HTTP. */
export interface FleetReplica {
  /** `http://127.0.0.1:PORT/api/github/webhooks` */
  readonly webhookUrl: string;
  readonly queue: JobQueue<RepoJob>;
  stop(): Promise<void>;
}

/** A running fleet. */
export interface Fleet {
  sim: GitHubSimulator;
  registry: LocalRegistry;
  redis: LocalRedis;
  replicas: FleetReplica[];
  /** Stops every replica (the queue, schedules and cache stay in Redis). */
  stopReplicas(): Promise<void>;
  /** Starts `count` new replicas, as after a deployment. */
  startReplicas(count: number): Promise<void>;
  /** Posts a signed webhook to replica `index` with delivery id `id` (new when omitted); resolves with the HTTP status. */
  post(index: number, event: string, payload: unknown, id?: string): Promise<number>;
  /** Waits until the shared queue has nothing waiting, delayed or running. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
}

async function startReplica(sim: GitHubSimulator, env: Record<string, string>, startAt?: () => Date): Promise<FleetReplica> {
  const probot = createSimProbot(sim);
  let queue: JobQueue<RepoJob> | undefined;
  let stopApp: (() => Promise<void>) | undefined;
  await probot.load(
    createFreshbaseApp({
      env: parseAppEnv(env),
      statusEndpoint: false,
      onQueue: (value) => {
        queue = value;
      },
      onStop: (value) => {
        stopApp = value;
      },
      ...(startAt === undefined ? {} : { scheduleStartAt: startAt }),
    }),
  );
  const middleware = await probot.getNodeMiddleware();
  const server = createServer((request, response) => {
    void middleware(request, response);
  });
  const port = await listen(server);
  if (queue === undefined) throw new Error('the app did not create its queue');
  return {
    webhookUrl: `http://127.0.0.1:${port}/api/github/webhooks`,
    queue,
    async stop() {
      await close(server);
      await stopApp?.();
    },
  };
}

/** Starts a registry with `images`, Redis, the simulator and `count` replicas. */
export async function startFleet(
  images: readonly PushImageInput[],
  options: {
    replicas?: number;
    env?: Record<string, string>;
    appendonly?: boolean;
    /** Where new schedules start from (simulated weeks); see test/integration/jobs/bullmq-scheduler.test.ts. */
    scheduleStartAt?: () => Date;
  } = {},
): Promise<Fleet> {
  const registry = await startRegistry();
  const pusher = createPusher({ url: registry.url });
  for (const image of images) await pusher.pushImage({ platforms: TWO_PLATFORMS, ...image });
  const redis = await startRedis({ appendonly: options.appendonly ?? false });
  const sim = await startGitHubSimulator();
  const env = {
    REDIS_URL: redis.url,
    FRESHBASE_MIRRORS: `docker.io=${registry.url}`,
    FRESHBASE_REGISTRY_TIMEOUT: '10s',
    FRESHBASE_QUEUE_SETTLE: '0',
    FRESHBASE_JOB_LOCK: '5s',
    FRESHBASE_JOB_BACKOFF: '1s',
    FRESHBASE_SCHEDULE: 'off',
    ...options.env,
  };
  const replicas: FleetReplica[] = [];
  const startReplicas = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) replicas.push(await startReplica(sim, env, options.scheduleStartAt));
  };
  await startReplicas(options.replicas ?? 3);
  const balancer = await startBalancer(() => replicas.map((replica) => replica.webhookUrl));
  sim.setWebhookTarget(balancer.url);
  return {
    sim,
    registry,
    redis,
    replicas,
    async stopReplicas() {
      for (const replica of replicas.splice(0)) await replica.stop();
    },
    startReplicas,
    async post(index, event, payload, id = randomUUID()) {
      const body = JSON.stringify(payload);
      const response = await fetch(replicas[index]?.webhookUrl ?? '', {
        method: 'POST',
        body,
        headers: {
          'content-type': 'application/json',
          'x-github-event': event,
          'x-github-delivery': id,
          'x-hub-signature-256': signWebhookBody(sim.webhookSecret, body),
        },
      });
      await response.arrayBuffer();
      return response.status;
    },
    async settle() {
      await replicas[0]?.queue.onIdle();
    },
    async close() {
      await balancer.close();
      for (const replica of replicas) await replica.stop();
      await sim.close();
      await redis.stop();
      await registry.stop();
    },
  };
}

/** How many times `repo`'s files were read (one recursive tree listing per scan). */
export function scansOf(sim: GitHubSimulator, repo: string): number {
  return sim.requests.filter(
    (r) => r.method === 'GET' && r.route === '/repos/{owner}/{repo}/git/trees/{tree_sha}' && r.path.startsWith(`/repos/${repo}/`),
  ).length;
}
