/**
 * The Redis connections of one replica: a fail-fast client for what a webhook or a scan waits on
 * (enqueueing, the registry cache, health checks), and a patient one for BullMQ's workers, which
 * wait through an outage and carry on when Redis is back.
 *
 * Owns: `connectRedis`, the ioredis options, reachability, and logging Redis going away and
 * coming back (once each, not every reconnect attempt). May import: ioredis, jobs ports.
 * Must not: log or throw the URL (it may hold a password); keep anything but connections.
 */
import { Redis } from 'ioredis';
import { describeError } from '../util/errors.js';
import type { JobLog } from './ports.js';

/** The connections of one replica. */
export interface RedisConnections {
  /**
   * Fails at once while Redis is unreachable (no offline queue, one retry), so a webhook gets 503
   * instead of waiting, and a cache read is a miss instead of a stall.
   */
  readonly client: Redis;
  /** For BullMQ workers: retries forever and waits for the connection (BullMQ requires `maxRetriesPerRequest: null`). */
  readonly worker: Redis;
  /** Whether the fail-fast client is connected, waiting up to `timeoutMs` for one being made. */
  ready(timeoutMs: number): Promise<boolean>;
  /** Whether Redis answers PING within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<boolean>;
  /** Closes both connections. */
  close(): Promise<void>;
}

/** Options of `connectRedis`. */
export interface ConnectRedisOptions {
  /** `redis://[:password@]host:port[/db]` or `rediss://…`. */
  url: string;
  log: JobLog;
  /** How long a command of the fail-fast client may wait for its answer. @default 5000 */
  commandTimeoutMs?: number;
}

/** Reconnect after 50 ms, growing to 2 s between attempts, forever: a replica outlives any Redis outage. */
function retryStrategy(times: number): number {
  return Math.min(times * 50, 2_000);
}

/** Logs "unreachable" once when a connection breaks and "reachable again" once when it is back. */
function watch(redis: Redis, name: string, log: JobLog): void {
  let down = false;
  redis.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    log.warn({ redis: name, err: describeError(error) }, 'Redis is unreachable; retrying');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ redis: name }, 'Redis is reachable again');
  });
}

/** Opens the two connections of a replica (lazily: the first command connects). */
export function connectRedis(options: ConnectRedisOptions): RedisConnections {
  const client = new Redis(options.url, {
    retryStrategy,
    connectionName: 'freshbase',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 5_000,
    connectTimeout: 5_000,
  });
  const worker = new Redis(options.url, {
    retryStrategy,
    connectionName: 'freshbase-worker',
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
  });
  watch(client, 'client', options.log);
  watch(worker, 'worker', options.log);
  const ready = (timeoutMs: number): Promise<boolean> => {
    if (client.status === 'ready') return Promise.resolve(true);
    if (client.status === 'end' || client.status === 'close') return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (value: boolean): void => {
        clearTimeout(timer);
        client.off('ready', onReady);
        resolve(value);
      };
      const onReady = (): void => {
        done(true);
      };
      const timer = setTimeout(() => {
        done(false);
      }, timeoutMs);
      client.once('ready', onReady);
    });
  };
  return {
    client,
    worker,
    ready,
    async ping(timeoutMs = 1_000) {
      if (client.status !== 'ready') return false;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<false>((resolve) => {
        timer = setTimeout(() => {
          resolve(false);
        }, timeoutMs);
      });
      try {
        return await Promise.race([client.ping().then(() => true), late]);
      } catch {
        return false; // refused, reset or timed out: unreachable, which is the answer
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await Promise.allSettled([client.quit(), worker.quit()]);
      client.disconnect();
      worker.disconnect();
    },
  };
}
