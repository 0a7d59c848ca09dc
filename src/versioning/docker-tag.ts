/**
 * versioning/docker-tag — the Docker tag model.
 *
 * Owns: `TagVersion` (what a tag such as `3.12.4-slim-bookworm`, `17.0.9_9-jre-jammy`,
 * `jammy-20240111` or `latest` says), `parseTag`, tag families (`familyKey`,
 * `isSameFamily`) and the order inside a family (`compareTags`).
 * May import: `semver` and files of this folder only (layer 1: no registry, config, plan).
 * Must not: do I/O, read the clock or the environment, throw on odd tags (unparseable
 * input is `null`), or know image names: the same rules apply to every repository.
 */
import { absorbRevision, absorbVersionToken, isVersionStart, parseVersionToken } from './version-token.js';
import type { VersionDraft } from './version-token.js';
import { isOsWord, splitTagTokens } from './tag-words.js';

export { compareNumberLists, compareTags, familyKey, isSameFamily } from './tag-order.js';

/**
 * How a tag names its version:
 * - `numeric`: release numbers (`22.04`, `3.11.9-slim`, `17.0.9_9-jre-jammy`)
 * - `codename`: words and a date stamp (`jammy-20240111`, `bookworm-20240110-slim`)
 * - `date`: a date stamp alone (`20240111`)
 * - `named`: no version at all (`latest`, `bookworm-slim`, `edge`, `alpine3.19`): it floats,
 *   so only digest updates apply.
 */
export type TagScheme = 'numeric' | 'codename' | 'date' | 'named';

/**
 * How the build part is written:
 * `underscore` `17.0.9_9`, `update` `8u402`, `update-build` `8u402-b06`,
 * `build-number` `9-b181`, `revision` `-r7` (bitnami), `date` `-20240111`.
 */
export type BuildKind = 'underscore' | 'update' | 'update-build' | 'build-number' | 'revision' | 'date';

/** What a Docker tag says about its version. */
export interface TagVersion {
  /** The tag as written. */
  readonly raw: string;
  readonly scheme: TagScheme;
  /**
   * Text before the release numbers: `'v'` (`v1.2.3`), words with their dash
   * (`'chakracore-'`, `'jammy-'` in `jammy-20240111`), or `''`.
   */
  readonly prefix: string;
  /** Release numbers: `3.11.9` → `[3, 11, 9]`; `[]` for the date, codename and named schemes. */
  readonly release: readonly number[];
  /**
   * Build numbers that move within a release: temurin `17.0.9_9` → `[9]`, bitnami `-r7` → `[7]`,
   * `8u402-b06` → `[402, 6]`, date stamp `jammy-20240111` → `[20240111]`, `20231211.1` → `[20231211, 1]`.
   */
  readonly build?: readonly number[];
  /** How {@link TagVersion.build} is written; set exactly when `build` is. */
  readonly buildKind?: BuildKind;
  /** Pre-release as written: `'rc1'`, `'a6'`, `'b2'`, `'beta1'`, `'ea'`, `'ea-29'`, `'rc.4'`. */
  readonly prerelease?: string;
  /**
   * Text after the version without build and pre-release, with its leading dash
   * (`'-slim-bookworm'`, `'-jre-jammy'`, `'-debian-12'` for `3.5.1-debian-12-r7`), `''` when none;
   * for a named tag the whole tag. Tags of one family have the same suffix exactly.
   */
  readonly suffix: string;
  /** The OS words, joined by `-`: `'alpine3.19'`, `'bookworm'`, `'debian-12'`, `'windowsservercore-ltsc2022'`. */
  readonly os?: string;
  /** The other words of the tag, in order: `['slim']`, `['jre']`, `['scala2.12', 'java17', 'python3']`. */
  readonly variants: readonly string[];
}

/** Docker's tag grammar: a word character, then up to 127 word characters, dots or dashes. */
const DOCKER_TAG = /^\w[\w.-]{0,127}$/;

