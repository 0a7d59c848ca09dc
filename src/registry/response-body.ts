/**
 * Reading untrusted response bodies with a size cap, and hiding secrets in URLs.
 *
 * Owns: `streamBody`, `discardBody`, `redactUrl` (reading a whole body with a cap is util/read-body-capped.ts).
 * May import: util/. Must not: parse bodies or decide retries.
 */

/** Receives a body chunk by chunk; `write` returns false to stop reading (the rest is cancelled). */
export interface BodySink {
  write(chunk: Uint8Array): boolean;
  /** Called once the whole body was read (not after a stop). */
  end(): void;
}

/** Streams a body into `sink` without holding it; stops (and cancels the body) when the sink says so. */
export async function streamBody(response: Response, sink: BodySink): Promise<void> {
  if (response.body === null) {
    sink.end();
    return;
  }
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!sink.write(value)) {
      await reader.cancel();
      return;
    }
  }
  sink.end();
}

/** Releases a body we do not read (HEAD answers, redirects), ignoring stream errors. */
export async function discardBody(response: Response): Promise<void> {
  if (response.body === null) return;
  try {
    await response.body.cancel();
  } catch {
    return; // the connection is being torn down anyway; the status we already have is what matters
  }
}

const SECRET_PARAM = /token|signature|sig$|credential|password|secret|key|auth|code|session/i;

/**
 * A URL safe to log: user info removed and the values of query parameters that may hold
 * secrets (`token`, `X-Amz-Signature`, `sig`, ...) replaced by `REDACTED`.
 */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return '(invalid URL)';
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, 'REDACTED');
  }
  return parsed.toString();
}
