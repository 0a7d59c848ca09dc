/**
 * Pull request title and body for one update group: a table of every change, what the bump
 * fixes (render/security.ts), release notes where known, the commands, and the hidden state marker.
 */
import { editLine, targetTag, writesDigest, type UpdateGroup } from '../../plan/index.js';
import { REF_KIND_LABELS, type ImageRef } from '../../refs/index.js';
import { PrItem, renderMarker, type PrState } from '../markers.js';
import { BODY_BUDGET, fitBody, measureParts, omittedNote, type BodyPart } from './budget.js';
import { code, text, truncate } from './markdown.js';
import { renderSecurityLines, type GroupSecurity } from './security.js';

/** Most items a marker holds (the marker schema reads no more). */
const MAX_PR_ITEMS = 500;
/** Longest marker JSON of a pull request; items past it are left out of the marker (the commit still changes them). @default 24,000 */
export const PR_MARKER_BUDGET = 24_000;
/** Longest pull request title: GitHub's limit. */
export const MAX_TITLE = 256;
/** Most characters the security part takes, whatever room is left. @default 32,000 */
export const SECURITY_PART_MAX = 32_000;
/** Room kept for the lines of the other parts (references, reasons, links) when the security part is sized. @default 8,000 */
const OTHER_LINES_RESERVE = 8_000;

/**
 * The items a pull request records in its marker, within what the marker schema reads and
 * `PR_MARKER_BUDGET`: when they do not all fit, one item of each version comes first (so
 * closing the pull request still declines every version it proposed), then the others.
 */
export function prItems(group: UpdateGroup): PrItem[] {
  const items = group.items
    .map(({ proposal, update }) => ({
      file: proposal.ref.file,
      line: editLine(proposal.ref, update),
      image: group.image,
      from: proposal.ref.name?.tag ?? null,
      to: targetTag(proposal.ref, update),
      digest: writesDigest(update) ? update.newDigest : null,
      type: update.updateType,
    }))
    .filter((item) => PrItem.safeParse(item).success);
  const fits = (list: readonly PrItem[]): boolean => list.length <= MAX_PR_ITEMS && JSON.stringify(list).length <= PR_MARKER_BUDGET;
  if (fits(items)) return items;
  const seen = new Set<string>();
  const firsts: PrItem[] = [];
  const others: PrItem[] = [];
  for (const item of items) {
    const version = JSON.stringify([item.type, item.to, item.digest]);
    (seen.has(version) ? others : firsts).push(item);
    seen.add(version);
  }
  const kept: PrItem[] = [];
  let length = 2;
  for (const item of [...firsts, ...others]) {
    const next = JSON.stringify(item).length + 1;
    if (kept.length >= MAX_PR_ITEMS || length + next > PR_MARKER_BUDGET) break;
    kept.push(item);
    length += next;
  }
  return kept;
}

/** The title, cut to GitHub's limit. */
function title(text: string): string {
  return truncate(text, MAX_TITLE);
}

/**
 * `Bump python from 3.11.8-slim to 3.11.9-slim`, `Refresh python 3.11-slim digest`, ...: built
 * only from the image name and tags, which passed the OCI reference grammar (no space, no
 * Markdown, no `@` or `#`), and the line made from a tag.
 */
export function renderPrTitle(group: UpdateGroup): string {
  const froms = new Set(group.items.map((i) => i.proposal.ref.name?.tag ?? ''));
  const tos = new Set(group.items.map((i) => targetTag(i.proposal.ref, i.update) ?? ''));
  const [from] = froms;
  const [to] = tos;
  if (group.updateType === 'digest' || group.updateType === 'pin') {
    const verb = group.updateType === 'pin' ? 'Pin' : 'Refresh';
    return title(froms.size === 1 ? `${verb} ${group.image} ${from ?? ''} digest` : `${verb} ${group.image} ${group.line} digests`);
  }
  if (froms.size === 1 && tos.size === 1) return title(`Bump ${group.image} from ${from ?? ''} to ${to ?? ''}`);
  if (tos.size === 1) return title(`Bump ${group.image} to ${to ?? ''}`);
  return title(`Bump ${group.image} ${group.line} (${group.items.length} references)`);
}

function age(created: string | undefined, now: Date): string {
  if (created === undefined) return 'unknown';
  const days = Math.floor((now.getTime() - Date.parse(created)) / 86_400_000);
  return days <= 0 ? 'today' : days === 1 ? '1 day' : `${days} days`;
}

/** ` (Compose, services.db.image)`: the file's kind and the image's key path in it. */
function describeWhere(ref: ImageRef): string {
  const path = ref.path === undefined ? '' : `, ${truncate(ref.path, 80)}`;
  return ` (${text(`${REF_KIND_LABELS[ref.kind]}${path}`)})`;
}

