/**
 * The scan bench's workspace: copies of the fixture repositories (fixtures/dockerfiles/real and
 * fixtures/dockerfiles/planning, digest placeholders filled with pushed digests), the image
 * references they hold, and which official-image tags to load for them.
 *
 * Owns: `prepareWorkspace`, `referencedTags`. May import: node built-ins, src/dockerfile,
 * bench/support. Must not: import from test/, reach beyond 127.0.0.1.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractImageRefs } from '../../src/dockerfile/index.js';
import type { LoadedOfficialImages } from './official-images.js';

/** The two fixture trees the bench scans, as repositories. */
export const FIXTURE_REPOSITORIES = ['real', 'planning'] as const;

/** fixtures/dockerfiles, from source (bench/support) or built (dist/bench/support). */
function fixturesRoot(): string {
  const candidates = ['../../fixtures/dockerfiles/', '../../../fixtures/dockerfiles/'].map((path) =>
    fileURLToPath(new URL(path, import.meta.url)),
  );
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) throw new Error(`fixtures/dockerfiles not found (looked in ${candidates.join(', ')})`);
  return found;
}

const PLACEHOLDER = /\{\{digest:([a-z0-9._-]+):([A-Za-z0-9._-]+)(?::([a-z0-9]+\/[a-z0-9]+))?\}\}/g;

async function listDockerfiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /Dockerfile/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length))
    .sort();
}

/** Every `image:tag` (official images by short name) the fixture Dockerfiles name, ARGs resolved. */
export async function referencedTags(): Promise<Map<string, Set<string>>> {
  const root = fixturesRoot();
  const tags = new Map<string, Set<string>>();
  for (const repository of FIXTURE_REPOSITORIES) {
    const base = join(root, repository);
    for (const file of await listDockerfiles(base)) {
      const text = await readFile(join(base, file), 'utf8');
      for (const [, image = '', tag = ''] of text.matchAll(PLACEHOLDER)) tags.set(image, (tags.get(image) ?? new Set()).add(tag));
      for (const ref of extractImageRefs(file, text.replace(PLACEHOLDER, `sha256:${'0'.repeat(64)}`))) {
        const name = ref.name;
        if (name?.registry !== 'docker.io' || name.tag === undefined || !name.repository.startsWith('library/')) continue;
        const image = name.repository.slice('library/'.length);
        tags.set(image, (tags.get(image) ?? new Set()).add(name.tag));
      }
    }
  }
  return tags;
}

/** Registry hosts other than Docker Hub that the fixtures name (the bench mirrors them to the local registry, so nothing leaves 127.0.0.1). */
export async function foreignRegistries(): Promise<string[]> {
  const root = fixturesRoot();
  const hosts = new Set<string>();
  for (const repository of FIXTURE_REPOSITORIES) {
    const base = join(root, repository);
    for (const file of await listDockerfiles(base)) {
      const text = (await readFile(join(base, file), 'utf8')).replace(PLACEHOLDER, `sha256:${'0'.repeat(64)}`);
      for (const ref of extractImageRefs(file, text))
        if (ref.name !== null && ref.name.registry !== 'docker.io') hosts.add(ref.name.registry);
    }
  }
  return [...hosts].sort();
}

/** Copies the fixture repositories into `target/<name>`, placeholders filled from `loaded`; returns their directories. */
export async function prepareWorkspace(target: string, loaded: LoadedOfficialImages): Promise<string[]> {
  const root = fixturesRoot();
  const directories: string[] = [];
  for (const repository of FIXTURE_REPOSITORIES) {
    const base = join(root, repository);
    for (const file of await listDockerfiles(base)) {
      const text = await readFile(join(base, file), 'utf8');
      const filled = text.replace(PLACEHOLDER, (_, image: string, tag: string, platform: string | undefined) => {
        const pushed = loaded.pushed(image, tag);
        if (platform === undefined) return pushed.digest;
        const [os, architecture] = platform.split('/');
        return (
          pushed.images.find((entry) => entry.platform.os === os && entry.platform.architecture === architecture)?.digest ?? pushed.digest
        );
      });
      await mkdir(dirname(join(target, repository, file)), { recursive: true });
      await writeFile(join(target, repository, file), filled);
    }
    directories.push(join(target, repository));
  }
  return directories;
}
