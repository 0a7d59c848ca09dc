/**
 * Pull request title and body for one update group: a table of every change, release
 * notes where known, the commands, and the hidden state marker.
 */
import { editLine, targetTag, writesDigest, type UpdateGroup } from '../../plan/index.js';
import { REF_KIND_LABELS, type ImageRef } from '../../refs/index.js';
import { renderMarker, type PrItem, type PrState } from '../markers.js';

/** The items a pull request records in its marker. */
export function prItems(group: UpdateGroup): PrItem[] {
  return group.items.map(({ proposal, update }) => ({
    file: proposal.ref.file,
    line: editLine(proposal.ref, update),
    image: group.image,
    from: proposal.ref.name?.tag ?? null,
    to: targetTag(proposal.ref, update),
    digest: writesDigest(update) ? update.newDigest : null,
    type: update.updateType,
  }));
}

/** `Bump python from 3.11.8-slim to 3.11.9-slim`, `Refresh python 3.11-slim digest`, ... */
export function renderPrTitle(group: UpdateGroup): string {
  const froms = new Set(group.items.map((i) => i.proposal.ref.name?.tag ?? ''));
  const tos = new Set(group.items.map((i) => targetTag(i.proposal.ref, i.update) ?? ''));
  const [from] = froms;
  const [to] = tos;
  if (group.updateType === 'digest' || group.updateType === 'pin') {
    const verb = group.updateType === 'pin' ? 'Pin' : 'Refresh';
    return froms.size === 1 ? `${verb} ${group.image} ${from ?? ''} digest` : `${verb} ${group.image} ${group.line} digests`;
  }
  if (froms.size === 1 && tos.size === 1) return `Bump ${group.image} from ${from ?? ''} to ${to ?? ''}`;
  if (tos.size === 1) return `Bump ${group.image} to ${to ?? ''}`;
  return `Bump ${group.image} ${group.line} (${group.items.length} references)`;
}

function age(created: string | undefined, now: Date): string {
  if (created === undefined) return 'unknown';
  const days = Math.floor((now.getTime() - Date.parse(created)) / 86_400_000);
  return days <= 0 ? 'today' : days === 1 ? '1 day' : `${days} days`;
}

/** ` (Compose, services.db.image)`: the file's kind and the image's key path in it. */
function describeWhere(ref: ImageRef): string {
  const path = ref.path === undefined ? '' : `, ${ref.path.length > 80 ? `${ref.path.slice(0, 80)}…` : ref.path}`;
  return ` (${REF_KIND_LABELS[ref.kind]}${cell(path)})`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
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

/** The pull request body, ending with the state marker. */
export function renderPrBody(group: UpdateGroup, state: PrState, now: Date): string {
  // Where not every file is a Dockerfile, each row names its file's kind and where in it the image is.
  const mixed = group.items.some((i) => i.proposal.ref.kind !== 'dockerfile');
  const rows = group.items.map(({ proposal, update }, i) => {
    const item = state.items[i];
    const digest = update.newDigest === null ? '' : `\`${update.newDigest.slice(0, 19)}…\`${writesDigest(update) ? '' : ' (not pinned)'}`;
    return `| \`${cell(`${item?.file ?? proposal.ref.file}:${item?.line ?? proposal.ref.line}`)}\`${mixed ? describeWhere(proposal.ref) : ''} | \`${cell(proposal.ref.name?.tag ?? '')}\` | \`${cell(targetTag(proposal.ref, update) ?? '')}\` | ${update.updateType} | ${digest} | ${age(update.created, now)} | ${cell(update.platforms.join(', '))} |`;
  });
  const notes = [...new Set(group.items.flatMap((i) => [i.update.reason, ...i.proposal.notes]))].map((n) => `- ${cell(n)}`);
  const links = [
    ...new Set(
      group.items.map((i) => releaseNotesLink(group.image, targetTag(i.proposal.ref, i.update))).filter((l): l is string => l !== null),
    ),
  ];
  return [
    `freshbase proposes ${group.kind === 'in-line' ? 'the newest compatible update inside' : 'an upgrade to'} the ${group.image} ${group.line} line for every ${mixed ? 'file' : 'Dockerfile'} that uses it.`,
    '',
    '| File | From | To | Type | Digest | Age | Platforms |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    ...(notes.length > 0 ? ['**Why**', '', ...notes, ''] : []),
    ...(links.length > 0 ? [`Release notes: ${links.join(', ')}`, ''] : []),
    'Comment `/freshbase rebase` to rebuild this branch, `/freshbase ignore` to never be offered this version again, or `/freshbase recheck` to rescan. Closing this pull request without merging declines the version' +
      (group.updateType === 'major' ? ' and its major line.' : '.'),
    '',
    renderMarker('pr', state),
  ].join('\n');
}
