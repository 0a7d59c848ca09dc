/**
 * Loads a real tag list from `fixtures/tags/<image>.json` (see fixtures/tags/README.md)
 * as the inputs `findNewerTags` takes: tags, tag → digest, tag → build time.
 */
import { readFileSync } from 'node:fs';

/** One official image's tags, shaped like registry facts. */
export interface OfficialTags {
  readonly tags: readonly string[];
  /** Tag → a stand-in digest: tags with one image share it. */
  readonly digests: ReadonlyMap<string, string>;
  /** Tag → when its image was built. */
  readonly created: ReadonlyMap<string, Date>;
}

interface TagFixture {
  builtAt: number[];
  tags: Record<string, number>;
}

const cache = new Map<string, OfficialTags>();

/** Reads `fixtures/tags/<image>.json` once per test file. */
export function loadOfficialTags(image: string): OfficialTags {
  const cached = cache.get(image);
  if (cached !== undefined) {
    return cached;
  }
  const fixture = readFixture(image);
  const tags = Object.keys(fixture.tags);
  const digests = new Map<string, string>();
  const created = new Map<string, Date>();
  for (const tag of tags) {
    const index = fixture.tags[tag] ?? -1;
    const builtAt = fixture.builtAt[index];
    if (builtAt === undefined) {
      throw new Error(`fixtures/tags/${image}.json: tag ${tag} points at missing image ${index}`);
    }
    digests.set(tag, `sha256:image-${index}`);
    created.set(tag, new Date(builtAt * 1000));
  }
  const loaded = { tags, digests, created };
  cache.set(image, loaded);
  return loaded;
}

function readFixture(image: string): TagFixture {
  const url = new URL(`../../../fixtures/tags/${image}.json`, import.meta.url);
  const parsed: unknown = JSON.parse(readFileSync(url, 'utf8'));
  if (!isTagFixture(parsed)) {
    throw new Error(`fixtures/tags/${image}.json: expected { builtAt: number[], tags: { [tag]: number } }`);
  }
  return parsed;
}

function isTagFixture(value: unknown): value is TagFixture {
  if (typeof value !== 'object' || value === null || !('builtAt' in value) || !('tags' in value)) {
    return false;
  }
  const { builtAt, tags } = value;
  return (
    Array.isArray(builtAt) &&
    builtAt.every((entry) => typeof entry === 'number') &&
    typeof tags === 'object' &&
    tags !== null &&
    Object.values(tags).every((entry) => typeof entry === 'number')
  );
}
