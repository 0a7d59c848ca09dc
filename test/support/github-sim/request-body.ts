/**
 * Owns reading JSON request bodies and query values with GitHub's validation messages
 * (`Invalid request.\n\n"title" wasn't supplied.`). Imports `api-error`.
 */
import { unprocessable } from './api-error.js';

/** Typed accessors over a JSON request body; each throws GitHub's 422 on bad input. */
export class BodyReader {
  readonly #fields: Readonly<Record<string, unknown>>;

  constructor(body: unknown) {
    this.#fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  }

  /** Whether the key is present (even as null). */
  has(key: string): boolean {
    return key in this.#fields;
  }

  /** The raw value. */
  raw(key: string): unknown {
    return this.#fields[key];
  }

  /** A required string. */
  string(key: string): string {
    const value = this.optionalString(key);
    if (value === undefined) throw unprocessable(`Invalid request.\n\n"${key}" wasn't supplied.`);
    return value;
  }

  /** An optional string (absent or null → undefined). */
  optionalString(key: string): string | undefined {
    const value = this.#fields[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw typeError(key, value, 'string');
    return value;
  }

  /** An optional boolean. */
  optionalBoolean(key: string): boolean | undefined {
    const value = this.#fields[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw typeError(key, value, 'boolean');
    return value;
  }

  /** An optional array of strings. */
  optionalStrings(key: string): string[] | undefined {
    const value = this.#fields[key];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw typeError(key, value, 'array');
    return value;
  }
}

function typeError(key: string, value: unknown, type: string): Error {
  return unprocessable(`Invalid request.\n\nFor 'properties/${key}', ${JSON.stringify(value)} is not a ${type}.`);
}

/** An integer query parameter within bounds, or the fallback. */
export function readIntQuery(query: URLSearchParams, key: string, options: { fallback: number; max?: number }): number {
  const raw = query.get(key);
  const value = raw === null ? Number.NaN : Number.parseInt(raw, 10);
  if (!Number.isFinite(value) || value < 1) return options.fallback;
  return options.max === undefined ? value : Math.min(value, options.max);
}
