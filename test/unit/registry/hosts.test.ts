import { describe, expect, it } from 'vitest';
import { parseImageName } from '../../../src/oci/reference.js';
import { maskUrlCredentials, MirrorSyntaxError } from '../../../src/registry/errors.js';
import { apiHost, createHostConfig, isInsecureAllowed, parseMirror, parseMirrors, resolveEndpoint } from '../../../src/registry/hosts.js';

function nameOf(text: string): { registry: string; repository: string } {
  const parsed = parseImageName(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.name;
}

describe('registry/hosts', () => {
  it.each([
    ['python', 'docker.io', 'library/python', 'https://registry-1.docker.io'],
    ['bitnami/spark', 'docker.io', 'bitnami/spark', 'https://registry-1.docker.io'],
    ['index.docker.io/library/python', 'docker.io', 'library/python', 'https://registry-1.docker.io'],
    ['registry-1.docker.io/library/python', 'docker.io', 'library/python', 'https://registry-1.docker.io'],
    ['ghcr.io/org/app', 'ghcr.io', 'org/app', 'https://ghcr.io'],
    ['quay.io/prometheus/node-exporter', 'quay.io', 'prometheus/node-exporter', 'https://quay.io'],
    ['gcr.io/distroless/static', 'gcr.io', 'distroless/static', 'https://gcr.io'],
    ['europe-docker.pkg.dev/proj/repo/img', 'europe-docker.pkg.dev', 'proj/repo/img', 'https://europe-docker.pkg.dev'],
    ['mcr.microsoft.com/dotnet/runtime', 'mcr.microsoft.com', 'dotnet/runtime', 'https://mcr.microsoft.com'],
    ['public.ecr.aws/docker/library/node', 'public.ecr.aws', 'docker/library/node', 'https://public.ecr.aws'],
    ['registry.example:5000/team/app', 'registry.example:5000', 'team/app', 'https://registry.example:5000'],
  ])('sends %s to the v2 API of %s (%s) at %s', (text, registry, repository, origin) => {
    const config = createHostConfig({});

    const endpoint = resolveEndpoint(config, nameOf(text));

    expect(endpoint).toMatchObject({ registry, repository, origin, mirror: false });
  });

  it('adds library/ to a one-component Docker Hub repository given without it', () => {
    const endpoint = resolveEndpoint(createHostConfig({}), { registry: 'docker.io', repository: 'python' });

    expect(endpoint.repository).toBe('library/python');
  });

  it('maps docker.io to registry-1.docker.io and leaves other hosts alone', () => {
    expect([apiHost('docker.io'), apiHost('index.docker.io'), apiHost('ghcr.io')]).toEqual([
      'registry-1.docker.io',
      'registry-1.docker.io',
      'ghcr.io',
    ]);
  });

  it('uses plain http only for hosts named in insecureHosts', () => {
    const config = createHostConfig({ insecureHosts: ['localhost:5000'] });

    expect(resolveEndpoint(config, { registry: 'localhost:5000', repository: 'a' }).origin).toBe('http://localhost:5000');
    expect(resolveEndpoint(config, { registry: 'localhost:5001', repository: 'a' }).origin).toBe('https://localhost:5001');
  });

  it('sends every lookup for a mirrored host to the mirror in pull-through layout', () => {
    const config = createHostConfig({ mirrors: { 'index.docker.io': 'http://127.0.0.1:5000/' } });

    const endpoint = resolveEndpoint(config, nameOf('python'));

    expect(endpoint).toEqual({
      registry: 'docker.io',
      repository: 'library/python',
      origin: 'http://127.0.0.1:5000',
      authority: '127.0.0.1:5000',
      mirror: true,
      access: { account: 'anonymous', withheld: false },
    });
    expect(isInsecureAllowed(config, '127.0.0.1:5000')).toBe(true);
    expect(isInsecureAllowed(config, '127.0.0.1:5001')).toBe(false);
  });

  it('parses a mirror list like FRESHBASE_MIRRORS', () => {
    const mirrors = parseMirrors('docker.io=http://127.0.0.1:5000, ghcr.io=https://mirror.example,');

    expect(mirrors).toEqual({ 'docker.io': 'http://127.0.0.1:5000', 'ghcr.io': 'https://mirror.example' });
  });

  it('parses one --mirror entry and normalizes its host', () => {
    expect(parseMirror('Registry-1.Docker.io=https://m.example:8443')).toEqual({ host: 'docker.io', url: 'https://m.example:8443' });
  });

  it.each([
    ['docker.io', 'missing "="'],
    ['=http://x', 'missing registry host'],
    ['docker.io=', 'missing mirror URL'],
    ['https://docker.io=http://x', 'not a bare registry host'],
    ['docker.io=ftp://x', 'scheme must be http or https'],
    ['docker.io=not a url', 'not a valid URL'],
    ['docker.io=http://x/path', 'no path'],
  ])('rejects %s, naming the entry (%s)', (entry, reason) => {
    const act = (): unknown => parseMirror(entry);

    expect(act).toThrow(MirrorSyntaxError);
    expect(act).toThrow(reason);
    expect(act).toThrow(`"${entry}"`);
  });

  it('rejects credentials in a mirror URL without echoing them', () => {
    let caught: unknown;
    try {
      parseMirrors('docker.io=https://user:s3cret@mirror.example');
    } catch (error: unknown) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(MirrorSyntaxError);
    expect((caught as Error).message).not.toContain('s3cret');
  });

  it.each([
    ['docker.io=http://user:p%2Fa%40ss@mirror.example:5000', 'p%2Fa%40ss'],
    ['docker.io=http://user:p/a@ss@mirror.example:5000', 'p/a@ss'],
    ['docker.io=http://user:pa:ss@mirror.example', 'pa:ss'],
    ['docker.io=http://us@er:pa@ss@mirror.example', 'pa@ss'],
    ['user:pa@ss@docker.io=http://mirror.example', 'pa@ss'],
  ])('masks the password of %s in the error, whatever it holds', (entry, password) => {
    let caught: unknown;
    try {
      parseMirrors(entry);
    } catch (error: unknown) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(MirrorSyntaxError);
    expect((caught as Error).message).not.toContain(password);
    expect(JSON.stringify(caught)).not.toContain(password);
  });

  it('masks user information through the last @ of every URL in a text', () => {
    expect(maskUrlCredentials('--mirror docker.io=http://u:p/a@ss@host:5000, ghcr.io=https://x:y@m.example')).toBe(
      '--mirror docker.io=http://***@host:5000, ghcr.io=https://***@m.example',
    );
  });

  it('rejects a host given twice, naming the second entry', () => {
    expect(() => parseMirrors('docker.io=http://a,index.docker.io=http://b')).toThrow(/"index\.docker\.io=http:\/\/b".*already given/);
  });
});
