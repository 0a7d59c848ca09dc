/**
 * The three registry set-ups the registry tests run against, each a real distribution 2.8
 * (`docker-registry`) on 127.0.0.1: no auth, htpasswd Basic (bcrypt), and token auth with a
 * loopback token server. Each comes with a pusher that may write to it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPusher, type Pusher } from '../../../bench/support/registry-push.js';
import { ensureDebianPackage, startRegistry, type LocalRegistry } from '../../../bench/support/registry-server.js';
import { createSigningKey, startTokenServer, TOKEN_ISSUER, TOKEN_SERVICE, type TokenServer } from './token-server.js';

/** A registry set-up ready for tests. */
export interface TestRegistry {
  registry: LocalRegistry;
  pusher: Pusher;
  /** `127.0.0.1:PORT`, the host part of image names. */
  host: string;
  stop(): Promise<void>;
}

export const TEST_USER = 'freshbase';
export const TEST_PASSWORD = 'correct horse battery staple';

/** A registry without authentication. */
export async function startPlainRegistry(): Promise<TestRegistry> {
  const registry = await startRegistry();
  return { registry, host: registry.host, pusher: createPusher({ url: registry.url }), stop: () => registry.stop() };
}

/** A registry with htpasswd Basic auth (bcrypt hash made by apache2-utils' `htpasswd`) for `TEST_USER` and `password`. */
export async function startBasicRegistry(options: { password?: string } = {}): Promise<TestRegistry> {
  ensureDebianPackage('/usr/bin/htpasswd', 'apache2-utils');
  const password = options.password ?? TEST_PASSWORD;
  const dir = await mkdtemp(join(tmpdir(), 'freshbase-htpasswd-'));
  const htpasswdPath = join(dir, 'htpasswd');
  const line = execFileSync('htpasswd', ['-nbB', '-C', '4', TEST_USER, password], { encoding: 'utf8' }).trim();
  await writeFile(htpasswdPath, `${line}\n`);
  const registry = await startRegistry({ auth: { kind: 'htpasswd', htpasswdPath } });
  const basic = `Basic ${Buffer.from(`${TEST_USER}:${password}`).toString('base64')}`;
  return {
    registry,
    host: registry.host,
    pusher: createPusher({ url: registry.url, authorize: () => Promise.resolve(basic) }),
    async stop() {
      await registry.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A token-auth registry and its token server. */
export interface TokenTestRegistry extends TestRegistry {
  tokens: TokenServer;
}

/** A registry with token auth; anonymous users may pull repositories under `public/`. */
export async function startTokenRegistry(options: { expiresIn?: number } = {}): Promise<TokenTestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'freshbase-token-'));
  const signing = await createSigningKey(dir);
  const tokens = await startTokenServer({
    signing,
    users: { [TEST_USER]: TEST_PASSWORD },
    anonymousPull: (repository) => repository.startsWith('public/'),
    ...(options.expiresIn === undefined ? {} : { expiresIn: options.expiresIn }),
  });
  const registry = await startRegistry({
    auth: { kind: 'token', realm: tokens.realm, service: TOKEN_SERVICE, issuer: TOKEN_ISSUER, rootCertBundlePath: signing.certPath },
  });
  const authorize = (repository: string): Promise<string> =>
    Promise.resolve(`Bearer ${tokens.mint('fixture-pusher', [{ name: repository, actions: ['pull', 'push'] }])}`);
  return {
    registry,
    tokens,
    host: registry.host,
    pusher: createPusher({ url: registry.url, authorize }),
    async stop() {
      await registry.stop();
      await tokens.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
