/**
 * One bounded JSON request to the OSV API: a timeout covering headers and body, a body cap,
 * a zod check of the answer; every failure is returned as a reason, never thrown.
 *
 * Owns: `requestJson`, `OsvHttpOutcome`.
 * May import: zod, util/read-body-capped. Must not: retry (a failed lookup is retried by the
 * next scan), cache, or log request bodies.
 */
import type { z } from 'zod';
import { readResponseCapped } from '../util/read-body-capped.js';

/** A parsed answer, or why there is none. */
export type OsvHttpOutcome<T> = { ok: true; value: T } | { ok: false; reason: string; status?: number };

/** One request. */
export interface JsonRequest<S extends z.ZodType> {
  fetch: typeof fetch;
  url: string;
  method: 'GET' | 'POST';
  body?: unknown;
  timeoutMs: number;
  maxBytes: number;
  schema: S;
  userAgent: string;
}

function describe(error: unknown, timedOut: boolean, timeoutMs: number): string {
  if (timedOut) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error instanceof Error ? `${error.message}${cause}` : String(error);
}

async function send<S extends z.ZodType>(request: JsonRequest<S>, signal: AbortSignal): Promise<OsvHttpOutcome<z.infer<S>>> {
  const headers: Record<string, string> = { accept: 'application/json', 'user-agent': request.userAgent };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const response = await request.fetch(request.url, {
    method: request.method,
    headers,
    signal,
    redirect: 'error',
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, reason: `HTTP ${response.status}`, status: response.status };
  }
  const bytes = await readResponseCapped(response, request.maxBytes);
  if (bytes === undefined) return { ok: false, reason: `answer larger than ${request.maxBytes} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { ok: false, reason: 'answer is not JSON' };
  }
  const parsed = request.schema.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'answer does not match the OSV API schema' };
}

/** Sends one request and reads its JSON answer within `timeoutMs`. Never throws. */
export async function requestJson<S extends z.ZodType>(request: JsonRequest<S>): Promise<OsvHttpOutcome<z.infer<S>>> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  try {
    return await send(request, controller.signal);
  } catch (error: unknown) {
    return { ok: false, reason: describe(error, timedOut, request.timeoutMs) };
  } finally {
    clearTimeout(timer);
  }
}
