/**
 * Whether a scheduled run dispatches a rebuild of one target, and why, in one sentence.
 *
 * Owns: `decideRebuild` and the wording of its reasons.
 * May import: oci/, rebuild types. Must not: do I/O or read the clock (`now` is an argument).
 */
import { formatImageName, parseImageName } from '../oci/reference.js';
import type { LastRebuild, RebuildTargetPlan } from './types.js';

/** A base image of the target's Dockerfiles, with the digest its tag points at now. */
export interface BaseImageDigest {
  /** Normalized image name with tag: `docker.io/library/python:3.11-slim`. */
  image: string;
  /** Null when the registry could not say (never counts as a change). */
  digest: string | null;
}

/** Inputs of `decideRebuild`. */
export interface DecideRebuildInput {
  target: RebuildTargetPlan;
  baseImages: readonly BaseImageDigest[];
  /** The last rebuild dispatched for this target, from the dashboard marker. */
  last?: LastRebuild;
  /** `rebuild.when` of the config. */
  when: 'changed' | 'always' | 'never';
  /** `rebuild.maxAge`: rebuild when the last rebuild is at least this old; `0` turns the age rule off. */
  maxAgeMs: number;
  now: Date;
  /** A maintainer asked for it (`/freshbase rebuild`): dispatch whatever `when` says. */
  force?: boolean;
}

/** The decision for one target. */
export interface RebuildDecision {
  dispatch: boolean;
  /** One sentence for the dashboard, the run's `reason` input and the logs. */
  reason: string;
  /** Base images (as given) whose digest changed since the last rebuild. */
  changed: string[];
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MAX_LISTED = 5;

/** `python:3.11-slim` for `docker.io/library/python:3.11-slim`; the text itself when it is not a name. */
function shortImage(image: string): string {
  const parsed = parseImageName(image);
  return parsed.ok ? formatImageName(parsed.name) : image;
}

/** `sha256:abcd…`: enough of a digest to tell two apart at a glance. */
function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return colon < 0 ? digest.slice(0, 8) : `${digest.slice(0, colon + 5)}…`;
}

/** `9 days`, `1 day`, `5 hours`, `less than an hour`. */
function formatAge(ms: number): string {
  if (ms >= DAY_MS) {
    const days = Math.floor(ms / DAY_MS);
    return days === 1 ? '1 day' : `${days} days`;
  }
  if (ms >= HOUR_MS) {
    const hours = Math.floor(ms / HOUR_MS);
    return hours === 1 ? '1 hour' : `${hours} hours`;
  }
  return 'less than an hour';
}

/** `7d`, `36h`, `90m`: the way `maxAge` is written. */
function formatMaxAge(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS}h`;
  return `${Math.round(ms / 60_000)}m`;
}

/** Images whose known digest differs from the one recorded at the last rebuild. */
function changedImages(
  baseImages: readonly BaseImageDigest[],
  last: LastRebuild | undefined,
): { image: string; from: string; to: string }[] {
  if (last === undefined) return [];
  const seen = new Set<string>();
  const changed: { image: string; from: string; to: string }[] = [];
  for (const { image, digest } of baseImages) {
    if (seen.has(image)) continue;
    seen.add(image);
    const before = last.digests[image];
    if (digest !== null && before !== undefined && before !== digest) changed.push({ image, from: before, to: digest });
  }
  return changed;
}

function describeChanges(changed: readonly { image: string; from: string; to: string }[]): string {
  const digests = (change: { from: string; to: string }): string => `(${shortDigest(change.from)} → ${shortDigest(change.to)})`;
  const only = changed.length === 1 ? changed[0] : undefined;
  if (only !== undefined) return `${shortImage(only.image)} was rebuilt upstream ${digests(only)}`;
  const parts = changed.slice(0, MAX_LISTED).map((change) => `${shortImage(change.image)} ${digests(change)}`);
  const more = changed.length > MAX_LISTED ? ` and ${changed.length - MAX_LISTED} more` : '';
  return `${changed.length} base images were rebuilt upstream: ${parts.join(', ')}${more}`;
}

/** Images whose digest is unknown, as a clause: ` (could not check python:3.12)`. */
function uncheckedClause(baseImages: readonly BaseImageDigest[]): string {
  const unknown = [...new Set(baseImages.filter((base) => base.digest === null).map((base) => shortImage(base.image)))];
  return unknown.length === 0 ? '' : ` (could not check ${unknown.join(', ')})`;
}

/**
 * Decides whether to dispatch the target's workflow. `force` and `when: always` dispatch;
 * `when: never` does not; `when: changed` dispatches on the first rebuild, when a base image
 * digest changed since the last one, or when the last one is at least `maxAgeMs` old.
 * A digest the registry could not give (null) never counts as a change and never blocks the age rule.
 */
export function decideRebuild(input: DecideRebuildInput): RebuildDecision {
  const changes = changedImages(input.baseImages, input.last);
  const changed = changes.map((change) => change.image);
  if (input.force === true) return { dispatch: true, reason: 'a rebuild was requested with /freshbase rebuild', changed };
  if (input.when === 'never') return { dispatch: false, reason: 'scheduled rebuilds are off (rebuild: never)', changed };
  if (input.when === 'always') return { dispatch: true, reason: 'scheduled rebuild (rebuild: always)', changed };
  const lastAt = input.last === undefined ? Number.NaN : Date.parse(input.last.at);
  if (input.last === undefined || Number.isNaN(lastAt)) return { dispatch: true, reason: 'first rebuild', changed };
  if (changes.length > 0) return { dispatch: true, reason: describeChanges(changes), changed };
  const age = input.now.getTime() - lastAt;
  if (input.maxAgeMs > 0 && age >= input.maxAgeMs) {
    return { dispatch: true, reason: `last rebuild ${formatAge(age)} ago, older than ${formatMaxAge(input.maxAgeMs)}`, changed };
  }
  const day = new Date(lastAt).toISOString().slice(0, 10);
  return { dispatch: false, reason: `no base image changed since the last rebuild on ${day}${uncheckedClause(input.baseImages)}`, changed };
}
