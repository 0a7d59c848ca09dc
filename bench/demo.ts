/**
 * The README's CLI transcript, reproduced: a local registry loaded with the real tag history of
 * python, golang and busybox (fixtures/official-images, taken 2025-03-31) and a few
 * `docker/dockerfile` tags (its real tag names of March 2025; not in the snapshot, so their
 * builds are made up here), then `scan`, `apply`, `scan`, `apply --include-line-upgrades` and
 * `scan` on a copy of examples/demo, the clock at the snapshot's day. What it prints is what the
 * README shows under "The CLI" (the mirror's port aside).
 *
 * Run: `npm run demo`. May import: src, bench/support. Must not: touch the network beyond 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/local/run-cli.js';
import { loadOfficialImages, startOfficialRegistry } from './support/official-images.js';
import { createPusher } from './support/registry-push.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NOW = new Date('2025-04-01T00:00:00Z');
/** docker/dockerfile's tags of March 2025 in the 1.7 to 1.14 lines, one build per patch version. */
const DOCKERFILE_VERSIONS = [
  ['1.7.0', '2024-03-06'],
  ['1.7.1', '2024-04-17'],
  ['1.8.0', '2024-06-11'],
  ['1.8.1', '2024-06-21'],
  ['1.9.0', '2024-07-11'],
  ['1.10.0', '2024-09-10'],
  ['1.11.0', '2024-10-30'],
  ['1.11.1', '2024-11-07'],
  ['1.12.0', '2024-11-27'],
  ['1.12.1', '2024-12-04'],
  ['1.13.0', '2025-01-20'],
  ['1.14.0', '2025-02-19'],
  ['1.14.1', '2025-03-05'],
] as const;

async function main(): Promise<void> {
  const registry = await startOfficialRegistry();
  const work = mkdtempSync(join(tmpdir(), 'freshbase-demo-'));
  try {
    const pusher = createPusher({ url: registry.url });
    await loadOfficialImages(pusher, {
      images: ['python', 'golang', 'busybox'],
      filter: (image, tag) => image === 'busybox' || (image === 'python' ? !/alpine|windows/.test(tag) : /alpine/.test(tag)),
    });
    const newestPerLine = new Map(DOCKERFILE_VERSIONS.map(([version]) => [version.split('.').slice(0, 2).join('.'), version]));
    for (const [version, day] of DOCKERFILE_VERSIONS) {
      const line = version.split('.').slice(0, 2).join('.');
      const aliases = newestPerLine.get(line) === version ? [line] : [];
      const newest = version === DOCKERFILE_VERSIONS.at(-1)?.[0] ? ['1', 'latest'] : [];
      await pusher.pushImage({
        repository: 'docker/dockerfile',
        tags: [version, ...aliases, ...newest],
        platforms: [
          { os: 'linux', architecture: 'amd64' },
          { os: 'linux', architecture: 'arm64' },
        ],
        created: `${day}T12:00:00Z`,
        annotateCreated: true,
        salt: `dockerfile@${version}`,
      });
    }
    const demo = join(work, 'examples', 'demo');
    cpSync(join(ROOT, 'examples', 'demo'), demo, { recursive: true });
    execFileSync('git', ['init', '-q', work]);
    execFileSync('git', ['-C', work, 'add', '.']);
    execFileSync('git', ['-C', work, '-c', 'user.name=demo', '-c', 'user.email=demo@example.invalid', 'commit', '-qm', 'demo']);
    const mirror = `--mirror docker.io=${registry.url}`;
    const run = async (args: string): Promise<void> => {
      process.stdout.write(`$ freshbase ${args} ${mirror}\n`);
      const argv = [...args.split(' '), '--no-cache', '--mirror', `docker.io=${registry.url}`];
      const code = await runCli(argv, {
        stdout: (text) => process.stdout.write(text.replaceAll(work + '/', '')),
        stderr: (text) => process.stdout.write(text.replaceAll(work + '/', '')),
        env: {},
        interactive: false,
        now: () => NOW,
      });
      if (args.startsWith('scan')) process.stdout.write(`$ echo $?\n${code}\n`);
    };
    process.chdir(work);
    await run('scan examples/demo');
    await run('apply examples/demo');
    process.stdout.write('$ git diff -U0 examples/demo\n');
    process.stdout.write(execFileSync('git', ['-C', work, 'diff', '-U0', '--no-prefix', '--', 'examples/demo'], { encoding: 'utf8' }));
    await run('scan examples/demo');
    await run('apply examples/demo --include-line-upgrades');
    await run('scan examples/demo');
  } finally {
    rmSync(work, { recursive: true, force: true });
    await registry.stop();
  }
}

await main();
