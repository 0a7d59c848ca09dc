import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  AddressRefusal,
  createAccessPolicy,
  guardLookup,
  isPublicAddress,
  type LookupFunction,
} from '../../../src/registry/address-policy.js';

/** A DNS lookup answering from a table, in both of `dns.lookup`'s forms. */
function fakeLookup(table: Record<string, string[]>): LookupFunction {
  return (hostname, _options, callback) => {
    const addresses: LookupAddress[] = (table[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (addresses.length === 0) callback(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    else callback(null, addresses);
  };
}

function resolve(lookup: LookupFunction, hostname: string, all: boolean): Promise<{ error: Error | null; address: unknown }> {
  return new Promise((done) => {
    lookup(hostname, { all }, (error, address) => {
      done({ error, address });
    });
  });
}

describe('registry/address-policy', () => {
  it.each([
    ['8.8.8.8', true],
    ['2606:4700::1111', true],
    ['::ffff:8.8.8.8', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.1.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['[::1]', false],
    ['fc00::1', false],
    ['fd12:3456::1', false],
    ['fe80::1', false],
    ['::', false],
    ['ff02::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:169.254.169.254', false],
    ['not-an-address', false],
  ])('isPublicAddress(%s) is %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });

  it('allow-lists a host on every port, or one host:port only', () => {
    const policy = createAccessPolicy(['registry.internal', '127.0.0.1:5000', 'INDEX.docker.io']);

    expect(
      ['registry.internal:443', 'registry.internal', '127.0.0.1:5000', '127.0.0.1:5001', 'docker.io', 'other.internal'].map((host) =>
        policy.isAllowed(host),
      ),
    ).toEqual([true, true, true, false, true, false]);
  });

  it('refuses an address literal that is not public unless it is allow-listed; a name waits for its lookup', () => {
    const policy = createAccessPolicy(['127.0.0.1:5000']);

    const refusals = [
      'http://127.0.0.1:5001/v2/',
      'http://127.0.0.1:5000/v2/',
      'http://169.254.169.254/',
      'http://[::1]:80/',
      'https://1.1.1.1/',
      'https://ghcr.io/',
    ].map((url) => policy.refusal(new URL(url))?.message);

    expect(refusals).toEqual([
      '127.0.0.1 resolves to 127.0.0.1, which is not a public address',
      undefined,
      '169.254.169.254 resolves to 169.254.169.254, which is not a public address',
      '[::1] resolves to [::1], which is not a public address',
      undefined,
      undefined,
    ]);
  });

  it('fails a lookup whose answer holds any address that is not public, before any connection', async () => {
    const lookup = guardLookup(fakeLookup({ 'rebind.test': ['8.8.8.8', '127.0.0.1'], 'public.test': ['8.8.8.8'] }));

    const [mixed, single, all] = await Promise.all([
      resolve(lookup, 'rebind.test', true),
      resolve(lookup, 'public.test', false),
      resolve(lookup, 'public.test', true),
    ]);

    expect(mixed.error).toBeInstanceOf(AddressRefusal);
    expect(mixed.error?.message).toBe('rebind.test resolves to 127.0.0.1, which is not a public address');
    expect(single).toEqual({ error: null, address: '8.8.8.8' });
    expect(all).toEqual({ error: null, address: [{ address: '8.8.8.8', family: 4 }] });
  });

  it('passes DNS failures through unchanged', async () => {
    const result = await resolve(guardLookup(fakeLookup({})), 'missing.test', false);

    expect(result.error?.message).toBe('ENOTFOUND missing.test');
  });
});
