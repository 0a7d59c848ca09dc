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

  constructor(code: string, summary: string, fields: RegistryErrorFields, temporary: boolean) {
    super(code, formatMessage(summary, fields), { cause: fields.cause, temporary });
    this.host = fields.host;
    this.repository = fields.repository;
    this.status = fields.status;
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

/** The registry asked us to slow down for longer than we wait (429). */
export class RegistryRateLimitError extends RegistryError {
  override name = 'RegistryRateLimitError';
  /** How long the registry asked us to wait, in milliseconds. */
  readonly retryAfterMs: number;

  constructor(fields: RegistryErrorFields & { retryAfterMs: number }) {
    super('registry-rate-limited', `rate limited, retry after ${Math.ceil(fields.retryAfterMs / 1000)} s`, fields, true);
    this.retryAfterMs = fields.retryAfterMs;
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
    const entry = fields.entry.replace(/\/\/[^/@]*@/, '//***@');
    super('mirror-invalid', `invalid mirror "${entry}": ${fields.reason} (expected HOST=URL, e.g. docker.io=http://127.0.0.1:5000)`, {
      cause: fields.cause,
    });
    this.entry = entry;
    this.reason = fields.reason;
  }
}

/** Narrowing guard for `catch (error: unknown)`. */
export function isRegistryError(error: unknown): error is RegistryError {
  return error instanceof RegistryError;
}
