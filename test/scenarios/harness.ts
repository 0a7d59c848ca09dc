/**
 * Scenario harness: the real freshbase Probot app, served over HTTP, talking to the GitHub
 * simulator and to a real registry (Debian's docker-registry) loaded with test images.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPusher, type PushImageInput, type Pusher } from '../../bench/support/registry-push.js';
import { startRegistry, type LocalRegistry } from '../../bench/support/registry-server.js';
import { createFreshbaseApp } from '../../src/app.js';
import { parseAppEnv } from '../../src/config/env.js';
import type { JobQueue } from '../../src/jobs/index.js';
import { createSimProbot, startGitHubSimulator, type GitHubSimulator, type Issue } from '../support/github-sim/index.js';
import { createFakeClock } from '../support/fake-clock.js';

/** A running scenario. */
export interface Scenario {
  sim: GitHubSimulator;
  registry: LocalRegistry;
  pusher: Pusher;
  /** Waits until every queued repository job has run. */
  settle(): Promise<void>;
  /** Moves the app's clock (and the simulator's) forward, firing the scheduler's timers on the way. */
  advance(ms: number): Promise<void>;
  now(): Date;
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

/** Starts a registry with `images`, the simulator and the app. */
export async function startScenario(
  images: readonly PushImageInput[],
  options: { start?: string; env?: Record<string, string> } = {},
): Promise<Scenario> {
  const clock = createFakeClock(new Date(options.start ?? '2025-04-01T00:00:00Z'));
  const now = (): Date => clock.now();
  const registry = await startRegistry();
  const pusher = createPusher({ url: registry.url });
  for (const image of images) await pusher.pushImage({ platforms: TWO_PLATFORMS, ...image });
  const sim = await startGitHubSimulator({ now });
  const probot = createSimProbot(sim);
  let queue: JobQueue | undefined;
  const env = parseAppEnv({
    FRESHBASE_MIRRORS: `docker.io=${registry.url}`,
    FRESHBASE_CACHE_TTL: '0',
    FRESHBASE_REGISTRY_TIMEOUT: '10s',
    ...options.env,
  });
  await probot.load(
    createFreshbaseApp({
      env,
      clock,
      statusEndpoint: false,
      onQueue: (q) => {
        queue = q;
      },
    }),
  );
  const middleware = await probot.getNodeMiddleware();
  const server: Server = createServer((request, response) => {
    void middleware(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  sim.setWebhookTarget(`http://127.0.0.1:${port}/api/github/webhooks`);
  return {
    sim,
    registry,
    pusher,
    settle: async () => {
      if (queue === undefined) throw new Error('the app did not create its queue');
      await queue.onIdle();
    },
    advance: (ms) => clock.advanceBy(ms),
    now,
    async close() {
      await queue?.close();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      await sim.close();
      await registry.stop();
    },
  };
}
