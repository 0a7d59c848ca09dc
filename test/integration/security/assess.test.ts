import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOsvClient } from '../../../src/osv/index.js';
import { createSbomReader } from '../../../src/sbom/index.js';
import { assessBump, assessImage, renderSecuritySummary, type SecurityPorts } from '../../../src/security/index.js';
import { startOsvStub, type OsvStub } from '../../support/osv-stub.js';
import { startPlainRegistry, type TestRegistry } from '../../support/registry/servers.js';
import { createRegistrySbomSource } from '../../support/registry-sbom-source.js';
import { loadPackageList, pushSbomImage, type ListedPackage, type PackageList } from '../../support/sbom-images.js';

const amd64 = { os: 'linux', architecture: 'amd64' };

function apk(name: string, version: string, source = name): ListedPackage {
  return { type: 'apk', namespace: 'alpine', distro: 'alpine-3.12.12', arch: 'x86_64', name, version, source };
}

function deb7(name: string, version: string, source: string): ListedPackage {
  return { type: 'deb', namespace: 'debian', distro: 'debian-7', arch: 'amd64', name, version, source };
}

const lists: Record<string, PackageList> = {
  'python:3.11.15': loadPackageList('python-3.11.15-slim-bookworm.json'),
  'python:3.11.16': loadPackageList('python-3.11.16-slim-bookworm.json'),
  // Small hand-written package lists for the distributions and versions of the real OSV records in fixtures/osv.
  'alpine:old': {
    packages: [
      apk('busybox', '1.31.1-r22'),
      apk('mariadb-client', '10.4.24-r0', 'mariadb'),
      apk('mariadb-common', '10.4.24-r0', 'mariadb'),
      apk('libexif', '0.6.20-r0'),
    ],
    runtimes: [],
  },
  'alpine:new': {
    packages: [
      apk('busybox', '1.31.1-r22'),
      apk('mariadb-client', '10.4.25-r0', 'mariadb'),
      apk('mariadb-common', '10.4.25-r0', 'mariadb'),
    ],
    runtimes: [],
  },
  'alpine:exif': {
    packages: [
      apk('busybox', '1.31.1-r22'),
      apk('mariadb-client', '10.4.25-r0', 'mariadb'),
      apk('mariadb-common', '10.4.25-r0', 'mariadb'),
      apk('libexif', '0.6.20-r0'),
    ],
    runtimes: [],
  },
  'nginx:wheezy2': {
    packages: [deb7('nginx-common', '1.2.1-2.2+wheezy2', 'nginx'), deb7('nginx-full', '1.2.1-2.2+wheezy2', 'nginx')],
    runtimes: [],
  },
  'nginx:wheezy3': {
    packages: [deb7('nginx-common', '1.2.1-2.2+wheezy3', 'nginx'), deb7('nginx-full', '1.2.1-2.2+wheezy3', 'nginx')],
    runtimes: [],
  },
};

