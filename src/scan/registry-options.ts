/**
 * Registry options from server-wide settings and command-line flags: mirrors, plain-http
 * hosts and credentials, each validated with an error naming where it came from.
 */
import type { RegistryEnv } from '../config/env.js';
import { parseMirror, parseMirrors } from '../registry/index.js';
import type { RegistryCredential, RegistryOptions } from '../registry/types.js';
import { ConfigError, describeError } from '../util/errors.js';

/** Flags that add to or override the environment (the CLI's `--mirror`, `--insecure-registry`). */
export interface RegistryOverrides {
  mirrors?: readonly string[];
  insecureHosts?: readonly string[];
  dockerConfigPath?: string;
}

/** Builds `RegistryOptions`. Throws `ConfigError` naming the variable or flag at fault. */
export function buildRegistryOptions(env: RegistryEnv, overrides: RegistryOverrides = {}): RegistryOptions {
  const mirrors = parseOrFail('FRESHBASE_MIRRORS', () => parseMirrors(env.mirrors));
  for (const entry of overrides.mirrors ?? []) {
    const mirror = parseOrFail(`--mirror ${entry}`, () => parseMirror(entry));
    mirrors[mirror.host] = mirror.url;
  }
  const dockerConfigPath = overrides.dockerConfigPath ?? env.dockerConfigPath;
  const credentials = env.credentialsJson === undefined ? [] : parseCredentials(env.credentialsJson);
  return {
    mirrors,
    insecureHosts: [...env.insecureHosts, ...(overrides.insecureHosts ?? [])],
    credentials,
    ...(dockerConfigPath === undefined ? {} : { dockerConfigPath }),
    timeoutMs: env.timeoutMs,
    cacheTtlMs: env.cacheTtlMs,
    concurrencyPerHost: env.concurrencyPerHost,
    maxTagPages: env.maxTagPages,
  };
}

function parseOrFail<T>(where: string, parse: () => T): T {
  try {
    return parse();
  } catch (error: unknown) {
    throw new ConfigError({ file: where, path: '', reason: describeError(error), cause: error });
  }
}

/** Parses `FRESHBASE_REGISTRY_CREDENTIALS`; the message never repeats a secret. */
function parseCredentials(json: string): RegistryCredential[] {
  const where = 'environment variable FRESHBASE_REGISTRY_CREDENTIALS';
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ConfigError({ file: where, path: '', reason: 'is not valid JSON' });
  }
  if (!Array.isArray(value)) throw new ConfigError({ file: where, path: '', reason: 'must be a JSON array' });
  return value.map((entry: unknown, index): RegistryCredential => {
    const item = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const { host, username, password, token } = item;
    if (typeof host === 'string' && typeof token === 'string') return { host, token };
    if (typeof host === 'string' && typeof username === 'string' && typeof password === 'string') return { host, username, password };
    throw new ConfigError({
      file: where,
      path: `[${index}]`,
      reason: 'needs "host" with "username" and "password", or "host" with "token"',
    });
  });
}
