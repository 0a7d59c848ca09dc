/**
 * Owns the simulator's HTTP error type and GitHub's JSON error body shape. Imports nothing;
 * state and handlers throw {@link ApiError}, the HTTP layer renders it.
 */

/** One entry of a 422 response's `errors` array, as GitHub sends it. */
export interface ApiErrorDetail {
  readonly resource: string;
  readonly code: string;
  readonly field?: string;
  readonly message?: string;
}

/** GitHub's error body: `{ message, documentation_url, status, errors? }`. */
export interface ApiErrorBody {
  readonly message: string;
  readonly documentation_url: string;
  readonly status: string;
  readonly errors?: readonly ApiErrorDetail[];
}

/** Options for {@link ApiError}. */
export interface ApiErrorOptions {
  readonly errors?: readonly ApiErrorDetail[];
  /** @default 'https://docs.github.com/rest' */
  readonly documentationUrl?: string;
}

/** A GitHub API error response; thrown by state and handlers, rendered by the server. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  readonly errors: readonly ApiErrorDetail[] | undefined;
  readonly documentationUrl: string;

  constructor(status: number, message: string, options: ApiErrorOptions = {}) {
    super(message);
    this.status = status;
    this.errors = options.errors;
    this.documentationUrl = options.documentationUrl ?? 'https://docs.github.com/rest';
  }

  /** The JSON body GitHub would send. */
  toBody(): ApiErrorBody {
    const body = { message: this.message, documentation_url: this.documentationUrl, status: String(this.status) };
    return this.errors === undefined ? body : { ...body, errors: this.errors };
  }
}

/** `404 Not Found`, GitHub's answer for anything missing or not visible to the caller. */
export function notFound(message = 'Not Found'): ApiError {
  return new ApiError(404, message);
}

/** `422 Validation Failed` (or another 422 message), optionally with `errors` details. */
export function unprocessable(message: string, errors?: readonly ApiErrorDetail[]): ApiError {
  return errors === undefined ? new ApiError(422, message) : new ApiError(422, message, { errors });
}
