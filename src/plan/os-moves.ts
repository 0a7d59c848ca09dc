/**
 * OS-variant moves (`os` updates): a tag whose OS variant is frozen upstream (the same line
 * was built on a newer release of the same OS family more than `FROZEN_AFTER_DAYS` after the
 * variant's last build) or whose OS part is past its end of life moves to the same version
 * line on a newer release of that family (`alpine3.18` → `alpine3.22`, `slim-buster` →
 * `slim-bookworm`, `jammy` → `noble`). A tag with no OS part (`3.11-slim`, whose OS follows
 * upstream's default) never gets one.
 *
 * Owns: `planOsMove`. May import: plan/, lifecycle/, versioning/. Must not: do I/O.
 */
import { judgeLineUpgrade, lifecycleOf } from '../lifecycle/index.js';
import { parseTag } from '../versioning/docker-tag.js';
import { isPrereleaseByAlias, type NewerTag } from '../versioning/update-type.js';
import { pickCandidate, type CandidateContext, type Picked } from './candidates.js';
import type { Known } from './facts-reader.js';
import { catalogOf } from './lifecycle.js';
import { FROZEN_AFTER_DAYS, isFrozen } from './notes.js';
import { isAllowed } from './policy.js';
import { CANDIDATES_PER_KIND, newerOsVariants } from './select-lookups.js';

const DAY_MS = 86_400_000;
const none: Known<Picked> = { state: 'known', value: { rejections: [] } };

/** Why the current variant should move: its OS is past end of life, or it is no longer rebuilt. */
type Cause = { kind: 'eol'; sentence: string } | { kind: 'frozen'; sentence: string };

/**
 * The OS move of a tagged reference, if it needs one: the first candidate on a newer OS release
 * (newest release first) that passes the same checks as any candidate (pre-release, platforms,
 * age, writable). `inLineBuilt` is the build date of the newest tag of the current line, if known.
 */
export function planOsMove(ctx: CandidateContext, inLineBuilt: Date | undefined): Known<Picked & { cause?: string }> {
  const version = parseTag(ctx.name.tag);
  if (version?.scheme !== 'numeric' || version.os === undefined) return none;
  const candidates = osCandidates(ctx);
  const first = candidates[0];
  if (first === undefined) return none;
  const cause = causeOf(ctx, first.tag, inLineBuilt);
  if (cause.state !== 'known') return cause;
  if (cause.value === undefined) return none;
  const evidence = { digests: ctx.reader.knownDigests() };
  const allowed = new Set(candidates.filter((c) => !isPrereleaseByAlias(c.tag, evidence)).map((c) => c.tag));
  const picked = pickCandidate(candidates, { ...ctx, allowed }, 'os');
  if (picked.state !== 'known') return picked;
  return { state: 'known', value: { ...picked.value, cause: cause.value.sentence } };
}

/** Tags of the same line on newer OS releases, allowed by the config and the OS part's release lines. */
function osCandidates(ctx: CandidateContext): NewerTag[] {
  const version = parseTag(ctx.name.tag);
  if (version === null) return [];
  const catalog = catalogOf(ctx.policy);
  return newerOsVariants(version, ctx.tags)
    .filter((other) => isAllowed(ctx.policy, ctx.name, other.raw, 'os'))
    .filter((other) => {
      const judgement = judgeLineUpgrade({
        catalog,
        image: ctx.name,
        from: ctx.name.tag,
        to: other.raw,
        now: ctx.now,
        minSupport: ctx.policy.lifecycle.minSupport,
        part: 'os',
      });
      return judgement.verdict !== 'reject';
    })
    .slice(0, CANDIDATES_PER_KIND)
    .map((other) => ({ tag: other.raw, version: other, updateType: 'patch' as const }));
}

/** Whether the variant must move: its OS line's end of life from the data alone, else the build dates of it and of `newer`. */
function causeOf(ctx: CandidateContext, newer: string, inLineBuilt: Date | undefined): Known<Cause | undefined> {
  const os = lifecycleOf({ catalog: catalogOf(ctx.policy), image: ctx.name, tag: ctx.name.tag, now: ctx.now })?.find(
    (line) => line.part === 'os',
  );
  if (os?.state === 'eol') {
    const date = typeof os.eol === 'string' ? ` on ${os.eol}` : '';
    return { state: 'known', value: { kind: 'eol', sentence: `${os.product} ${os.cycle} reached end of life${date}` } };
  }
  // A line built in the last FROZEN_AFTER_DAYS is not frozen: no lookup.
  if (inLineBuilt !== undefined && ctx.now.getTime() - inLineBuilt.getTime() <= FROZEN_AFTER_DAYS * DAY_MS)
    return { state: 'known', value: undefined };
  const current = ctx.reader.full(ctx.name.tag);
  const candidate = ctx.reader.full(newer);
  if (current.state !== 'known') return current;
  if (candidate.state !== 'known') return candidate;
  const builds = [current.value.created, inLineBuilt].filter((date): date is Date => date !== undefined).map((date) => date.getTime());
  const built = candidate.value.created?.getTime();
  if (builds.length === 0 || built === undefined) return { state: 'known', value: undefined };
  const newest = Math.max(...builds);
  if (!isFrozen(new Date(newest), new Date(built), ctx.now)) return { state: 'known', value: undefined };
  const day = new Date(newest).toISOString().slice(0, 10);
  return {
    state: 'known',
    value: { kind: 'frozen', sentence: `the ${parseTag(ctx.name.tag)?.os ?? ''} variant has not been rebuilt since ${day}` },
  };
}
