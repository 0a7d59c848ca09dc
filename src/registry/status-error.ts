/**
 * Turning a final non-success answer into a typed registry error, and decoding JSON bodies.
 *
 * Owns: `errorForStatus`, `parseJsonBody`. May import: zod, registry/{errors,hosts,transport}.
 * Must not: echo registry text into messages beyond a distribution error code (`MANIFEST_UNKNOWN`).
 */
import type { z } from 'zod';
import { RegistryAuthError, RegistryNotFoundError, RegistryResponseError, type RegistryError } from './errors.js';
import type { Endpoint } from './hosts.js';
import type { TransportResponse } from './transport.js';

/** The first distribution error code in an error body, if it is a plain UPPER_CASE code. */
function errorCode(body: Uint8Array): string | undefined {
  if (body.byteLength === 0) return undefined;
  const match = /"code"\s*:\s*"([A-Z_]{1,64})"/.exec(Buffer.from(body.subarray(0, 4096)).toString('utf8'));
  return match?.[1];
}

/** Where a request went, for messages: `via mirror 127.0.0.1:5000` when a mirror answered. */
function via(endpoint: Endpoint): string {
  return endpoint.mirror ? ` via mirror ${endpoint.authority}` : '';
}

/** The error for a final answer that is not the success we wanted; `what` names the request. */
export function errorForStatus(endpoint: Endpoint, response: TransportResponse, what: string): RegistryError {
  const code = errorCode(response.body);
  const fields = { host: endpoint.registry, repository: endpoint.repository, status: response.status };
  const detail = `${what}${via(endpoint)}${code === undefined ? '' : ` (${code})`}`;
  if (response.status === 401 || response.status === 403) return new RegistryAuthError({ ...fields, reason: `${detail}: access denied` });
  if (response.status === 404) return new RegistryNotFoundError({ ...fields, reason: detail });
  if (response.status >= 300 && response.status < 400)
    return new RegistryResponseError({ ...fields, reason: `${detail}: too many or broken redirects` });
  return new RegistryResponseError({ ...fields, reason: `${detail}: unexpected status` });
}

/** Decodes a JSON body against a schema. @throws RegistryResponseError naming `what`. */
export function parseJsonBody<T>(endpoint: Endpoint, body: Uint8Array, schema: z.ZodType<T>, what: string): T {
  const fields = { host: endpoint.registry, repository: endpoint.repository };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch (error: unknown) {
    throw new RegistryResponseError({ ...fields, reason: `${what}${via(endpoint)} is not valid JSON`, cause: error });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.map(String).join('.') ?? '';
    throw new RegistryResponseError({
      ...fields,
      reason: `${what}${via(endpoint)} has an unexpected shape${path === '' ? '' : ` at ${path}`}`,
    });
  }
  return parsed.data;
}
