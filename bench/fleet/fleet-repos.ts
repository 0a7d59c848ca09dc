/**
 * The fleet bench's world: 20 real image references (older tags of 15 official images, each with
 * newer releases in the snapshot), a registry loaded with their real tag lists, and 1,000
 * repositories of three Dockerfiles each, every repository over three of the 20 references.
 *
 * Owns: `FLEET_REFERENCES`, `loadFleetRegistry`, `fleetRepos`. May import: bench/support.
 * Must not: decide what the bench reports.
 */
import { loadOfficialImages, startOfficialRegistry } from '../support/official-images.js';
import { createPusher } from '../support/registry-push.js';
import type { LocalRegistry } from '../support/registry-server.js';

/** Twenty references as repositories write them. */
export const FLEET_REFERENCES: readonly string[] = [
  'python:3.11.8-slim',
  'python:3.12.2',
  'node:20.11.0-bookworm-slim',
  'node:18.19.0-alpine',
  'golang:1.22.1',
  'golang:1.21.8-alpine',
  'debian:bookworm-20240211',
  'ubuntu:22.04',
  'alpine:3.19.1',
  'nginx:1.25.4',
  'nginx:1.24.0-alpine',
  'redis:7.2.4',
  'postgres:16.2',
  'postgres:15.6-alpine',
  'rust:1.76.0',
  'eclipse-temurin:21.0.2_13-jdk',
  'maven:3.9.6-eclipse-temurin-17',
  'busybox:1.36.1',
  'amazoncorretto:21.0.2',
  'spark:3.5.0',
];

/** Tags loaded: still listed upstream, moved since this day, or named by a reference. */
const SINCE = Date.parse('2024-06-01T00:00:00Z');

/** Starts a registry and loads the official images behind the references. */
export async function loadFleetRegistry(): Promise<{ registry: LocalRegistry; tags: number; images: number }> {
  const named = new Map<string, Set<string>>();
  for (const reference of FLEET_REFERENCES) {
    const [image = '', tag = ''] = reference.split(':');
    named.set(image, (named.get(image) ?? new Set()).add(tag));
  }
  const registry = await startOfficialRegistry();
  const loaded = await loadOfficialImages(createPusher({ url: registry.url }), {
    images: [...named.keys()],
    filter: (image, tag, info) => info.current || info.lastChanged.getTime() >= SINCE || (named.get(image)?.has(tag) ?? false),
  });
  const tags = [...loaded.tags.values()].reduce((sum, list) => sum + list.length, 0);
  return { registry, tags, images: named.size };
}

/** One repository: its name and files. */
export interface FleetRepo {
  name: string;
  files: Record<string, string>;
}

/** `count` repositories named `svc-0000`…, each with three Dockerfiles over three different references. */
export function fleetRepos(count: number): FleetRepo[] {
  const n = FLEET_REFERENCES.length;
  return Array.from({ length: count }, (_, i) => {
    const [a, b, c] = [i % n, (i + 7) % n, (i + 13) % n].map((index) => FLEET_REFERENCES[index] ?? '');
    return {
      name: `svc-${String(i).padStart(4, '0')}`,
      files: {
        Dockerfile: `FROM ${a ?? ''} AS build\nRUN make\n`,
        'api/Dockerfile': `FROM ${b ?? ''}\nCOPY . /app\n`,
        'worker/Dockerfile': `FROM ${c ?? ''}\nCMD ["run"]\n`,
      },
    };
  });
}