/** Tags parsed so far; planning reads the same tag lists many times per scan. Emptied when full. */
const parsed = new Map<string, TagVersion | null>();
const MAX_PARSED = 200_000;

/**
 * Parses a Docker tag into a {@link TagVersion}. Results are shared (and read-only):
 * the same text always gives the same object.
 *
 * @returns `null` when the text is not a valid Docker tag.
 * @example parseTag('3.12.4-slim-bookworm') // release [3, 12, 4], suffix '-slim-bookworm', os 'bookworm'
 * @example parseTag('bookworm-20240110-slim') // codename: prefix 'bookworm-', build [20240110], suffix '-slim'
 */
export function parseTag(raw: string): TagVersion | null {
  const known = parsed.get(raw);
  if (known !== undefined) return known;
  if (parsed.size >= MAX_PARSED) parsed.clear();
  const version = readTag(raw);
  parsed.set(raw, version);
  return version;
}

function readTag(raw: string): TagVersion | null {
  if (!DOCKER_TAG.test(raw)) {
    return null;
  }
  const tokens = splitTagTokens(raw);
  const start = tokens.findIndex(isVersionStart);
  const draft = start === -1 ? null : parseVersionToken(tokens[start] ?? '');
  if (draft === null) {
    return buildNamedTag(raw, tokens);
  }
  const leading = tokens.slice(0, start);
  let end = start + 1;
  let taken = absorbVersionToken(draft, tokens, end);
  while (taken > 0) {
    end += taken;
    taken = absorbVersionToken(draft, tokens, end);
  }
  const trailing = joinNumberTokens(tokens.slice(end));
  absorbRevision(draft, trailing);
  return buildVersionedTag({ raw, draft, leading, trailing });
}

interface VersionedParts {
  raw: string;
  draft: VersionDraft;
  /** Word tokens before the version (`['jammy']`, `['chakracore']`). */
  leading: readonly string[];
  /** Tokens after the version, build and pre-release. */
  trailing: readonly string[];
}

function buildVersionedTag({ raw, draft, leading, trailing }: VersionedParts): TagVersion {
  const isDate = draft.buildKind === 'date' && draft.release.length === 0;
  const dateScheme: TagScheme = leading.length > 0 ? 'codename' : 'date';
  const leadingText = leading.length > 0 ? `${leading.join('-')}-` : '';
  const words = describeWords([...leading, ...trailing]);
  return {
    raw,
    scheme: isDate ? dateScheme : 'numeric',
    prefix: `${leadingText}${draft.vPrefix}`,
    release: draft.release,
    ...(draft.build === undefined ? {} : { build: draft.build }),
    ...(draft.buildKind === undefined ? {} : { buildKind: draft.buildKind }),
    ...(draft.prerelease === undefined ? {} : { prerelease: draft.prerelease }),
    suffix: trailing.length > 0 ? `-${trailing.join('-')}` : '',
    ...words,
  };
}

function buildNamedTag(raw: string, tokens: readonly string[]): TagVersion {
  const words = describeWords(tokens);
  return { raw, scheme: 'named', prefix: '', release: [], suffix: raw, ...words };
}

/** Splits words into the OS part and the other variants. */
function describeWords(tokens: readonly string[]): { os?: string; variants: string[] } {
  const os = tokens.filter((token) => isOsWord(token));
  const variants = tokens.filter((token) => !isOsWord(token));
  return os.length > 0 ? { os: os.join('-'), variants } : { variants };
}

/**
 * Joins a number-only suffix token to the word before it, so that
 * `eclipse-temurin-17` is one variant and not two.
 */
function joinNumberTokens(tokens: readonly string[]): string[] {
  const joined: string[] = [];
  for (const token of tokens) {
    const previous = joined.at(-1);
    if (previous !== undefined && /^\d+$/.test(token)) {
      joined[joined.length - 1] = `${previous}-${token}`;
    } else {
      joined.push(token);
    }
  }
  return joined;
}
