/**
 * Loads real tag lists of official images into a local registry: the snapshot in
 * `fixtures/official-images/official-images-2025-03-31.json.gz` (format `fb-tags/1`, see its README), one
 * pushed image per unit (the tags that shared one digest on the snapshot day), with the
 * unit's real platforms and each platform's real build date as its config `created` and, as
 * on Docker Hub, as the index entry's `org.opencontainers.image.created` annotation.
 *
 * Owns: reading the snapshot, official-images architecture names → OCI platforms,
 * `loadOfficialImages`, `startOfficialRegistry`.
 * May import: node built-ins, zod, bench/support (registry and pusher). Lives in bench/support so
 * the scan bench can load it; tests import it through test/support/official-registry.ts.
 * Must not: decide what a test expects (tests read the tag lists themselves), push anything
 * but the snapshot's tags, reach beyond the pusher's registry on 127.0.0.1.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { mapConcurrent, type PushedImage, type Pusher, type PushPlatform } from './registry-push.js';
import { startRegistry, type LocalRegistry } from './registry-server.js';

const SNAPSHOT_PATH = 'fixtures/official-images/official-images-2025-03-31.json.gz';

/**
 * Where the snapshot lives: a gzipped fixture inside the repository (source and date in its README),
 * found from bench/support/ when run from source and from dist/bench/support/ when built.
 */
export const OFFICIAL_SNAPSHOT_URL =
  [new URL(`../../${SNAPSHOT_PATH}`, import.meta.url), new URL(`../../../${SNAPSHOT_PATH}`, import.meta.url)].find((url) =>
    existsSync(fileURLToPath(url)),
  ) ?? new URL(`../../${SNAPSHOT_PATH}`, import.meta.url);

const Epoch = z.number().int().nonnegative();
const SnapshotImage = z.object({
  arches: z.array(z.string().min(1)),
  comps: z.array(z.tuple([z.number().int().nonnegative(), z.string(), z.number().int(), Epoch])),
  units: z.record(z.string(), z.array(z.number().int().nonnegative()).min(2)),
  tags: z.record(z.string(), z.tuple([Epoch, Epoch, z.string(), z.union([z.literal(0), z.literal(1)])])),
});
type SnapshotImage = z.infer<typeof SnapshotImage>;
const Snapshot = z.object({ snapshot: z.string(), images: z.record(z.string(), z.unknown()) });

/** What the snapshot says about one tag. */
export interface OfficialTag {
  tag: string;
  firstSeen: Date;
  /** When the tag last moved to another image. */
  lastChanged: Date;
  /** The unit (image) the tag points at; tags of one unit share a digest. */
  unit: string;
  /** Still listed (rebuilt) upstream on the snapshot day. */
  current: boolean;
}

/** Options of `loadOfficialImages`. */
export interface LoadOfficialImagesOptions {
  /** Official image names (`python`), pushed as `library/<name>`. */
  images: readonly string[];
  /** Which tags to push. @default every tag */
  filter?: (image: string, tag: string, info: OfficialTag) => boolean;
  /** Units pushed at once. @default 8 */
  concurrency?: number;
  /** @default OFFICIAL_SNAPSHOT_URL */
  snapshot?: URL;
  /** Annotate index entries with their build dates, as the official images are. @default true */
  annotateCreated?: boolean;
}

/** What `loadOfficialImages` pushed. */
export interface LoadedOfficialImages {
  /** Pushed tags per image, sorted. */
  tags: ReadonlyMap<string, readonly string[]>;
  /** Images pushed (units), and platform images in them. */
  units: number;
  platformImages: number;
  /** The pushed image `image:tag` points at. Throws for a tag that was not loaded. */
  pushed(image: string, tag: string): PushedImage;
}

let cachedSnapshot: { url: string; images: Record<string, unknown> } | undefined;

