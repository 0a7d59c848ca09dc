/**
 * Owns request authentication: verifying the app's RS256 JWTs (iss = app id) and issuing
 * and recognising installation tokens. Imports `node:crypto` and `sim-state` types.
 * Must not decide which routes need which credentials (the server does).
 */
import { randomBytes, verify, type KeyObject } from 'node:crypto';

/** Who a request authenticated as. */
export type RequestAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'app' }
  | { readonly kind: 'installation'; readonly installationId: number; readonly token: IssuedToken }
  | { readonly kind: 'invalid'; readonly message: string };

/** An installation access token the simulator issued. Tokens do not expire. */
export interface IssuedToken {
  readonly token: string;
  readonly installationId: number;
  /** Lower-case repo names the token is limited to; undefined = all of the installation's. */
  readonly repositories: ReadonlySet<string> | undefined;
  readonly expiresAt: Date;
}

/** Issues and looks up installation tokens. */
export class TokenRegistry {
  readonly #tokens = new Map<string, IssuedToken>();

  /** Issues a new `ghs_` token. */
  issue(options: { installationId: number; repositories?: readonly string[]; expiresAt: Date }): IssuedToken {
    const token = `ghs_${randomBytes(18).toString('hex')}`;
    const repositories = options.repositories === undefined ? undefined : new Set(options.repositories.map((name) => name.toLowerCase()));
    const issued: IssuedToken = { token, installationId: options.installationId, repositories, expiresAt: options.expiresAt };
    this.#tokens.set(token, issued);
    return issued;
  }

  /** Every token issued, oldest first. */
  list(): string[] {
    return [...this.#tokens.keys()];
  }

  /** The issued token, or undefined. */
  find(token: string): IssuedToken | undefined {
    return this.#tokens.get(token);
  }
}

const JWT_ERROR = 'A JSON web token could not be decoded';

/** Verifies an app JWT: three base64url parts, RS256 signature by the app key, `iss` = app id. */
export function isValidAppJwt(jwt: string, options: { appId: number; publicKey: KeyObject }): boolean {
  const [header, payload, signature, extra] = jwt.split('.');
  if (header === undefined || payload === undefined || signature === undefined || extra !== undefined) return false;
  const decodedHeader = parseJsonPart(header);
  const claims = parseJsonPart(payload);
  if (decodedHeader?.alg !== 'RS256' || claims === undefined) return false;
  const signingInput = Buffer.from(`${header}.${payload}`);
  const signed = verify('RSA-SHA256', signingInput, options.publicKey, Buffer.from(signature, 'base64url'));
  const { iss, iat, exp } = claims;
  const timesOk = typeof iat === 'number' && typeof exp === 'number' && exp > iat && exp - iat <= 11 * 60;
  return signed && timesOk && String(iss) === String(options.appId);
}

function parseJsonPart(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the `Authorization` header: `Bearer <jwt>` or `token|Bearer <installation token>`. */
export function authenticateRequest(
  header: string | undefined,
  options: { appId: number; publicKey: KeyObject; tokens: TokenRegistry },
): RequestAuth {
  if (header === undefined || header.trim() === '') return { kind: 'none' };
  const match = /^(token|bearer)\s+(\S+)$/i.exec(header.trim());
  const credential = match?.[2];
  if (credential === undefined) return { kind: 'invalid', message: 'Bad credentials' };
  const issued = options.tokens.find(credential);
  if (issued !== undefined) return { kind: 'installation', installationId: issued.installationId, token: issued };
  if (credential.split('.').length === 3) {
    return isValidAppJwt(credential, options) ? { kind: 'app' } : { kind: 'invalid', message: JWT_ERROR };
  }
  return { kind: 'invalid', message: 'Bad credentials' };
}
