/**
 * Starts a real registry (Debian's `docker-registry`, distribution 2.8) on 127.0.0.1 with a
 * random free port and a temporary storage directory, for the registry bench and tests.
 *
 * Owns: `startRegistry`, `ensureDebianPackage`, `findFreePort`, `waitForHttp`.
 * May import: node built-ins. Must not: import from test/ (the bench is compiled without it),
 * skip silently (a missing package is installed when we are root, else the error says how).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** How the registry authenticates clients. */
export type RegistryAuthSetup =
  | { kind: 'none' }
  | { kind: 'htpasswd'; htpasswdPath: string }
  | { kind: 'token'; realm: string; service: string; issuer: string; rootCertBundlePath: string };

/** A running registry. */
export interface LocalRegistry {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `127.0.0.1:PORT` */
  host: string;
  storageDir: string;
  stop(): Promise<void>;
}

const REGISTRY_BINARY = '/usr/bin/docker-registry';

/**
 * Makes sure a Debian package's binary exists: installs the package when missing and we are
 * root, otherwise throws with the exact command to run. Test files start in parallel, so the
 * install runs under `flock` and re-checks the binary once it holds the lock.
 */
export function ensureDebianPackage(binary: string, pkg: string): void {
  if (existsSync(binary)) return;
  const command = `apt-get update && apt-get install -y ${pkg}`;
  if (process.getuid?.() !== 0) {
    throw new Error(`${binary} is missing. Install it with: sudo ${command}`);
  }
  const script = `test -x ${binary} || { ${command}; }`;
  const locked = existsSync('/usr/bin/flock')
    ? ['/usr/bin/flock', join(tmpdir(), 'freshbase-apt.lock'), 'sh', '-c', script]
    : ['sh', '-c', script];
  try {
    execFileSync(locked[0] ?? 'sh', locked.slice(1), {
      stdio: 'pipe',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 600_000,
    });
  } catch (error: unknown) {
    throw new Error(`installing ${pkg} failed; run: ${command}`, { cause: error });
  }
  if (!existsSync(binary)) throw new Error(`${pkg} installed but ${binary} is still missing`);
}

/** A port that was free a moment ago on `host`. */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** Polls `url` until any HTTP answer arrives; fails if `exited()` turns true or time runs out. */
export async function waitForHttp(url: string, exited: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`server for ${url} exited during start-up`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50)); // not listening yet
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function authYaml(auth: RegistryAuthSetup): string {
  switch (auth.kind) {
    case 'none':
      return '';
    case 'htpasswd':
      return `auth:\n  htpasswd:\n    realm: freshbase-test\n    path: ${auth.htpasswdPath}\n`;
    case 'token':
      return [
        'auth:',
        '  token:',
        `    realm: ${auth.realm}`,
        `    service: ${auth.service}`,
        `    issuer: ${auth.issuer}`,
        `    rootcertbundle: ${auth.rootCertBundlePath}`,
        '',
      ].join('\n');
  }
}

function configYaml(port: number, storageDir: string, auth: RegistryAuthSetup): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  cache:',
    '    blobdescriptor: inmemory',
    '  filesystem:',
    `    rootdirectory: ${storageDir}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    'health:',
    '  storagedriver:',
    '    enabled: false',
    authYaml(auth),
  ].join('\n');
}

/**
 * Spawns a server binary and waits until `ready` resolves (it is told whether the child exited);
 * a server that does not start is killed and its last stderr lines are in the error.
 */
export async function spawnServer(
  binary: string,
  args: readonly string[],
  ready: (exited: () => boolean) => Promise<void>,
): Promise<ChildProcess> {
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  let exited = false;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  child.once('exit', () => {
    exited = true;
  });
  try {
    await ready(() => exited);
  } catch (error: unknown) {
    child.kill('SIGKILL');
    throw new Error(`${basename(binary)} did not start: ${stderr.trim()}`, { cause: error });
  }
  return child;
}

function launch(configPath: string, url: string): Promise<ChildProcess> {
  return spawnServer(REGISTRY_BINARY, ['serve', configPath], (exited) => waitForHttp(`${url}/v2/`, exited));
}

/** Stops a child process: SIGTERM, then SIGKILL after 5 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts a registry; retries on a port taken between choosing and binding it. */
export async function startRegistry(
  options: { auth?: RegistryAuthSetup; /** Where the storage directory goes. @default os.tmpdir() */ tmpRoot?: string } = {},
): Promise<LocalRegistry> {
  ensureDebianPackage(REGISTRY_BINARY, 'docker-registry');
  const auth = options.auth ?? { kind: 'none' };
  const workDir = await mkdtemp(join(options.tmpRoot ?? tmpdir(), 'freshbase-registry-'));
  const storageDir = join(workDir, 'storage');
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    const configPath = join(workDir, 'config.yml');
    await writeFile(configPath, configYaml(port, storageDir, auth));
    try {
      const child = await launch(configPath, url);
      return {
        url,
        host: `127.0.0.1:${port}`,
        storageDir,
        async stop() {
          await stopChild(child);
          await rm(workDir, { recursive: true, force: true });
        },
      };
    } catch (error: unknown) {
      lastError = error;
    }
  }
  await rm(workDir, { recursive: true, force: true });
  throw lastError;
}
