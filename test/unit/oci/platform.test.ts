import { describe, expect, it } from 'vitest';
import { formatPlatform, isAttestationPlatform, matchesPlatform, parsePlatform } from '../../../src/oci/platform.js';

describe('oci/platform', () => {
  it.each([
    [{ os: 'linux', architecture: 'amd64' }, 'linux/amd64'],
    [{ os: 'linux', architecture: 'arm64', variant: 'v8' }, 'linux/arm64/v8'],
    [{ os: 'windows', architecture: 'amd64', variant: '' }, 'windows/amd64'],
  ])('formats %j as %s', (platform, text) => {
    expect(formatPlatform(platform)).toBe(text);
  });

  it.each([
    ['linux/amd64', { os: 'linux', architecture: 'amd64' }],
    ['linux/arm/v7', { os: 'linux', architecture: 'arm', variant: 'v7' }],
    [' Linux/ARM64 ', { os: 'linux', architecture: 'arm64' }],
  ])('parses %s', (text, platform) => {
    expect(parsePlatform(text)).toEqual({ ok: true, platform });
  });

  it.each([['linux'], ['linux/amd64/v8/x'], ['linux//v8'], ['linux/am d64']])('refuses %s with a reason', (text) => {
    const parsed = parsePlatform(text);

    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toContain(text);
  });

  it('round-trips through format and parse', () => {
    const platform = { os: 'linux', architecture: 'arm', variant: 'v6' };

    expect(parsePlatform(formatPlatform(platform))).toEqual({ ok: true, platform });
  });

  it.each([
    [{ os: 'linux', architecture: 'arm64' }, { os: 'linux', architecture: 'arm64', variant: 'v8' }, true],
    [{ os: 'linux', architecture: 'arm64', variant: 'v8' }, { os: 'linux', architecture: 'arm64' }, true],
    [{ os: 'linux', architecture: 'arm', variant: 'v7' }, { os: 'linux', architecture: 'arm', variant: 'v6' }, false],
    [{ os: 'linux', architecture: 'arm' }, { os: 'linux', architecture: 'arm', variant: 'v6' }, true],
    [{ os: 'linux', architecture: 'amd64' }, { os: 'windows', architecture: 'amd64' }, false],
  ])('matches wanted %j against %j: %s', (wanted, candidate, expected) => {
    expect(matchesPlatform(wanted, candidate)).toBe(expected);
  });

  it('recognizes attestation entries', () => {
    expect([
      isAttestationPlatform({ os: 'unknown', architecture: 'unknown' }),
      isAttestationPlatform({ os: 'linux', architecture: 'amd64' }),
    ]).toEqual([true, false]);
  });
});