describe('security/assess on a real registry and the OSV stub', () => {
  let server: TestRegistry;
  let stub: OsvStub;
  const digests: Record<string, string> = {};

  beforeAll(async () => {
    server = await startPlainRegistry();
    stub = await startOsvStub();
    for (const [key, list] of Object.entries(lists)) {
      const [repository = '', tag = ''] = key.split(':');
      digests[key] = (
        await pushSbomImage(server.pusher, { repository: `library/${repository}`, tag, platforms: [{ ...amd64, list }] })
      ).digest;
    }
    digests['python:no-sbom'] = (
      await pushSbomImage(server.pusher, { repository: 'library/python', tag: 'no-sbom', platforms: [amd64] })
    ).digest;
  });

  afterAll(async () => {
    await stub.stop();
    await server.stop();
  });

  beforeEach(() => {
    stub.setFault(undefined);
    stub.requests.length = 0;
  });

  function ports(): SecurityPorts {
    return { sbom: createSbomReader(), osv: createOsvClient({ baseUrl: stub.url, timeoutMs: 2000 }) };
  }

  function image(key: string): { source: ReturnType<typeof createRegistrySbomSource>; digest: string } {
    return { source: createRegistrySbomSource(server.registry.url, `library/${key.split(':')[0] ?? ''}`), digest: digests[key] ?? '' };
  }

  it('compares python 3.11.15-slim with 3.11.16-slim: three Debian packages and the runtime changed, one OSV request', async () => {
    const report = await assessBump(ports(), { current: image('python:3.11.15'), proposed: image('python:3.11.16') });

    expect(report.status).toBe('compared');
    if (report.status !== 'compared') return;
    expect(report.delta.packages.map((change) => change.source)).toEqual(['ca-certificates', 'pcre2', 'xz-utils']);
    expect(report.delta.runtimes).toEqual([{ kind: 'changed', name: 'python', before: ['3.11.15'], after: ['3.11.16'] }]);
    expect(renderSecuritySummary(report)).toBe('closes 0 vulnerabilities; opens 0');
    expect(stub.requests.map((request) => [request.path, request.queries])).toEqual([['/v1/querybatch', 6]]);
  });

  it('counts a package that disappears as closing what affected it, and a fixed version as closing its vulnerability', async () => {
    const report = await assessBump(ports(), { current: image('alpine:old'), proposed: image('alpine:new') });

    expect(report.status === 'compared' ? report.vulnerabilities : report).toMatchObject({
      status: 'checked',
      closed: [
        { key: 'CVE-2012-2812', ids: ['CVE-2012-2812'], severity: 'unknown', packages: ['libexif'] },
        { key: 'CVE-2022-27449', ids: ['CVE-2022-27449'], severity: 'unknown', packages: ['mariadb'] },
      ],
      opened: [],
    });
    expect(renderSecuritySummary(report)).toBe('closes 2 vulnerabilities in 2 OS packages; opens 0');
  });

  it('counts a package that appears at an affected version as opening its vulnerability', async () => {
    const report = await assessBump(ports(), { current: image('alpine:new'), proposed: image('alpine:exif') });

    expect(renderSecuritySummary(report)).toBe('closes 0 vulnerabilities; opens 1');
    expect(
      report.status === 'compared' && report.vulnerabilities.status === 'checked'
        ? report.vulnerabilities.opened.map((group) => group.key)
        : [],
    ).toEqual(['CVE-2012-2812']);
  });

  it('counts a Debian advisory under the CVE it names (DSA-3029-1 → CVE-2014-3616)', async () => {
    const report = await assessBump(ports(), { current: image('nginx:wheezy2'), proposed: image('nginx:wheezy3') });

    expect(report.status === 'compared' ? report.vulnerabilities : report).toMatchObject({
      status: 'checked',
      closed: [{ key: 'CVE-2014-3616', ids: ['DSA-3029-1'], packages: ['nginx'] }],
    });
    expect(renderSecuritySummary(report)).toBe('closes 1 vulnerability in 1 OS package; opens 0');
  });

  it('says "no SBOM published" for an image without attestations', async () => {
    const report = await assessBump(ports(), { current: image('python:3.11.15'), proposed: image('python:no-sbom') });

    expect(report).toEqual({ status: 'no-sbom', missing: ['proposed'] });
    expect(renderSecuritySummary(report)).toBe('not assessed: no SBOM published for the proposed image');
  });

  it('keeps the package delta and says the vulnerability data is unavailable when OSV fails', async () => {
    stub.setFault({ kind: 'status', status: 503 });

    const report = await assessBump(ports(), { current: image('alpine:old'), proposed: image('alpine:new') });

    expect(report).toMatchObject({ status: 'compared', vulnerabilities: { status: 'unavailable', reason: 'querybatch failed: HTTP 503' } });
    expect(renderSecuritySummary(report)).toBe('not assessed: vulnerability data unavailable (OSV unreachable)');
  });

  it('makes no registry or OSV request when the same bump is assessed again', async () => {
    const shared = ports();
    const current = image('alpine:old');
    const proposed = image('alpine:new');
    await assessBump(shared, { current, proposed });
    const fetched = (): number =>
      [current, proposed].reduce((sum, { source }) => sum + source.counts.manifests.length + source.counts.blobs.length, 0);
    const before = { registry: fetched(), osv: stub.requests.length };

    const again = await assessBump(shared, { current, proposed });

    expect(renderSecuritySummary(again)).toBe('closes 2 vulnerabilities in 2 OS packages; opens 0');
    expect({ registry: fetched(), osv: stub.requests.length }).toEqual(before);
  });

  it('counts the known vulnerabilities of the image a reference runs now, for the dashboard', async () => {
    const open = await assessImage(ports(), image('alpine:old'));

    expect(open).toEqual({
      status: 'checked',
      counts: { critical: 0, high: 0, medium: 0, low: 0, unknown: 2 },
      total: 2,
      ids: ['CVE-2012-2812', 'CVE-2022-27449'],
      skipped: { queries: 0, details: 0 },
    });
  });
});
