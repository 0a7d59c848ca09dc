/**
 * Registry credentials: the typed list from freshbase's config or environment, and the
 * `auths` map of a Docker `config.json`; matched to the one host each belongs to.
 *
 * Owns: `parseDockerConfig`, `normalizeCredentialHost`, `createCredentialStore`, and which
 * credential a scope (the CLI, or one GitHub App installation) may use: a credential bound to
 * installations or owners serves only them; an unbound one serves everyone.
 * May import: node:crypto, oci, util/errors, registry/{hosts,schema,types}. Must not: read
 * process.env, or put a secret in an error message or an id (errors name the file and the key
 * path, ids hash the host and user, never the value).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { normalizeRegistry } from '../oci/reference.js';
import { ConfigError } from '../util/errors.js';
import { DockerConfig } from './schema.js';
import type { Access } from './hosts.js';
import type { RegistryCredential, RegistryScope } from './types.js';

/**
 * The host a credential key names: `https://index.docker.io/v1/` → `docker.io`,
 * `http://localhost:5000` → `localhost:5000`, `GHCR.io` → `ghcr.io`.
 */
export function normalizeCredentialHost(key: string): string {
  let host = key.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(host);
  if (scheme !== null) host = host.slice(scheme[0].length);
  const slash = host.indexOf('/');
  if (slash >= 0) host = host.slice(0, slash);
  return normalizeRegistry(host);
}

function decodeAuth(file: string, key: string, auth: string): { username: string; password: string } {
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) {
    throw new ConfigError({ file, path: `auths["${key}"].auth`, reason: 'is not base64 of "username:password"' });
  }
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

/**
 * Parses a Docker `config.json` into credentials. Entries with `auth` (base64 `user:pass`) or
 * `username`/`password` give Basic credentials; `registrytoken` gives a bearer token;
 * entries with only `identitytoken` (an OAuth refresh token) or nothing usable are skipped.
 * `credsStore`/`credHelpers` are not consulted. freshbase also reads `installations` (ids) and
 * `owners` (GitHub logins) in an entry, binding it to them (Docker ignores unknown fields).
 * @throws ConfigError naming `file` and the key path (never the secret).
 */
export function parseDockerConfig(text: string, file: string): RegistryCredential[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error: unknown) {
    // No cause: V8's SyntaxError quotes the text around the fault, which may be a secret.
    throw new ConfigError({
      file,
      path: '',
      reason: `is not valid JSON (${error instanceof SyntaxError ? 'syntax error' : 'unreadable'})`,
    });
  }
  const parsed = DockerConfig.safeParse(json);
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.map(String).join('.') ?? '';
    throw new ConfigError({ file, path, reason: 'does not have the shape of a Docker config.json' });
  }
  const credentials: RegistryCredential[] = [];
  for (const [key, entry] of Object.entries(parsed.data.auths ?? {})) {
    const host = normalizeCredentialHost(key);
    const bound = {
      ...(entry.installations === undefined ? {} : { installations: entry.installations }),
      ...(entry.owners === undefined ? {} : { owners: entry.owners }),
    };
    if (entry.auth !== undefined && entry.auth !== '') {
      credentials.push({ host, ...decodeAuth(file, key, entry.auth), ...bound });
    } else if (entry.username !== undefined && entry.password !== undefined) {
      credentials.push({ host, username: entry.username, password: entry.password, ...bound });
    } else if (entry.registrytoken !== undefined && entry.registrytoken !== '') {
      credentials.push({ host, token: entry.registrytoken, ...bound });
    }
  }
  return credentials;
}

/** Finds the credential a scope may use for a host. */
export interface CredentialStore {
  /**
   * The access `scope` has to `host` (`host[:port]`, Docker Hub's aliases included): the first
   * credential bound to the scope (by installation or owner), else the first unbound one, else
   * anonymous; `withheld` when the host has credentials but none for this scope.
   */
  access(host: string, scope: RegistryScope): Promise<Access>;
  /** Hosts that have a credential bound to no installation or owner (every installation may use it). */
  unboundHosts(): Promise<string[]>;
}

/** Options of `createCredentialStore`. */
export interface CredentialStoreOptions {
  credentials?: readonly RegistryCredential[];
  dockerConfigPath?: string;
}

/** Whether a credential is bound to installations or owners at all. */
export function isBound(credential: RegistryCredential): boolean {
  return (credential.installations?.length ?? 0) > 0 || (credential.owners?.length ?? 0) > 0;
}

/** Whether `scope` may use `credential`: the CLI uses every one; an installation its own and unbound ones. */
export function mayUse(credential: RegistryCredential, scope: RegistryScope): boolean {
  if (scope.kind === 'all' || !isBound(credential)) return true;
  const owner = scope.owner.toLowerCase();
  return (
    (credential.installations ?? []).includes(scope.installationId) ||
    (credential.owners ?? []).some((name) => name.toLowerCase() === owner)
  );
}

/** A stable id for a credential: its source, position, host and user hashed; never the secret. */
function credentialId(source: string, index: number, credential: RegistryCredential): string {
  const user = 'username' in credential ? credential.username : 'token';
  return `c-${createHash('sha256').update(`${source}\n${index}\n${credential.host}\n${user}`).digest('hex').slice(0, 16)}`;
}

interface Known {
  id: string;
  credential: RegistryCredential;
}

/**
 * Creates a store. Listed credentials win over the Docker config file, which is read once,
 * on the first lookup. @throws ConfigError (from `access`) when that file cannot be read or parsed.
 */
export function createCredentialStore(options: CredentialStoreOptions): CredentialStore {
  const listed: Known[] = (options.credentials ?? []).map((credential, index) => {
    const normalized = { ...credential, host: normalizeCredentialHost(credential.host) };
    return { id: credentialId('listed', index, normalized), credential: normalized };
  });
  let fromFile: Promise<Known[]> | undefined;

  async function loadFile(path: string): Promise<Known[]> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error: unknown) {
      throw new ConfigError({ file: path, path: '', reason: 'cannot be read', cause: error });
    }
    return parseDockerConfig(text, path).map((credential, index) => ({ id: credentialId(path, index, credential), credential }));
  }

  async function all(): Promise<Known[]> {
    if (options.dockerConfigPath === undefined) return listed;
    fromFile ??= loadFile(options.dockerConfigPath);
    return [...listed, ...(await fromFile)];
  }

  return {
    async access(authority, scope) {
      const host = normalizeRegistry(authority);
      const forHost = (await all()).filter((known) => known.credential.host === host);
      const usable = forHost.filter((known) => mayUse(known.credential, scope));
      const chosen = usable.find((known) => isBound(known.credential)) ?? usable[0];
      if (chosen === undefined) return { account: 'anonymous', withheld: forHost.length > 0 };
      return { account: chosen.id, credential: chosen.credential, withheld: false };
    },
    async unboundHosts() {
      return [...new Set((await all()).filter((known) => !isBound(known.credential)).map((known) => known.credential.host))].sort();
    },
  };
}
