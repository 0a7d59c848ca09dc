/**
 * A token server on loopback for distribution 2.8's `auth.token`: it signs ES256 JWTs the
 * registry verifies against a self-signed certificate in its `rootcertbundle`.
 *
 * Distribution 2.8 finds the signing key from the JWT header: an `x5c` chain, a `jwk`, or a
 * `kid` that it looks up among the root bundle's keys by their libtrust key ID (SHA-256 of
 * the DER SubjectPublicKeyInfo, first 240 bits, base32, in 12 colon-separated groups of 4).
 * We send `kid`. It also checks `iss`, `aud` (= service), `exp`/`nbf` (60 s leeway) and the
 * `access` claim (`[{ type: 'repository', name, actions }]`).
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, sign, randomUUID, createHash, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { ensureDebianPackage } from '../../../bench/support/registry-server.js';

export const TOKEN_SERVICE = 'freshbase-test-registry';
export const TOKEN_ISSUER = 'freshbase-test-issuer';

/** Signing material: a P-256 key and its self-signed certificate (PEM file path). */
export interface SigningKey {
  key: KeyObject;
  certPath: string;
  kid: string;
}

/** One request the token server saw. */
export interface TokenRequest {
  scopes: string[];
  service: string | null;
  /** The user whose Basic credentials came, `null` for anonymous. */
  user: string | null;
  granted: boolean;
}

/** Options of `startTokenServer`. */
export interface TokenServerOptions {
  signing: SigningKey;
  users: Readonly<Record<string, string>>;
  /** Repositories anonymous users may pull. @default none */
  anonymousPull?: (repository: string) => boolean;
  /** `expires_in` of the answers. @default 300 */
  expiresIn?: number;
}

/** A running token server. */
export interface TokenServer {
  /** `http://127.0.0.1:PORT/token` */
  realm: string;
  requests: TokenRequest[];
  /** Mints a token directly (for pushing fixtures). */
  mint(subject: string, access: { name: string; actions: string[] }[]): string;
  stop(): Promise<void>;
}

function base32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet.charAt((value << (5 - bits)) & 31);
  return out;
}

/** libtrust's key ID of a public key: base32 of the first 30 bytes of SHA-256(DER SPKI), grouped by 4. */
export function libtrustKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const encoded = base32(createHash('sha256').update(der).digest().subarray(0, 30));
  return encoded.match(/.{4}/g)?.join(':') ?? encoded;
}

/** Creates a P-256 key and a self-signed certificate with openssl, in `dir`. */
export async function createSigningKey(dir: string): Promise<SigningKey> {
  ensureDebianPackage('/usr/bin/openssl', 'openssl');
  const keyPath = join(dir, 'token.key');
  const certPath = join(dir, 'token.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=freshbase-test-token',
    ],
    { stdio: 'pipe' },
  );
  const key = createPrivateKey(await readFile(keyPath, 'utf8'));
  return { key, certPath, kid: libtrustKeyId(createPublicKey(await readFile(certPath, 'utf8'))) };
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

function signJwt(signing: SigningKey, claims: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', kid: signing.kid }));
  const payload = base64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), { key: signing.key, dsaEncoding: 'ieee-p1363' });
  return `${header}.${payload}.${base64url(signature)}`;
}

function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  if (header?.startsWith('Basic ') !== true) return undefined;
  const text = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = text.indexOf(':');
  return colon < 0 ? undefined : { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

/** Parses `repository:NAME:pull,push` scopes. */
function parseScope(scope: string): { name: string; actions: string[] } | undefined {
  const match = /^repository:([^:]+):(.+)$/.exec(scope);
  return match?.[1] === undefined || match[2] === undefined ? undefined : { name: match[1], actions: match[2].split(',') };
}

/** Starts the token server on 127.0.0.1 with a random port. */
export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const requests: TokenRequest[] = [];
  const expiresIn = options.expiresIn ?? 300;

  function mint(subject: string, access: { name: string; actions: string[] }[]): string {
    const now = Math.floor(Date.now() / 1000);
    return signJwt(options.signing, {
      iss: TOKEN_ISSUER,
      sub: subject,
      aud: TOKEN_SERVICE,
      exp: now + expiresIn,
      nbf: now - 5,
      iat: now,
      jti: randomUUID(),
      access: access.map((entry) => ({ type: 'repository', ...entry })),
    });
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const scopes = url.searchParams.getAll('scope');
    const basic = parseBasic(request.headers.authorization);
    const known = basic !== undefined && options.users[basic.user] === basic.password;
    const record: TokenRequest = { scopes, service: url.searchParams.get('service'), user: basic?.user ?? null, granted: false };
    requests.push(record);
    if (url.pathname !== '/token' || (basic !== undefined && !known)) {
      response.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"incorrect username or password"}');
      return;
    }
    const access = scopes
      .map(parseScope)
      .filter((scope) => scope !== undefined)
      .map((scope) =>
        known
          ? scope
          : {
              name: scope.name,
              actions: scope.actions.filter((action) => action === 'pull' && options.anonymousPull?.(scope.name) === true),
            },
      )
      .filter((scope) => scope.actions.length > 0);
    record.granted = access.length > 0;
    const token = mint(basic?.user ?? '', access);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ token, access_token: token, expires_in: expiresIn, issued_at: new Date().toISOString() }));
  }

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    requests,
    mint,
    stop: () =>
      new Promise((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}
