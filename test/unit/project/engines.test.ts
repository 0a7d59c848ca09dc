/**
 * `engines` says which Node.js versions freshbase supports; every locked dependency must
 * support all of them (a dependency that needs a newer Node.js fails here, not for users),
 * and the image must run one of them.
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const read = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}

const manifest = JSON.parse(read('package.json')) as { engines: { node: string } };
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, LockEntry> };
const supported = manifest.engines.node;

describe('project: supported Node.js versions', () => {
  it('supports the current LTS lines, 22 and 24', () => {
    expect(supported).toBe('^22.13.0 || >=24');
    expect(semver.satisfies('22.13.0', supported)).toBe(true);
    expect(semver.satisfies('24.0.0', supported)).toBe(true);
    expect(semver.satisfies('20.19.0', supported)).toBe(false);
  });

  it('locks no dependency that needs a Node.js version engines does not promise', () => {
    const conflicts = Object.entries(lock.packages).flatMap(([path, entry]) => {
      const node = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (path === '' || node === undefined || semver.subset(supported, node)) return [];
      return [`${path.replace(/^.*node_modules\//, '')}@${entry.version ?? '?'} needs node ${node}`];
    });

    expect(conflicts).toEqual([]);
  });

  it('builds the image on Node.js 24', () => {
    const froms = [...read('Dockerfile').matchAll(/^FROM node:(\d+)-bookworm-slim@sha256:[0-9a-f]{64}\b/gm)].map((match) => match[1]);

    expect(froms.length).toBeGreaterThan(0);
    expect(new Set(froms)).toEqual(new Set(['24']));
    expect(semver.satisfies('24.0.0', supported)).toBe(true);
  });
});
