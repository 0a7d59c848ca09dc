/**
 * Authentication: answers a `WWW-Authenticate` challenge with Basic credentials or a Bearer
 * token from the challenge's realm (anonymous or with credentials), caching tokens per host
 * and scope until they expire, and remembering each host's challenge so later requests
 * authenticate up front instead of paying a 401 first.
 *
 * Owns: `createAuthenticator`. Credentials go only to the host they belong to and to the
 * token realm that host's own challenge names; never over plain http that is not configured.
 * Tokens are cached per credential id, so a token fetched with one credential never serves another.
 * May import: registry/{challenge,errors,hosts,schema,transport,types}.
 * Must not: put a credential or token in an error, a log or a cache key.
 */
import { parseChallenges, type Challenge } from './challenge.js';
import { RegistryAuthError, RegistryResponseError } from './errors.js';
import type { Endpoint } from './hosts.js';
import { TokenAnswer } from './schema.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';
import type { RegistryCredential } from './types.js';

/** Sends registry API requests with whatever authorization the host asks for. */
export interface Authenticator {
  /** Sends `request` to `endpoint`, answering one 401 challenge. A final 401 is returned as is. */
  send(endpoint: Endpoint, request: TransportRequest): Promise<TransportResponse>;
}

/** Settings of `createAuthenticator`. */
export interface AuthSettings {
  transport: Transport;
  now: () => number;
  /** Whether plain http to this `host[:port]` is configured. */
  allowHttp: (authority: string) => boolean;
}

/** Token lifetime when the token server does not say (distribution's token spec). */
const DEFAULT_TOKEN_SECONDS = 60;
const TOKEN_BODY_BYTES = 1024 * 1024;

interface CachedToken {
  token: string;
  expiresAt: number;
}

function basicHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** Prefers a Bearer challenge over Basic; ignores schemes we do not speak. */
function pickChallenge(header: string | null): Challenge | undefined {
  if (header === null) return undefined;
  const challenges = parseChallenges(header);
  return challenges.find((challenge) => challenge.scheme === 'bearer') ?? challenges.find((challenge) => challenge.scheme === 'basic');
}

