/**
 * Registry credentials: the typed list from freshbase's config or environment, and the
 * `auths` map of a Docker `config.json`; matched to the one host each belongs to.
 *
 * Owns: `parseDockerConfig`, `normalizeCredentialHost`, `createCredentialStore`.
 * May import: oci, util/errors, registry/{schema,types}. Must not: read process.env, or put a
 * secret in an error message (errors name the file and the key path, never the value).
 */
import { readFile } from 'node:fs/promises';
import { normalizeRegistry } from '../oci/reference.js';
import { ConfigError } from '../util/errors.js';
import { DockerConfig } from './schema.js';
import type { RegistryCredential } from './types.js';

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
 * `credsStore`/`credHelpers` are not consulted.
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
    if (entry.auth !== undefined && entry.auth !== '') {
      credentials.push({ host, ...decodeAuth(file, key, entry.auth) });
    } else if (entry.username !== undefined && entry.password !== undefined) {
      credentials.push({ host, username: entry.username, password: entry.password });
    } else if (entry.registrytoken !== undefined && entry.registrytoken !== '') {
      credentials.push({ host, token: entry.registrytoken });
    }
  }
  return credentials;
}

/** Finds the credential of one host. */
export interface CredentialStore {
  /** The credential for `authority` (`host[:port]`, Docker Hub's aliases included), if any. */
  find(authority: string): Promise<RegistryCredential | undefined>;
}

/** Options of `createCredentialStore`. */
export interface CredentialStoreOptions {
  credentials?: readonly RegistryCredential[];
  dockerConfigPath?: string;
}

/**
 * Creates a store. Listed credentials win over the Docker config file, which is read once,
 * on the first lookup. @throws ConfigError (from `find`) when that file cannot be read or parsed.
 */
export function createCredentialStore(options: CredentialStoreOptions): CredentialStore {
  const listed = (options.credentials ?? []).map((credential) => ({ ...credential, host: normalizeCredentialHost(credential.host) }));
  let fromFile: Promise<RegistryCredential[]> | undefined;

  async function loadFile(path: string): Promise<RegistryCredential[]> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error: unknown) {
      throw new ConfigError({ file: path, path: '', reason: 'cannot be read', cause: error });
    }
    return parseDockerConfig(text, path);
  }

  return {
    async find(authority) {
      const host = normalizeRegistry(authority);
      const match = listed.find((credential) => credential.host === host);
      if (match !== undefined || options.dockerConfigPath === undefined) return match;
      fromFile ??= loadFile(options.dockerConfigPath);
      return (await fromFile).find((credential) => credential.host === host);
    },
  };
}
