/**
 * Process scenario support: runs the built app (`node dist/src/main.js`) as a child process in
 * a temporary working directory, polls it over HTTP, and records the paths of the requests it
 * sends to GitHub (the simulator logs them with `/api/v3` already stripped).
 *
 * Owns: `requireBuiltApp`, `createAppDir`, `startAppProcess`, `runAppToExit`, `pollUntil`,
 * `readJobCounters`, `startRecordingProxy`, `startHoldingProxy`. May import: node built-ins. Must not: build anything (`npm test`
 * builds first), reach any host but 127.0.0.1, or leave a child running after `stop()`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopChild } from '../../bench/support/registry-server.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const POLL_INTERVAL_MS = 100;
const POLL_LIMIT_MS = 30_000;
const OUTPUT_LIMIT = 8_000;

/** The built entry point; throws naming `npm run build` when it is missing. */
export function requireBuiltApp(): string {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (\`npm test\` does)`);
  return MAIN;
}

/** A temporary working directory for the app. */
export interface AppDir {
  readonly dir: string;
  remove(): Promise<void>;
}

/** Creates an {@link AppDir} holding a copy of app.yml and nothing else (no .env, no package.json). */
export async function createAppDir(): Promise<AppDir> {
  const dir = await mkdtemp(join(tmpdir(), 'freshbase-process-'));
  await copyFile(join(ROOT, 'app.yml'), join(dir, 'app.yml'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A running `node dist/src/main.js`. */
export interface AppProcess {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Whether the process has exited. */
  exited(): boolean;
  /** The last few KB of its stdout and stderr, for assertion messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it has exited. */
  stop(): Promise<void>;
  /** SIGKILL at once, as when a node dies; resolves once it has exited. */
  kill(): Promise<void>;
}

/**
 * Spawns the app with exactly `env` (plus PATH) in `cwd`, listening on 127.0.0.1:`port`.
 * Resolves once anything answers HTTP there; kills the child if it never does.
 */
export async function startAppProcess(options: { cwd: string; port: number; env: Readonly<Record<string, string>> }): Promise<AppProcess> {
  const main = requireBuiltApp();
  const child = spawn(process.execPath, [main], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(options.port), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = (): boolean => child.exitCode !== null || child.signalCode !== null;
  const app: AppProcess = {
    url: `http://127.0.0.1:${options.port}`,
    exited,
    output: () => (output.trim() === '' ? '(no output)' : output),
    stop: () => stopChild(child),
    kill: () =>
      exited()
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            child.once('exit', () => {
              resolve();
            });
            child.kill('SIGKILL');
          }),
  };
  try {
    await pollUntil(app, 'the app to answer HTTP', async () => {
      const response = await fetch(`${app.url}/`, { redirect: 'manual', signal: AbortSignal.timeout(1_000) });
      await response.body?.cancel();
      return true;
    });
  } catch (error: unknown) {
    await app.stop();
    throw error;
  }
  return app;
}

/** How a run of the app that was expected to stop by itself ended. */
export interface AppExit {
  /** The exit code, or null when a signal ended it. */
  code: number | null;
  /** The last few KB of its stdout and stderr. */
  output: string;
}

/**
 * Runs the app with exactly `env` (plus PATH) in `cwd` and waits for it to exit by itself, as it
 * should when it refuses to start. One still running after 30 s is killed, and that is an error.
 */
export async function runAppToExit(options: { cwd: string; port: number; env: Readonly<Record<string, string>> }): Promise<AppExit> {
  const child = spawn(process.execPath, [requireBuiltApp()], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(options.port), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const limit = setTimeout(() => child.kill('SIGKILL'), POLL_LIMIT_MS);
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (exitCode, exitSignal) => {
        resolve([exitCode, exitSignal]);
      });
    });
    if (signal !== null) throw new Error(`the app did not exit by itself within ${POLL_LIMIT_MS} ms (${signal}); its output:\n${output}`);
    return { code, output };
  } finally {
    clearTimeout(limit);
  }
}

/**
 * Calls `probe` every 100 ms for at most 30 s until it returns a value other than undefined
 * (a throw counts as "not yet"). Fails early, with the app's output, if the process exits.
 */
export async function pollUntil<T>(app: AppProcess, what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + POLL_LIMIT_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    if (app.exited()) throw new Error(`the app exited while waiting for ${what}; its output:\n${app.output()}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error: unknown) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  const cause = last instanceof Error ? ` (last error: ${last.message})` : '';
  throw new Error(`gave up waiting ${POLL_LIMIT_MS} ms for ${what}${cause}; the app's output:\n${app.output()}`);
}

/** Job counters of `GET /freshbase/status`. */
export interface JobCounters {
  started: number;
  finished: number;
  failed: number;
}

/** Reads `GET /freshbase/status`; throws unless it answers `{ status: 'ok', jobs }`. */
export async function readJobCounters(app: AppProcess): Promise<JobCounters> {
  const response = await fetch(`${app.url}/freshbase/status`, { signal: AbortSignal.timeout(1_000) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET /freshbase/status answered ${response.status}: ${text}`);
  const body = JSON.parse(text) as { status?: unknown; jobs?: JobCounters };
  if (body.status !== 'ok' || body.jobs === undefined) throw new Error(`GET /freshbase/status answered ${text}`);
  return body.jobs;
}

/** A pass-through HTTP proxy in front of `target` that records each request's method and raw path. */
export interface RecordingProxy {
  /** `127.0.0.1:PORT`, for GHE_HOST. */
  readonly host: string;
  /** `METHOD /raw/path?query`, in arrival order. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/** Starts a {@link RecordingProxy}: a holding proxy that is never asked to hold. */
export function startRecordingProxy(target: string): Promise<RecordingProxy> {
  return startHoldingProxy(target);
}

/** A {@link RecordingProxy} that can hold one request matching a pattern until released. */
export interface HoldingProxy extends RecordingProxy {
  /** Resolves when a request matching `pattern` (`METHOD /path`) arrives; it is held, not forwarded. */
  holdNext(pattern: RegExp): Promise<void>;
  /** Drops the held request (its client gets a reset): as if GitHub never saw it. */
  drop(): void;
  /** Stops waiting for a request to hold: the next ones pass. */
  disarm(): void;
}

/** Starts a {@link HoldingProxy} in front of `target`; `Host` is passed through so `Link` headers point back at the proxy. */
export async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const upstream = new URL(target);
  const requests: string[] = [];
  let hold: { pattern: RegExp; arrived: () => void } | undefined;
  let held: { destroy(): void } | undefined;
  const server: Server = createServer((req, res) => {
    const line = `${req.method ?? 'GET'} ${req.url ?? ''}`;
    requests.push(line);
    if (hold !== undefined && hold.pattern.test(line)) {
      const { arrived } = hold;
      hold = undefined;
      held = req.socket;
      arrived();
      return;
    }
    const forward = httpRequest(
      { hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`proxy: ${error.message}`);
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    holdNext: (pattern) =>
      new Promise((resolve) => {
        hold = { pattern, arrived: resolve };
      }),
    drop() {
      held?.destroy();
      held = undefined;
    },
    disarm() {
      hold = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