/** A file's text, gunzipped when its name ends in `.gz`. */
function readText(path: string): string {
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

function readSnapshot(url: URL): Record<string, unknown> {
  if (cachedSnapshot?.url === url.href) return cachedSnapshot.images;
  const path = fileURLToPath(url);
  if (!existsSync(path)) {
    throw new Error(
      `the official-images tag snapshot is missing: expected ${path} (it is part of the repository; restore it with git checkout)`,
    );
  }
  const parsed = Snapshot.safeParse(JSON.parse(readText(path)));
  if (!parsed.success) throw new Error(`${path} is not an fb-tags/1 snapshot: ${parsed.error.message}`);
  cachedSnapshot = { url: url.href, images: parsed.data.images };
  return parsed.data.images;
}

/** The tags of one image in the snapshot, with their dates. */
export function listOfficialTags(image: string, snapshot: URL = OFFICIAL_SNAPSHOT_URL): OfficialTag[] {
  return Object.entries(readImage(image, snapshot).tags).map(([tag, entry]) => describeTag(tag, entry));
}

function readImage(image: string, snapshot: URL): SnapshotImage {
  const raw = readSnapshot(snapshot)[image];
  if (raw === undefined) throw new Error(`the snapshot has no image "${image}"`);
  const parsed = SnapshotImage.safeParse(raw);
  if (!parsed.success) throw new Error(`snapshot image "${image}" is malformed: ${parsed.error.message}`);
  return parsed.data;
}

function describeTag(tag: string, [firstSeen, lastChanged, unit, current]: SnapshotImage['tags'][string]): OfficialTag {
  return { tag, firstSeen: new Date(firstSeen * 1000), lastChanged: new Date(lastChanged * 1000), unit, current: current === 1 };
}

/**
 * The OCI platform of an official-images architecture name: `arm64v8` → linux/arm64/v8,
 * `arm32v7` → linux/arm/v7, `i386` → linux/386, `windows-amd64` → windows/amd64, and
 * any other name `x` → linux/x.
 */
export function platformOfArch(arch: string): PushPlatform {
  if (arch === 'arm64v8') return { os: 'linux', architecture: 'arm64', variant: 'v8' };
  const arm32 = /^arm32(v\d+)$/.exec(arch);
  if (arm32?.[1] !== undefined) return { os: 'linux', architecture: 'arm', variant: arm32[1] };
  if (arch === 'i386') return { os: 'linux', architecture: '386' };
  if (arch === 'windows-amd64') return { os: 'windows', architecture: 'amd64' };
  return { os: 'linux', architecture: arch };
}

/** One tag of the snapshot with what it points at: its unit (tags of one unit share a digest) and the unit's platforms with their build dates. */
export interface OfficialTagImage extends OfficialTag {
  platforms: PushPlatform[];
}

/** Every tag of one image in the snapshot, with its unit's platforms and build dates (for planning without a registry). */
export function listOfficialTagImages(image: string, snapshot: URL = OFFICIAL_SNAPSHOT_URL): OfficialTagImage[] {
  const data = readImage(image, snapshot);
  return Object.entries(data.tags).map(([tag, entry]) => ({ ...describeTag(tag, entry), platforms: unitPlatforms(image, data, entry[2]) }));
}

/** One image to push: a unit and the loaded tags that point at it. */
interface UnitPush {
  image: string;
  unit: string;
  tags: string[];
  platforms: PushPlatform[];
}

function planUnits(image: string, data: SnapshotImage, filter: LoadOfficialImagesOptions['filter']): UnitPush[] {
  const byUnit = new Map<string, string[]>();
  for (const [tag, entry] of Object.entries(data.tags)) {
    if (filter !== undefined && !filter(image, tag, describeTag(tag, entry))) continue;
    byUnit.set(entry[2], [...(byUnit.get(entry[2]) ?? []), tag]);
  }
  return [...byUnit].map(([unit, tags]) => ({ image, unit, tags: tags.sort(), platforms: unitPlatforms(image, data, unit) }));
}

function unitPlatforms(image: string, data: SnapshotImage, unit: string): PushPlatform[] {
  const [, ...components] = data.units[unit] ?? [];
  if (components.length === 0) throw new Error(`${image}: unit ${unit} has no platform images`);
  return components.map((index) => {
    const component = data.comps[index];
    const arch = component === undefined ? undefined : data.arches[component[0]];
    if (component === undefined || arch === undefined) throw new Error(`${image}: unit ${unit} names a missing component ${index}`);
    return { ...platformOfArch(arch), created: new Date(component[3] * 1000).toISOString() };
  });
}

/**
 * Pushes the chosen tags of `images` to the pusher's registry as `library/<image>`: one
 * OCI index (or single manifest) per unit with all of that unit's loaded tags, its content
 * made unique by `<image>@<unit>`. Units are pushed concurrently.
 */
export async function loadOfficialImages(pusher: Pusher, options: LoadOfficialImagesOptions): Promise<LoadedOfficialImages> {
  const snapshot = options.snapshot ?? OFFICIAL_SNAPSHOT_URL;
  const units = options.images.flatMap((image) => planUnits(image, readImage(image, snapshot), options.filter));
  const results = await mapConcurrent(units, options.concurrency ?? 8, (unit) =>
    pusher.pushImage({
      repository: `library/${unit.image}`,
      tags: unit.tags,
      platforms: unit.platforms,
      salt: `${unit.image}@${unit.unit}`,
      annotateCreated: options.annotateCreated ?? true,
    }),
  );
  const byTag = new Map<string, PushedImage>();
  const tags = new Map<string, string[]>(options.images.map((image) => [image, []]));
  units.forEach((unit, index) => {
    const result = results[index];
    if (result === undefined) throw new Error(`${unit.image}: unit ${unit.unit} was not pushed`);
    for (const tag of unit.tags) byTag.set(`${unit.image}:${tag}`, result);
    tags.get(unit.image)?.push(...unit.tags);
  });
  for (const list of tags.values()) list.sort();
  return {
    tags,
    units: units.length,
    platformImages: units.reduce((sum, unit) => sum + unit.platforms.length, 0),
    pushed(image, tag) {
      const result = byTag.get(`${image}:${tag}`);
      if (result === undefined) throw new Error(`${image}:${tag} was not loaded into the registry`);
      return result;
    },
  };
}

/**
 * Starts the test registry with its storage in memory (`/dev/shm`) when the machine has
 * it: loading writes thousands of small blob and manifest files, much faster there than
 * on disk. Elsewhere it is `startRegistry()` as is.
 */
export function startOfficialRegistry(): Promise<LocalRegistry> {
  const memory = '/dev/shm';
  return startRegistry(isDirectory(memory) ? { tmpRoot: memory } : {});
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // no such directory on this machine
  }
}
