/**
 * Typed failures shared by every layer.
 *
 * Owns: the `FreshbaseError` hierarchy. Messages are built from fields, so a caller
 * never formats them and secrets never reach them (no field holds a credential).
 * May import: nothing. Must not: do I/O.
 */

/** Base class: a stable `code`, an optional cause, and whether retrying may help. */
export class FreshbaseError extends Error {
  override name = 'FreshbaseError';
  readonly code: string;
  /** True when the same call may succeed later (rate limit, 5xx, timeout). */
  readonly temporary: boolean;

  constructor(code: string, message: string, options?: { cause?: unknown; temporary?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.temporary = options?.temporary ?? false;
  }
}

/** A configuration file or variable is invalid. */
export class ConfigError extends FreshbaseError {
  override name = 'ConfigError';
  readonly file: string;
  readonly line: number | undefined;
  readonly path: string;
  readonly reason: string;

  constructor(fields: { file: string; line?: number; path: string; reason: string; cause?: unknown }) {
    const where = fields.line === undefined ? fields.file : `${fields.file}:${fields.line}`;
    const key = fields.path === '' ? '' : ` at ${fields.path}`;
    super('config-invalid', `${where}${key}: ${fields.reason}`, { cause: fields.cause });
    this.file = fields.file;
    this.line = fields.line;
    this.path = fields.path;
    this.reason = fields.reason;
  }
}

/** An edit's span no longer holds the text it expects: the file changed under us. */
export class EditConflictError extends FreshbaseError {
  override name = 'EditConflictError';
  readonly file: string;
  readonly line: number;
  readonly expected: string;
  readonly found: string;

  constructor(fields: { file: string; line: number; expected: string; found: string }) {
    super(
      'edit-conflict',
      `${fields.file}:${fields.line}: expected ${JSON.stringify(fields.expected)} but found ${JSON.stringify(fields.found)}; edit refused`,
    );
    this.file = fields.file;
    this.line = fields.line;
    this.expected = fields.expected;
    this.found = fields.found;
  }
}

/** Narrowing guard for `catch (error: unknown)`. */
export function isFreshbaseError(error: unknown): error is FreshbaseError {
  return error instanceof FreshbaseError;
}

/** A short, single-line description of any thrown value, for logs and dashboards. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