/** Creates an authenticator. */
export function createAuthenticator(settings: AuthSettings): Authenticator {
  const challenges = new Map<string, Challenge>();
  const tokens = new Map<string, CachedToken>();
  const pending = new Map<string, Promise<string>>();

  /** The token realm of a challenge, checked: absolute http(s), plain http only where configured. */
  function realmUrl(endpoint: Endpoint, challenge: Challenge): URL {
    const realm = challenge.params['realm'];
    const fields = { host: endpoint.registry, repository: endpoint.repository };
    if (realm === undefined || !URL.canParse(realm))
      throw new RegistryAuthError({ ...fields, reason: 'Bearer challenge without a valid realm URL' });
    const url = new URL(realm);
    const registryIsHttp = endpoint.origin.startsWith('http://');
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && (registryIsHttp || settings.allowHttp(url.host)))) {
      throw new RegistryAuthError({ ...fields, reason: `token realm ${url.protocol}//${url.host} refused: https required` });
    }
    return url;
  }

  async function fetchToken(endpoint: Endpoint, url: URL, credential: RegistryCredential | undefined): Promise<CachedToken> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (credential !== undefined && 'username' in credential)
      headers['authorization'] = basicHeader(credential.username, credential.password);
    const context = { registry: endpoint.registry, repository: endpoint.repository };
    const response = await settings.transport.send({
      method: 'GET',
      url: url.href,
      kind: 'token',
      headers,
      maxBytes: TOKEN_BODY_BYTES,
      context,
      account: endpoint.access.account,
    });
    const fields = { host: endpoint.registry, repository: endpoint.repository, status: response.status };
    if (response.status === 401 || response.status === 403)
      throw new RegistryAuthError({ ...fields, reason: 'the token server refused the request' });
    if (response.status !== 200) throw new RegistryResponseError({ ...fields, reason: 'unexpected answer from the token server' });
    const answer = TokenAnswer.safeParse(parseJson(response.body));
    const token = answer.success ? (answer.data.token ?? answer.data.access_token) : undefined;
    if (token === undefined || token === '')
      throw new RegistryResponseError({ ...fields, reason: 'the token server answered without a token' });
    const lifetimeMs = (answer.data?.expires_in ?? DEFAULT_TOKEN_SECONDS) * 1000;
    // Renew a little early so a token does not expire between our check and the registry's.
    const margin = Math.min(10_000, lifetimeMs / 10);
    return { token, expiresAt: settings.now() + lifetimeMs - margin };
  }

  /** A Bearer token for `scope`, from the cache, a fetch in flight, or a new fetch. */
  async function getToken(
    endpoint: Endpoint,
    challenge: Challenge,
    scope: string,
    credential: RegistryCredential | undefined,
  ): Promise<string> {
    const url = realmUrl(endpoint, challenge);
    const service = challenge.params['service'];
    if (service !== undefined) url.searchParams.set('service', service);
    url.searchParams.set('scope', scope);
    const key = `${tokenKeyPrefix(endpoint, scope)}${url.href}`;
    const cached = tokens.get(key);
    if (cached !== undefined && cached.expiresAt > settings.now()) return cached.token;
    let promise = pending.get(key);
    if (promise === undefined) {
      promise = fetchToken(endpoint, url, credential)
        .then((fresh) => {
          tokens.set(key, fresh);
          return fresh.token;
        })
        .finally(() => pending.delete(key));
      pending.set(key, promise);
    }
    return promise;
  }

  function forgetToken(endpoint: Endpoint, scope: string): void {
    const prefix = tokenKeyPrefix(endpoint, scope);
    for (const key of tokens.keys()) if (key.startsWith(prefix)) tokens.delete(key);
  }

  /** The Authorization header for a request, or undefined to go anonymous. */
  async function authorization(
    endpoint: Endpoint,
    credential: RegistryCredential | undefined,
    challenge: Challenge | undefined,
  ): Promise<string | undefined> {
    if (credential !== undefined && 'token' in credential) return `Bearer ${credential.token}`;
    if (challenge === undefined) return undefined;
    if (challenge.scheme === 'basic') return credential === undefined ? undefined : basicHeader(credential.username, credential.password);
    return `Bearer ${await getToken(endpoint, challenge, pullScope(endpoint), credential)}`;
  }

  function withAuthorization(request: TransportRequest, header: string | undefined): TransportRequest {
    return header === undefined ? request : { ...request, headers: { ...request.headers, authorization: header } };
  }

  return {
    async send(endpoint, sent) {
      const request = { ...sent, account: endpoint.access.account };
      const credential = endpoint.access.credential;
      const first = await authorization(endpoint, credential, challenges.get(endpoint.authority));
      const response = await settings.transport.send(withAuthorization(request, first));
      if (response.status !== 401) return response;
      const challenge = pickChallenge(response.headers.get('www-authenticate'));
      if (challenge === undefined) return response;
      challenges.set(endpoint.authority, challenge);
      if (first !== undefined) forgetToken(endpoint, pullScope(endpoint));
      const second = await authorization(endpoint, credential, challenge);
      if (second === undefined || second === first) return response;
      return settings.transport.send(withAuthorization(request, second));
    },
  };
}

function pullScope(endpoint: Endpoint): string {
  return `repository:${endpoint.repository}:pull`;
}

/** Token cache keys start with host, credential id and scope; they hold no secret. */
function tokenKeyPrefix(endpoint: Endpoint, scope: string): string {
  return `${endpoint.authority}\n${endpoint.access.account}\n${scope}\n`;
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return undefined; // reported by the caller as "answered without a token"
  }
}