/** A link to release notes for well-known images, or null. */
export function releaseNotesLink(image: string, tag: string | null): string | null {
  if (tag === null) return null;
  const version = /^v?(\d+(?:\.\d+)*)/.exec(tag)?.[1];
  if (version === undefined) return null;
  switch (image) {
    case 'python':
      return version.split('.').length === 3 ? `https://www.python.org/downloads/release/python-${version.replace(/\./g, '')}/` : null;
    case 'golang':
      return `https://go.dev/doc/devel/release#go${version.split('.').slice(0, 2).join('.')}`;
    case 'node':
      return version.split('.').length === 3 ? `https://github.com/nodejs/node/releases/tag/v${version}` : null;
    case 'eclipse-temurin':
      return 'https://adoptium.net/temurin/release-notes/';
    case 'spark':
      return `https://spark.apache.org/releases/spark-release-${version.replace(/\./g, '-')}.html`;
    default:
      return image.includes('/') ? null : `https://hub.docker.com/_/${image}/tags`;
  }
}

/**
 * The security part, sized by what the other parts leave: their fixed lines always, their other
 * lines up to a reserve (so a long table of references still shows its first rows).
 */
function securityPart(security: GroupSecurity | undefined, others: readonly BodyPart[]): BodyPart[] {
  if (security === undefined) return [];
  const { fixed, lines } = measureParts(others);
  const budget = Math.min(SECURITY_PART_MAX, BODY_BUDGET - fixed - Math.min(lines, OTHER_LINES_RESERVE) - 1);
  const rendered = renderSecurityLines(security, budget);
  return rendered.length === 0 ? [] : [{ head: [...rendered, ''] }];
}

/**
 * The pull request body, at most `BODY_BUDGET` characters, ending with the state marker. Every
 * value from a file or a registry is escaped. `security`: what the group's bumps fix, shown after
 * the table of references.
 */
export function renderPrBody(group: UpdateGroup, state: PrState, now: Date, security?: GroupSecurity): string {
  // Where not every file is a Dockerfile, each row names its file's kind and where in it the image is.
  const mixed = group.items.some((i) => i.proposal.ref.kind !== 'dockerfile');
  const rows = group.items.map(({ proposal, update }) => {
    const digest =
      update.newDigest === null ? '' : `${code(`${update.newDigest.slice(0, 19)}…`)}${writesDigest(update) ? '' : ' (not pinned)'}`;
    const where = `${code(`${proposal.ref.file}:${editLine(proposal.ref, update)}`)}${mixed ? describeWhere(proposal.ref) : ''}`;
    const cells = [where, code(proposal.ref.name?.tag ?? ''), code(targetTag(proposal.ref, update) ?? ''), update.updateType];
    return `| ${[...cells, digest, age(update.created, now), text(update.platforms.join(', '))].join(' | ')} |`;
  });
  const notes = [...new Set(group.items.flatMap((i) => [i.update.reason, ...i.proposal.notes]))].map((n) => `- ${text(n)}`);
  const links = [
    ...new Set(
      group.items.map((i) => releaseNotesLink(group.image, targetTag(i.proposal.ref, i.update))).filter((l): l is string => l !== null),
    ),
  ];
  const kind =
    group.kind === 'in-line' ? 'the newest compatible update inside' : group.kind === 'os' ? 'a newer OS release for' : 'an upgrade to';
  const eol =
    group.eol === undefined
      ? []
      : [`**End of life${group.eol.date === null ? '' : `: ${group.eol.date}`}.** ${text(group.eol.message)}.`, ''];
  const top: BodyPart[] = [
    {
      head: [
        `freshbase proposes ${kind} the ${text(group.image)} ${text(group.line)} line for every ${mixed ? 'file' : 'Dockerfile'} that uses it.`,
        '',
        ...eol,
      ],
    },
    {
      head: ['| File | From | To | Type | Digest | Age | Platforms |', '| --- | --- | --- | --- | --- | --- | --- |'],
      lines: rows,
      tail: [''],
      note: (omitted) => `| … | ${omitted} more references, not shown (the commit changes them all) | | | | | |`,
    },
  ];
  const bottom: BodyPart[] = [
    ...(notes.length > 0 ? [{ head: ['**Why**', ''], lines: notes, tail: [''], note: omittedNote('reasons'), priority: 1 }] : []),
    ...(links.length > 0 ? [{ lines: [`Release notes: ${links.slice(0, 20).join(', ')}`, ''], priority: 2 }] : []),
    {
      tail: [
        'Comment `/freshbase rebase` to rebuild this branch, `/freshbase ignore` to never be offered this version again, or `/freshbase recheck` to rescan. Closing this pull request without merging declines the version' +
          (group.updateType === 'major' ? ' and its major line.' : '.'),
        '',
        renderMarker('pr', state),
      ],
    },
  ];
  return fitBody([...top, ...securityPart(security, [...top, ...bottom]), ...bottom]);
}
