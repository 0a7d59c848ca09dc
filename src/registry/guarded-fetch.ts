/**
 * The `fetch` the registry client uses by default: undici's, with two connection pools. Hosts
 * on the allow-list connect as usual; every other host connects through a DNS lookup that
 * refuses addresses that are not public (address-policy.ts), so the check applies to the very
 * address the socket connects to.
 *
 * Owns: `createGuardedFetch`. May import: undici, node:dns, registry/address-policy.
 * Must not: follow redirects (the transport does, checking every hop) or log.
 */
import { lookup as dnsLookup } from 'node:dns';
import { Agent, fetch as undiciFetch } from 'undici';
import { guardLookup, type AccessPolicy, type LookupFunction } from './address-policy.js';

/** Options of `createGuardedFetch`. */
export interface GuardedFetchOptions {
  policy: AccessPolicy;
  /** The DNS lookup (tests inject one to play a rebinding name). @default dns.lookup */
  lookup?: LookupFunction;
}

/** A fetch and the pools behind it. */
export interface GuardedFetch {
  fetch: typeof fetch;
  /** Closes idle connections (the CLI calls it before exiting). */
  close(): Promise<void>;
}

/** Creates the guarded fetch. */
export function createGuardedFetch(options: GuardedFetchOptions): GuardedFetch {
  const lookup: LookupFunction = options.lookup ?? dnsLookup;
  const open = new Agent({ connect: { lookup } });
  const guarded = new Agent({ connect: { lookup: guardLookup(lookup) } });
  const guardedFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    const dispatcher = options.policy.isAllowed(url.host) ? open : guarded;
    // The transport sends method, plain-object headers, manual redirects and a signal; nothing else.
    const request = {
      method: init?.method ?? 'GET',
      headers: (init?.headers ?? {}) as Record<string, string>,
      redirect: init?.redirect ?? 'follow',
      ...(init?.signal === undefined || init.signal === null ? {} : { signal: init.signal }),
      dispatcher,
    };
    // undici's own fetch with its own Agent: the pair always matches, whatever undici Node bundles.
    return undiciFetch(url, request) as Promise<unknown> as Promise<Response>;
  };
  return {
    fetch: guardedFetch,
    async close() {
      await Promise.all([open.close(), guarded.close()]);
    },
  };
}
