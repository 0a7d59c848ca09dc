/**
 * Starts a real Redis (Debian's `redis-server`, 7.0) on 127.0.0.1 with a random free port and a
 * temporary directory, for the queue tests and the fleet bench; `maxmemory-policy noeviction`
 * as the README asks of a production Redis. No persistence by default; `appendonly: true` keeps
 * an append-only file (fsync on every write) in that directory, so `restart` keeps the data, as a
 * production Redis with AOF does.
 *
 * Owns: `startRedis`. May import: node built-ins, bench/support/registry-server (package install,
 * ports, child stop). Must not: import from test/, bind anything but 127.0.0.1.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDebianPackage, findFreePort, spawnServer, stopChild } from './registry-server.js';

const REDIS_BINARY = '/usr/bin/redis-server';

/** A running Redis. */
export interface LocalRedis {
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM; with `appendonly`, after writing what it holds). */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory (after `kill`). */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

/** Resolves once something accepts TCP connections on the port, or rejects after `timeoutMs`. */
async function waitForPort(port: number, exited: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`redis-server on port ${port} exited during start-up`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => {
        resolve(false);
      });
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`redis-server did not listen on port ${port} within ${timeoutMs} ms`);
}

function args(port: number, dir: string, appendonly: boolean): string[] {
  return [
    '--bind',
    '127.0.0.1',
    '--port',
    String(port),
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    appendonly ? 'yes' : 'no',
    '--appendfsync',
    'always',
    '--maxmemory-policy',
    'noeviction',
    '--protected-mode',
    'yes',
    '--loglevel',
    'warning',
    '--logfile',
    '',
  ];
}

function launch(port: number, dir: string, appendonly: boolean): Promise<ChildProcess> {
  return spawnServer(REDIS_BINARY, args(port, dir, appendonly), (exited) => waitForPort(port, exited));
}

/** Starts Redis; retries on a port taken between choosing and binding it. */
export async function startRedis(options: { appendonly?: boolean } = {}): Promise<LocalRedis> {
  ensureDebianPackage(REDIS_BINARY, 'redis-server');
  const appendonly = options.appendonly ?? false;
  const dir = await mkdtemp(join(tmpdir(), 'freshbase-redis-'));
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await findFreePort();
    try {
      let child: ChildProcess | undefined = await launch(port, dir, appendonly);
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        async kill() {
          if (child !== undefined) await stopChild(child);
          child = undefined;
        },
        async start() {
          child ??= await launch(port, dir, appendonly);
        },
        async stop() {
          if (child !== undefined) await stopChild(child);
          child = undefined;
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error: unknown) {
      lastError = error;
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}
