/**
 * Registry options from server-wide settings and command-line flags: mirrors, plain-http
 * hosts and credentials, each validated with an error naming where it came from.
 */
import type { RegistryEnv } from '../config/env.js';
import { maskUrlCredentials, parseMirror, parseMirrors } from '../registry/index.js';
import type { CredentialBinding, RegistryCredential, RegistryOptions } from '../registry/types.js';
import { ConfigError, describeError } from '../util/errors.js';

/** Flags that add to or override the environment (the CLI's `--mirror`, `--insecure-registry`, `--cache-dir`, `--no-cache`). */
export interface RegistryOverrides {
  mirrors?: readonly string[];
  insecureHosts?: readonly string[];
  dockerConfigPath?: string;
  /** The cache directory instead of the environment's (`--cache-dir`). */
  cacheDir?: string;
  /** No cache directory at all (`--no-cache`): answers are kept in memory for this run only. */
  noCache?: boolean;
}

/** Builds `RegistryOptions`. Throws `ConfigError` naming the variable or flag at fault. */
export function buildRegistryOptions(env: RegistryEnv, overrides: RegistryOverrides = {}): RegistryOptions {
  const mirrors = parseOrFail('FRESHBASE_MIRRORS', () => parseMirrors(env.mirrors));
  for (const entry of overrides.mirrors ?? []) {
    const mirror = parseOrFail(`--mirror ${maskUrlCredentials(entry)}`, () => parseMirror(entry));
    mirrors[mirror.host] = mirror.url;
  }
  const dockerConfigPath = overrides.dockerConfigPath ?? env.dockerConfigPath;
  const credentials = env.credentialsJson === undefined ? [] : parseCredentials(env.credentialsJson);
  const cacheDir = overrides.noCache === true ? undefined : (overrides.cacheDir ?? env.cacheDir);
  return {
    mirrors,
    insecureHosts: [...env.insecureHosts, ...(overrides.insecureHosts ?? [])],
    credentials,
    ...(dockerConfigPath === undefined ? {} : { dockerConfigPath }),
    timeoutMs: env.timeoutMs,
    cacheTtlMs: env.cacheTtlMs,
    concurrencyPerHost: env.concurrencyPerHost,
    maxTagPages: env.maxTagPages,
    maxTags: env.maxTags,
    allowedHosts: env.allowedHosts,
    ...(cacheDir === undefined ? {} : { cacheDir, cacheMaxBytes: env.cacheMaxBytes }),
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
    const binding = parseBinding(item, where, index);
    if (typeof host === 'string' && typeof token === 'string') return { host, token, ...binding };
    if (typeof host === 'string' && typeof username === 'string' && typeof password === 'string')
      return { host, username, password, ...binding };
    throw new ConfigError({
      file: where,
      path: `[${index}]`,
      reason: 'needs "host" with "username" and "password", or "host" with "token"',
    });
  });
}

/** `installations` (ids) and `owners` (logins) binding a credential to them; both optional. */
function parseBinding(item: Record<string, unknown>, where: string, index: number): CredentialBinding {
  const { installations, owners } = item;
  if (
    installations !== undefined &&
    !(Array.isArray(installations) && installations.every((id) => Number.isInteger(id) && (id as number) > 0))
  ) {
    throw new ConfigError({
      file: where,
      path: `[${index}].installations`,
      reason: 'must be a list of installation ids (positive whole numbers)',
    });
  }
  if (owners !== undefined && !(Array.isArray(owners) && owners.every((owner) => typeof owner === 'string' && owner !== ''))) {
    throw new ConfigError({ file: where, path: `[${index}].owners`, reason: 'must be a list of GitHub organization or user logins' });
  }
  return {
    ...(installations === undefined ? {} : { installations: installations as number[] }),
    ...(owners === undefined ? {} : { owners: owners as string[] }),
  };
}
