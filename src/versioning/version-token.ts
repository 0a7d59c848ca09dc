/**
 * The version part of a Docker tag: the token that starts it (`3.11.9`, `8u402`,
 * `17.0.9_9`, `3.14.0a6`, `20240111`) and the tokens that continue it
 * (`-ea-29`, `-rc`, `-b06`, `-20240110`). Pure string work for `parseTag`.
 */
import type { BuildKind } from './docker-tag.js';
import { isDateToken } from './tag-words.js';

/** What the version part of a tag says, before suffix words are looked at. */
export interface VersionDraft {
  /** `'v'` when the version token starts with one (`v1.2.3`), else `''`. */
  vPrefix: string;
  release: number[];
  build?: number[];
  buildKind?: BuildKind;
  prerelease?: string;
}

/**
 * One version token, read left to right:
 * - `v`: optional `v` prefix (`v1.2.3`)
 * - `release`: dotted numbers (`3.11.9`)
 * - `update`: a Java update number after `u` (`8u402`)
 * - `underscore`: a build number after `_` (`17.0.9_9`)
 * - `pre`: an attached pre-release, optionally after `.` or `_`
 *   (`3.14.0a6`, `3.9.0b4`, `1.24rc3`, `1.21beta1`, `3.20.0_rc1`)
 */
const VERSION_TOKEN = new RegExp(
  [
    '^(?<v>[vV])?',
    String.raw`(?<release>\d+(?:\.\d+)*)`,
    String.raw`(?:u(?<update>\d+))?`,
    String.raw`(?:_(?<underscore>\d+))?`,
    String.raw`(?:[._]?(?<pre>(?:alpha|beta|rc|dev|pre|ea|a|b)\.?\d*))?`,
    '$',
  ].join(''),
);

/**
 * A pre-release written as its own token: `rc`, `rc1`, `rc.4`, `ea`, `beta2`, `alpha1`,
 * `preview1`, `dev`, or a milestone with its number (redis `8.0-M02`).
 */
const PRERELEASE_TOKEN = /^(?:(?:alpha|beta|rc|ea|dev|pre|preview)(?:\.?\d+)?|m\d+)$/i;

/** A Java build number written as its own token: `b06`, `b07.1`, `b181`. */
const BUILD_NUMBER_TOKEN = /^b(?<number>\d+(?:\.\d+)*)$/;

/** A package revision, only as the last token: bitnami `-r7`. */
const REVISION_TOKEN = /^r(?<number>\d+)$/;

/** Whether a token can start a version: a digit, or `v` and a digit. */
export function isVersionStart(token: string): boolean {
  return /^[vV]?\d/.test(token);
}

/** Reads the token that starts a version; `null` when it is not one (`32bit`). */
export function parseVersionToken(token: string): VersionDraft | null {
  if (isDateToken(token)) {
    return { vPrefix: '', release: [], build: splitNumbers(token), buildKind: 'date' };
  }
  const groups = VERSION_TOKEN.exec(token)?.groups;
  if (groups?.release === undefined) {
    return null;
  }
  const draft: VersionDraft = { vPrefix: groups.v ?? '', release: splitNumbers(groups.release) };
  if (groups.update !== undefined) {
    draft.build = [Number(groups.update)];
    draft.buildKind = 'update';
  } else if (groups.underscore !== undefined) {
    draft.build = [Number(groups.underscore)];
    draft.buildKind = 'underscore';
  }
  if (groups.pre !== undefined) {
    draft.prerelease = groups.pre;
  }
  return draft;
}

/**
 * Lets the draft take the token at `index` (and maybe the one after) when it continues
 * the version: a pre-release (`rc`, `ea-29`), a Java build number (`b06`) or a date
 * stamp (`20240110`). Returns how many tokens it took; 0 means the suffix starts here.
 */
export function absorbVersionToken(draft: VersionDraft, tokens: readonly string[], index: number): number {
  const token = tokens[index] ?? '';
  const next = tokens[index + 1];
  if (draft.prerelease === undefined && PRERELEASE_TOKEN.test(token)) {
    // `ea-29`: a bare label followed by its number (not a date stamp)
    if (/^[a-z]+$/i.test(token) && next !== undefined && /^\d+$/.test(next) && !isDateToken(next)) {
      draft.prerelease = `${token}-${next}`;
      return 2;
    }
    draft.prerelease = token;
    return 1;
  }
  const buildNumber = BUILD_NUMBER_TOKEN.exec(token)?.groups?.number;
  if (buildNumber !== undefined && (draft.build === undefined || draft.buildKind === 'update')) {
    // 8u402-b06 → build [402, 6]; 9-b181 → build [181]
    draft.build = [...(draft.build ?? []), ...splitNumbers(buildNumber)];
    draft.buildKind = draft.buildKind === 'update' ? 'update-build' : 'build-number';
    return 1;
  }
  if (draft.build === undefined && isDateToken(token)) {
    draft.build = splitNumbers(token);
    draft.buildKind = 'date';
    return 1;
  }
  return 0;
}

/** Takes a trailing revision (`-r7`) off the suffix tokens into the draft's build. */
export function absorbRevision(draft: VersionDraft, suffixTokens: string[]): void {
  const last = suffixTokens.at(-1);
  const revision = last === undefined ? undefined : REVISION_TOKEN.exec(last)?.groups?.number;
  if (revision !== undefined && draft.build === undefined) {
    draft.build = [Number(revision)];
    draft.buildKind = 'revision';
    suffixTokens.pop();
  }
}

function splitNumbers(text: string): number[] {
  return text.split('.').map(Number);
}
