import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPusher } from '../../../bench/support/registry-push.js';
import { startRegistry, type LocalRegistry } from '../../../bench/support/registry-server.js';
import { createLocalSource } from '../../../src/local/local-source.js';
import { createRegistryClient } from '../../../src/registry/index.js';
import { scanRepository } from '../../../src/scan/scan-repository.js';

const IMAGES = ['python', 'golang', 'node', 'alpine', 'nginx'];

describe('scan/scan-repository against a real registry', () => {
  let registry: LocalRegistry;
  let root = '';

  beforeAll(async () => {
    registry = await startRegistry();
    const pusher = createPusher({ url: registry.url });
    for (const image of IMAGES) {
      await pusher.pushImage({ repository: `library/${image}`, tags: ['1.0.0'], created: '2025-01-01T00:00:00Z', salt: `${image}-old` });
      await pusher.pushImage({ repository: `library/${image}`, tags: ['1.0.1'], created: '2025-02-01T00:00:00Z', salt: `${image}-new` });
    }
    root = mkdtempSync(join(tmpdir(), 'freshbase-walks-'));
    for (let i = 0; i < 50; i++) {
      mkdirSync(join(root, `svc${i}`));
      writeFileSync(join(root, `svc${i}`, 'Dockerfile'), `FROM ${IMAGES[i % IMAGES.length] ?? 'python'}:1.0.0\n`);
    }
  });

  afterAll(async () => {
    rmSync(root, { recursive: true, force: true });
    await registry.stop();
  });

  it('50 Dockerfiles over 5 distinct images cost exactly one tag-list walk per image', async () => {
    const client = createRegistryClient({ mirrors: { 'docker.io': registry.url } });

    const result = await scanRepository(
      { key: root, trigger: 'cli' },
      { source: createLocalSource(root), registry: client, now: () => new Date('2025-04-01T00:00:00Z') },
    );

    expect(result.proposals).toHaveLength(50);
    expect(result.proposals.every((p) => p.updates[0]?.kind === 'in-line' && p.updates[0].newTag === '1.0.1')).toBe(true);
    const stats = client.stats();
    expect(stats.tagWalks).toBe(5);
    expect(stats.byHost[registry.host]?.tags).toBe(5);
    // Per image: one HEAD per tag looked up (1.0.0 and 1.0.1), each digest's index, image manifest and config read once.
    expect(stats.byHost[registry.host]?.['manifest-head']).toBe(10);
  });

  it('returns the plan with the files it was made from, declined versions dropped and update groups made', async () => {
    const client = createRegistryClient({ mirrors: { 'docker.io': registry.url } });

    const result = await scanRepository(
      { key: root, trigger: 'cli', declined: [{ image: 'nginx', version: '1.0.1', pr: 12 }] },
      { source: createLocalSource(root), registry: client, now: () => new Date('2025-04-01T00:00:00Z') },
    );

    expect(result.files).toHaveLength(50);
    expect(result.files.find((file) => file.path === 'svc4/Dockerfile')?.content).toBe('FROM nginx:1.0.0\n');
    expect(result.groups.map((group) => [group.key, group.items.length])).toEqual([
      ['alpine-1.0', 10],
      ['golang-1.0', 10],
      ['node-1.0', 10],
      ['python-1.0', 10],
    ]);
    const nginx = result.proposals.filter((p) => p.ref.name?.repository === 'library/nginx');
    expect(nginx).toHaveLength(10);
    expect(nginx.every((p) => p.status === 'skipped' && p.skip === 'declined' && p.reason === '1.0.1 was declined in #12')).toBe(true);
    expect(result.declined).toEqual([{ image: 'nginx', version: '1.0.1', pr: 12 }]);
  });
});
