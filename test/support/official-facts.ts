/**
 * Registry facts of official images straight from the tag snapshot (fixtures/official-images/),
 * for planning without a registry: every tag with its unit's digest, platforms and newest build
 * date. Units published after the snapshot can be added by hand (`later`), moving the tags they
 * name out of the units they were in (`devel` moving from 25.04 to 26.04).
 */
import { createHash } from 'node:crypto';
import type { RefFacts, TagFacts } from '../../src/plan/index.js';
import { listOfficialTagImages } from './official-registry.js';

/** A unit published after the snapshot: its tags (taken out of their snapshot units), build date and platforms. */
export interface LaterUnit {
  tags: string[];
  /** ISO date-time of its builds. */
  created: string;
  /** @default linux/amd64 and linux/arm64/v8 */
  platforms?: { os: string; architecture: string; variant?: string }[];
}

function digestOf(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

function factsOf(unit: string, platforms: { os: string; architecture: string; variant?: string; created?: string }[]): TagFacts {
  const built = platforms.flatMap((p) => (p.created === undefined ? [] : [Date.parse(p.created)]));
  return {
    digest: digestOf(unit),
    kind: 'index',
    platforms: platforms.map(({ os, architecture, variant }) => ({ os, architecture, ...(variant === undefined ? {} : { variant }) })),
    entries: platforms.map(({ os, architecture, variant }) => ({
      digest: digestOf(`${unit}/${os}/${architecture}/${variant ?? ''}`),
      platform: { os, architecture, ...(variant === undefined ? {} : { variant }) },
    })),
    ...(built.length === 0 ? {} : { created: new Date(Math.max(...built)) }),
  };
}

const DEFAULT_PLATFORMS = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

/** The facts of every tag of `image` on 2025-03-31, with the `later` units applied. */
export function officialFacts(image: string, later: readonly LaterUnit[] = []): RefFacts {
  const byTag = new Map<string, { ok: true; value: TagFacts }>();
  for (const entry of listOfficialTagImages(image)) {
    byTag.set(entry.tag, { ok: true, value: factsOf(`${image}@${entry.unit}`, entry.platforms) });
  }
  later.forEach((unit, i) => {
    const platforms = (unit.platforms ?? DEFAULT_PLATFORMS).map((p) => ({ ...p, created: unit.created }));
    const value = factsOf(`${image}@later-${i}`, platforms);
    for (const tag of unit.tags) byTag.set(tag, { ok: true, value });
  });
  return {
    tags: { ok: true, value: { tags: [...byTag.keys()], complete: true } },
    byTag,
    byDigest: new Map(),
  };
}
