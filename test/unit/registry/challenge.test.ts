import { describe, expect, it } from 'vitest';
import { parseChallenges } from '../../../src/registry/challenge.js';

describe('registry/challenge', () => {
  it('parses a Docker Hub Bearer challenge', () => {
    const header = 'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/python:pull"';

    const challenges = parseChallenges(header);

    expect(challenges).toEqual([
      {
        scheme: 'bearer',
        params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/python:pull' },
      },
    ]);
  });

  it('parses a Basic challenge with a quoted realm containing commas and escapes', () => {
    expect(parseChallenges('Basic realm="a, \\"b\\""')).toEqual([{ scheme: 'basic', params: { realm: 'a, "b"' } }]);
  });

  it('parses several challenges in one header, with spaces around "=" and unquoted values', () => {
    const challenges = parseChallenges('Basic realm = "reg" , Bearer realm=https://t.example/token, service=svc');

    expect(challenges).toEqual([
      { scheme: 'basic', params: { realm: 'reg' } },
      { scheme: 'bearer', params: { realm: 'https://t.example/token', service: 'svc' } },
    ]);
  });

  it('lower-cases scheme and parameter names but keeps values', () => {
    expect(parseChallenges('BEARER Realm="https://X.example/Token"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://X.example/Token' } },
    ]);
  });

  it('returns nothing for an empty header', () => {
    expect(parseChallenges('')).toEqual([]);
  });
});
