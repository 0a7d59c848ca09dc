/**
 * Which hosts freshbase may contact: a registry named in a Dockerfile is reached only at public
 * addresses, unless the server's allow-list names it (mirrors and plain-http hosts join it).
 *
 * Owns: `isPublicAddress`, `createAccessPolicy`, `guardLookup`, `AddressRefusal`. The address
 * check runs inside the connection's own DNS lookup (see guarded-fetch.ts), so the address
 * checked is the address connected to and a name that rebinds between two lookups cannot
 * slip through; an address literal in a URL (which skips DNS) is checked before connecting.
 * May import: ipaddr.js, node:dns, oci. Must not: connect anywhere itself.
 */
import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { normalizeRegistry } from '../oci/reference.js';

/**
 * Whether an IP address is a public unicast address: not loopback, private (RFC 1918), link-local
 * (169.254.0.0/16 with cloud metadata, fe80::/10), unique-local (fc00::/7), CGNAT (100.64.0.0/10),
 * unspecified, multicast, broadcast, documentation or other reserved ranges; an IPv4-mapped IPv6
 * address is judged as the IPv4 address it carries. Not an address at all: false.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return false;
  return ipaddr.process(bare).range() === 'unicast';
}

/** Whether `host` (without port, brackets allowed) is an IP address literal. */
export function isAddressLiteral(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return ipaddr.isValid(bare);
}

/** Why a connection was refused before it was made; travels as the cause of a failed fetch. */
export class AddressRefusal extends Error {
  override name = 'AddressRefusal';
  readonly hostname: string;
  readonly address: string;

  constructor(hostname: string, address: string) {
    super(`${hostname} resolves to ${address}, which is not a public address`);
    this.hostname = hostname;
    this.address = address;
  }
}

/** The allow-list: hosts reached whatever they resolve to. */
export interface AccessPolicy {
  /** Whether `authority` (`host` or `host:port`) is allow-listed. */
  isAllowed(authority: string): boolean;
  /** Why `url` may not be contacted without a DNS lookup (an address literal that is not public), or undefined. */
  refusal(url: URL): AddressRefusal | undefined;
}

/**
 * Creates the policy. Entries are `host` (every port) or `host:port`, compared in lower case
 * with Docker Hub's aliases folded (`index.docker.io` is `docker.io`).
 */
export function createAccessPolicy(allowed: Iterable<string>): AccessPolicy {
  const entries = new Set([...allowed].map((entry) => normalizeRegistry(entry.trim())).filter((entry) => entry !== ''));
  const isAllowed = (authority: string): boolean => {
    const normalized = normalizeRegistry(authority);
    if (entries.has(normalized)) return true;
    const url = URL.canParse(`http://${normalized}`) ? new URL(`http://${normalized}`) : undefined;
    return url !== undefined && entries.has(url.hostname);
  };
  return {
    isAllowed,
    refusal(url) {
      if (isAllowed(url.host) || !isAddressLiteral(url.hostname)) return undefined;
      return isPublicAddress(url.hostname) ? undefined : new AddressRefusal(url.hostname, url.hostname);
    },
  };
}

/** `dns.lookup`'s shape, as `net.connect` calls it. */
export type LookupFunction = (
  hostname: string,
  options: LookupOneOptions | LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/**
 * Wraps a DNS lookup so that a name resolving to any address that is not public fails with an
 * `AddressRefusal` before a connection is attempted. Answers in the form the caller asked for.
 */
export function guardLookup(lookup: LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error !== null) {
        callback(error, []);
        return;
      }
      const list = Array.isArray(addresses) ? addresses : [{ address: addresses, family: 4 }];
      const refused = list.find((entry) => !isPublicAddress(entry.address));
      const first = list[0];
      if (refused !== undefined || first === undefined) {
        callback(new AddressRefusal(hostname, refused?.address ?? 'no address'), []);
        return;
      }
      if (options.all === true) callback(null, list);
      else callback(null, first.address, first.family);
    });
  };
}

/** The `AddressRefusal` in an error's cause chain (fetch wraps connection errors), if any. */
export function findRefusal(error: unknown): AddressRefusal | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    if (current instanceof AddressRefusal) return current;
    current = current.cause;
  }
  return undefined;
}
