/**
 * The words of Docker tags that are not version numbers: which name an operating
 * system, which name a development channel, and which tokens belong together.
 * Pure data and predicates; used by the tag parser and the pre-release rules.
 */
import { OS_RELEASES } from './os-releases.js';

/** Debian and Ubuntu codenames (and `sid`), from the one table in os-releases.ts. */
const OS_CODENAMES: ReadonlySet<string> = new Set(OS_RELEASES.map((release) => release.codename));

/** Operating-system tokens that are not plain codenames. */
const OS_PATTERNS: readonly RegExp[] = [
  /^alpine(?:\d+(?:\.\d+)*)?$/, // alpine, alpine3.19
  /^(?:debian|ubuntu)(?:-\d+(?:\.\d+)*)?$/, // debian, debian-12, ubuntu-20.04
  /^(?:windowsservercore|nanoserver)(?:-[a-z]*\d+)?$/, // windowsservercore-ltsc2022, nanoserver-1809
  /^al\d+$/, // Amazon Linux: al2, al2023
  /^(?:amazonlinux|ubi|oraclelinux|centos|rockylinux|almalinux|fedora)\d*$/, // ubi9, oraclelinux8
  /^oracle$/, // openjdk's name for Oracle Linux
];

/**
 * OS words whose version is written as the next dash-separated token
 * (`debian-12`, `ubuntu-20.04`, `windowsservercore-ltsc2022`, `nanoserver-1809`).
 */
const OS_WORDS_WITH_VERSION: ReadonlySet<string> = new Set(['debian', 'ubuntu', 'windowsservercore', 'nanoserver']);

/** The version token that may follow one of {@link OS_WORDS_WITH_VERSION}: `12`, `20.04`, `ltsc2022`, `sac2016`. */
const OS_VERSION_TOKEN = /^(?:ltsc|sac)?\d+(?:\.\d+)*$/;

/**
 * Floating channels that track unreleased software: Ubuntu `devel`, Alpine `edge`, Go `tip`,
 * Debian `sid`/`unstable`/`testing`/`experimental`/`rc-buggy`, busybox `unstable`, `rc`,
 * `beta`, `nightly`. Not Ubuntu's `rolling`: it names the newest released version (and
 * `latest` the newest LTS one). A tag that shares its digest with one is a pre-release too,
 * unless it also shares it with a released channel (see `isReleasedChannel`): busybox's
 * `unstable` points at the stable release when there is no newer one.
 */
const DEVELOPMENT_CHANNELS: ReadonlySet<string> = new Set([
  'devel',
  'edge',
  'tip',
  'nightly',
  'rc',
  'beta',
  'rc-buggy',
  'sid',
  'unstable',
  'testing',
  'experimental',
]);

/** Floating channels of released versions: `stable` (busybox), `rolling` (Ubuntu's newest release), `latest`. */
const RELEASED_CHANNELS: ReadonlySet<string> = new Set(['stable', 'rolling', 'latest']);

/** Words that are written with a dash but mean one thing. */
const COMPOUND_WORDS: ReadonlySet<string> = new Set(['eclipse-temurin', 'ibm-semeru', 'rc-buggy']);

/** Whether a token names an operating system: `bookworm`, `alpine3.19`, `debian-12`, `al2023`, `ubi9`. */
export function isOsWord(token: string): boolean {
  const word = token.toLowerCase();
  return OS_CODENAMES.has(word) || OS_PATTERNS.some((pattern) => pattern.test(word));
}

/** Whether a word is a development channel (`devel`, `edge`, `tip`, `rc`, `sid`, `unstable`, ...). */
export function isDevelopmentChannel(word: string): boolean {
  return DEVELOPMENT_CHANNELS.has(word.toLowerCase());
}

/** Whether a word is a channel of released versions (`stable`, `rolling`, `latest`). */
export function isReleasedChannelWord(word: string): boolean {
  return RELEASED_CHANNELS.has(word.toLowerCase());
}

/**
 * Splits a tag on `-` and joins the tokens that belong together: an OS word and its
 * version (`debian-12`, `windowsservercore-ltsc2022`) and compound words (`eclipse-temurin`).
 * Joining keeps the text: `tokens.join('-')` gives the tag back.
 */
export function splitTagTokens(tag: string): string[] {
  const parts = tag.split('-');
  const tokens: string[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] ?? '';
    const next = parts[i + 1];
    if (next !== undefined && joinsWithNext(part, next)) {
      tokens.push(`${part}-${next}`);
      i += 1;
    } else {
      tokens.push(part);
    }
  }
  return tokens;
}

function joinsWithNext(part: string, next: string): boolean {
  const word = part.toLowerCase();
  if (COMPOUND_WORDS.has(`${word}-${next.toLowerCase()}`)) {
    return true;
  }
  return OS_WORDS_WITH_VERSION.has(word) && OS_VERSION_TOKEN.test(next) && !isDateToken(next);
}

/** Whether a token is a date stamp `YYYYMMDD` with an optional `.N` serial (`20240111`, `20231211.1`). */
export function isDateToken(token: string): boolean {
  const match = /^(?<year>(?:19|20)\d\d)(?<month>\d\d)(?<day>\d\d)(?:\.\d+)?$/.exec(token);
  if (match?.groups === undefined) {
    return false;
  }
  const month = Number(match.groups.month);
  const day = Number(match.groups.day);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}
