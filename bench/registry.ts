/**
 * Registry bench: starts a local distribution 2.8, pushes 5,000 tags of one image (and a few
 * small images), then measures the registry client: requests per unique image, and lookups
 * per second for `listTags` (cold and warm) and `getDigest`.
 *
 * Run: `npm run bench:registry`. Owns: nothing the product uses. May import: src/registry,
 * bench/support. Must not: import from test/ (not compiled by the build), touch the network
 * beyond 127.0.0.1.
 */
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createRegistryClient, type RegistryClient } from '../src/registry/index.js';
import { createPusher, mapConcurrent } from './support/registry-push.js';
import { startRegistry } from './support/registry-server.js';

const TAG_COUNT = 5000;
const DIGEST_LOOKUPS = 1000;
const WARM_LOOKUPS = 20_000;

function perSecond(count: number, ms: number): string {
  return `${Math.round((count / ms) * 1000).toLocaleString('en-US')}/s`;
}

function requestsOf(client: RegistryClient): number {
  return client.stats().requests;
}

async function timed<T>(task: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await task();
  return { value, ms: performance.now() - started };
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(
    `machine: ${cpu[0]?.model ?? 'unknown cpu'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  );
  const registry = await startRegistry();
  try {
    const pusher = createPusher({ url: registry.url, concurrency: 16 });
    const tags = Array.from({ length: TAG_COUNT }, (_, index) => `1.${Math.floor(index / 100)}.${index % 100}`);
    const push = await timed(() =>
      pusher.pushImage({
        repository: 'bench/app',
        tags,
        platforms: [
          { os: 'linux', architecture: 'amd64' },
          { os: 'linux', architecture: 'arm64' },
        ],
      }),
    );
    const small = ['one', 'two', 'three', 'four'].map((name) => `bench/${name}`);
    await mapConcurrent(small, 4, (repository) => pusher.pushImage({ repository, tags: ['1.0', '1.1', '2.0'], salt: repository }));
    console.log(`push: ${TAG_COUNT} tags in ${(push.ms / 1000).toFixed(1)} s (${perSecond(TAG_COUNT, push.ms)})`);
    const ping = await timed(async () => {
      for (let round = 0; round < 50; round += 1) await (await fetch(`${registry.url}/v2/`)).arrayBuffer();
    });
    console.log(`registry baseline: GET /v2/ round trip ${(ping.ms / 50).toFixed(2)} ms (sequential, plain fetch)`);

    const client = createRegistryClient({ insecureHosts: [registry.host] });
    const app = { registry: registry.host, repository: 'bench/app' };
    const cold = await timed(() => client.listTags(app));
    console.log(
      `listTags cold: ${cold.value.tags.length} tags, ${cold.value.pages} page(s), ${requestsOf(client)} request(s), ${cold.ms.toFixed(1)} ms`,
    );

    const warm = await timed(async () => {
      for (let lookup = 0; lookup < WARM_LOOKUPS; lookup += 1) await client.listTags(app);
    });
    console.log(`listTags warm: ${WARM_LOOKUPS} lookups, ${requestsOf(client) - 1} more requests, ${perSecond(WARM_LOOKUPS, warm.ms)}`);

    const before = requestsOf(client);
    const digests = await timed(() => mapConcurrent(tags.slice(0, DIGEST_LOOKUPS), 32, (tag) => client.getDigest(app, tag)));
    const heads = client.stats().byHost[registry.host]?.['manifest-head'] ?? 0;
    console.log(
      `getDigest: ${DIGEST_LOOKUPS} tags, ${requestsOf(client) - before} requests (${heads} HEAD), ${perSecond(DIGEST_LOOKUPS, digests.ms)}`,
    );

    const cachedDigests = await timed(async () => {
      for (const tag of tags.slice(0, DIGEST_LOOKUPS)) await client.getDigest(app, tag);
    });
    console.log(`getDigest warm: ${DIGEST_LOOKUPS} cached lookups, ${perSecond(DIGEST_LOOKUPS, cachedDigests.ms)}`);

    const scan = createRegistryClient({ insecureHosts: [registry.host] });
    const images = ['bench/app', ...small].map((repository) => ({ registry: registry.host, repository }));
    const lookups = Array.from({ length: 50 }, (_, index) => images[index % images.length] ?? app);
    const scanRun = await timed(() =>
      Promise.all(
        lookups.map(async (image) =>
          Promise.all([scan.listTags(image), scan.getDigest(image, image.repository === app.repository ? '1.0.0' : '1.0')]),
        ),
      ),
    );
    const stats = scan.stats();
    console.log(
      `scan: 50 lookups over ${images.length} images: ${stats.tagWalks} tag walks, ${stats.requests} requests, ` +
        `${(stats.requests / images.length).toFixed(1)} requests per unique image, ${scanRun.ms.toFixed(1)} ms`,
    );
  } finally {
    await registry.stop();
  }
}

await main();
