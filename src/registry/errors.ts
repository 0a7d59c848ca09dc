/**
 * Typed registry failures.
 *
 * Owns: `RegistryError` and its subclasses, and `MirrorSyntaxError`. Messages are built
 * from fields (host, repository, status, a reason we wrote), never from headers, URLs
 * with query strings or response bodies, so no credential can reach them.
 * May import: util/errors. Must not: do I/O.
 */
import { FreshbaseError } from '../util/errors.js';

/** Fields every registry error carries. */
export interface RegistryErrorFields {
  /** Registry host as in the image name (`docker.io`). */
  host: string;
  /** Repository path (`library/python`). */
  repository: string;
  /** HTTP status of the answer that failed, if there was one. */
  status?: number;
  /** A short explanation we wrote (never text from the registry). */
  reason?: string;
  cause?: unknown;
}

function formatMessage(summary: string, fields: RegistryErrorFields): string {
  const status = fields.status === undefined ? '' : ` (HTTP ${fields.status})`;
  const reason = fields.reason === undefined ? '' : `: ${fields.reason}`;
  return `${fields.host}/${fields.repository}: ${summary}${status}${reason}`;
}

/** Base class: a registry lookup failed. `temporary` says whether retrying later may help. */
export class RegistryError extends FreshbaseError {
  override name = 'RegistryError';
  readonly host: string;
  readonly repository: string;
  readonly status: number | undefined;
  /** The short explanation the message ends with, if any. */
  readonly reason: string | undefined;

  constructor(code: string, summary: string, fields: RegistryErrorFields, temporary: boolean) {
    super(code, formatMessage(summary, fields), { cause: fields.cause, temporary });
    this.host = fields.host;
    this.repository = fields.repository;
    this.status = fields.status;
    this.reason = fields.reason;
  }
}

/** The repository, tag or manifest does not exist (404). */
export class RegistryNotFoundError extends RegistryError {
  override name = 'RegistryNotFoundError';

  constructor(fields: RegistryErrorFields) {
    super('registry-not-found', 'not found', fields, false);
  }
}

/** Credentials are missing, wrong, or lack pull access (401, 403, token refused). */
export class RegistryAuthError extends RegistryError {
  override name = 'RegistryAuthError';

  constructor(fields: RegistryErrorFields) {
    super('registry-auth', 'authentication failed', fields, false);
  }
}

/** `HH:MM` of an epoch time, in UTC. */
function formatUtcTime(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/**
 * The registry's rate limit is reached (a 429 asking for a longer wait than we sit out, or the
 * pull budget spent): the message is exactly `rate limit of docker.io reached; retry after 14:05 UTC`.
 */
export class RegistryRateLimitError extends RegistryError {
  override name = 'RegistryRateLimitError';
  /** How long the registry asked us to wait, in milliseconds, when the error was made. */
  readonly retryAfterMs: number;
  /** When requests may go again (epoch ms). */
  readonly retryAt: number;

  constructor(fields: RegistryErrorFields & { retryAt: number; retryAfterMs: number }) {
    super('registry-rate-limited', '', fields, true);
    this.message = `rate limit of ${fields.host} reached; retry after ${formatUtcTime(fields.retryAt)} UTC`;
    this.retryAfterMs = Math.max(0, fields.retryAfterMs);
    this.retryAt = fields.retryAt;
  }
}

/**
 * A host that may not be contacted: it resolves to an address that is not public and is not on
 * the allow-list, or a token realm, redirect or page link points there. No connection was made.
 */
export class RegistryHostRefusedError extends RegistryError {
  override name = 'RegistryHostRefusedError';

  constructor(fields: RegistryErrorFields) {
    super('registry-host-refused', 'refused to contact the host', fields, false);
  }
}

/** The registry failed, timed out or could not be reached, after retries. */
export class RegistryUnavailableError extends RegistryError {
  override name = 'RegistryUnavailableError';

  constructor(fields: RegistryErrorFields) {
    super('registry-unavailable', 'registry unavailable', fields, true);
  }
}

/** The registry answered something we refuse: bad JSON, too large, digest mismatch, foreign Link. */
export class RegistryResponseError extends RegistryError {
  override name = 'RegistryResponseError';

  constructor(fields: RegistryErrorFields) {
    super('registry-bad-response', 'unexpected response', fields, false);
  }
}

/** A `HOST=URL` mirror entry (env `FRESHBASE_MIRRORS`, CLI `--mirror`) is invalid. */
export class MirrorSyntaxError extends FreshbaseError {
  override name = 'MirrorSyntaxError';
  /** The entry as written, with any `user:password@` masked. */
  readonly entry: string;
  readonly reason: string;

  constructor(fields: { entry: string; reason: string; cause?: unknown }) {
    const entry = maskMirrorEntry(fields.entry);
    super('mirror-invalid', `invalid mirror "${entry}": ${fields.reason} (expected HOST=URL, e.g. docker.io=http://127.0.0.1:5000)`, {
      cause: fields.cause,
    });
    this.entry = entry;
    this.reason = fields.reason;
  }
}

/**
 * Text with the user information of every URL in it masked: `http://user:p/a@ss@host` →
 * `http://***@host`. Masks through the last `@` of each whitespace- or comma-separated word,
 * so a password holding `/`, `@` or `:` (raw or percent-encoded) never shows.
 */
export function maskUrlCredentials(text: string): string {
  return text.replace(/(:\/\/)[^\s,]*@/g, '$1***@');
}

/** A `HOST=URL` entry with user information masked on both sides of the `=`. */
function maskMirrorEntry(entry: string): string {
  const equals = entry.indexOf('=');
  const host = equals < 0 ? entry : entry.slice(0, equals);
  const maskedHost = host.includes('@') ? `***@${host.slice(host.lastIndexOf('@') + 1)}` : host;
  return maskUrlCredentials(equals < 0 ? maskedHost : `${maskedHost}${entry.slice(equals)}`);
}

/** Narrowing guard for `catch (error: unknown)`. */
export function isRegistryError(error: unknown): error is RegistryError {
  return error instanceof RegistryError;
}
