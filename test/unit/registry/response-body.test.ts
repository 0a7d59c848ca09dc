import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../../src/registry/response-body.js';
import { readResponseCapped } from '../../../src/util/read-body-capped.js';

function streamOf(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === chunks) {
        controller.close();
        return;
      }
      sent += 1;
      controller.enqueue(new Uint8Array(size));
    },
  });
}

describe('registry/response-body', () => {
  it('reads a body within the cap', async () => {
    const body = await readResponseCapped(new Response(streamOf(3, 100)), 300);

    expect(body?.byteLength).toBe(300);
  });

  it('stops reading a stream that grows past the cap', async () => {
    const body = await readResponseCapped(new Response(streamOf(1000, 1024)), 10 * 1024);

    expect(body).toBeUndefined();
  });

  it('refuses a declared Content-Length over the cap before reading', async () => {
    const response = new Response('x'.repeat(10), { headers: { 'content-length': '999999' } });

    expect(await readResponseCapped(response, 100)).toBeUndefined();
  });

  it.each([
    [
      'https://cdn.example/blob?X-Amz-Signature=abc&X-Amz-Credential=k&expires=1',
      'https://cdn.example/blob?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED&expires=1',
    ],
    [
      'https://auth.example/token?service=s&scope=repository%3Aa%3Apull&access_token=t',
      'https://auth.example/token?service=s&scope=repository%3Aa%3Apull&access_token=REDACTED',
    ],
    ['https://user:pw@host.example/v2/', 'https://host.example/v2/'],
  ])('redacts %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
