/**
 * Reading an untrusted HTTP response body into memory with a size cap.
 *
 * Owns: `readResponseCapped`, shared by every network client (registry, OSV, the lifecycle refresh).
 * May import: nothing. Must not: parse bodies or decide retries.
 */

/**
 * Reads a body, refusing more than `maxBytes`: a larger `Content-Length` is refused before
 * reading, a body that grows past the cap is cancelled mid-stream. Undefined when the cap is
 * exceeded. Stream errors (a reset connection, an abort) propagate.
 */
export async function readResponseCapped(response: Response, maxBytes: number): Promise<Uint8Array | undefined> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
