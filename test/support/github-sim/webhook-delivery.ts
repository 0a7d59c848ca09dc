/**
 * Owns sending one webhook the way GitHub does: JSON body, `X-GitHub-Event`,
 * `X-GitHub-Delivery`, `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the
 * secret) and the hook headers. Imports `node:crypto`; uses fetch on 127.0.0.1 targets.
 */
import { createHmac, randomUUID } from 'node:crypto';

/** A webhook the simulator sent. */
export interface WebhookDelivery {
  readonly id: string;
  readonly event: string;
  readonly action: string | undefined;
  /** The HTTP status the target answered with. */
  readonly status: number;
  readonly payload: unknown;
}

/** Signs a raw body like GitHub: `sha256=<hex HMAC-SHA256>`. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** POSTs a webhook to `url`; returns the delivery with the target's status. */
export async function sendWebhook(options: {
  url: string;
  secret: string;
  event: string;
  payload: unknown;
  appId: number;
}): Promise<WebhookDelivery> {
  const body = JSON.stringify(options.payload);
  const id = randomUUID();
  const response = await fetch(options.url, {
    method: 'POST',
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/github-sim',
      'x-github-event': options.event,
      'x-github-delivery': id,
      'x-github-hook-id': '1',
      'x-github-hook-installation-target-id': String(options.appId),
      'x-github-hook-installation-target-type': 'integration',
      'x-hub-signature': `sha1=${createHmac('sha1', options.secret).update(body).digest('hex')}`,
      'x-hub-signature-256': signWebhookBody(options.secret, body),
    },
  });
  await response.arrayBuffer();
  const { payload } = options;
  const action = typeof payload === 'object' && payload !== null ? (payload as { action?: unknown }).action : undefined;
  return {
    id,
    event: options.event,
    action: typeof action === 'string' ? action : undefined,
    status: response.status,
    payload,
  };
}
