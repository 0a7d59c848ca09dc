/**
 * The dashboard issue's body: errors, when freshbase runs again after a registry's rate limit, pending updates, open pull requests, declined
 * versions, every skipped reference with its reason, rebuilds, the last scan time, a
 * recheck checkbox, and the hidden state markers.
 */
import { formatRepository } from '../../oci/reference.js';
import type { Proposal } from '../../plan/index.js';
import { renderMarker, type DashboardState } from '../markers.js';
import type { PullReport } from '../pull-requests.js';

/** The dashboard's title; freshbase finds its issue by it and by its author. */
export const DASHBOARD_TITLE = 'freshbase dashboard';
/** The recheck checkbox, unticked. */
export const RECHECK_BOX = '- [ ] <!-- freshbase:recheck --> Tick this box to make freshbase rescan now';
const SCAN_LINE = 'Last scan: ';
/** Skipped references listed at most; GitHub caps an issue body at 65,536 characters. */
const MAX_SKIPPED_ROWS = 150;

/** What the dashboard shows. */
export interface DashboardView {
  errors: string[];
  proposals: readonly Proposal[];
  pulls: PullReport | null;
  state: DashboardState;
  /** Extra sections (rebuilds), already rendered, with their markers. */
  sections: string[];
  scannedAt: string;
  /** When a registry's rate limit stopped lookups: when freshbase runs the repository again (ISO 8601). */
  retryAt?: string;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function list(title: string, lines: string[], empty?: string): string[] {
  if (lines.length === 0) return empty === undefined ? [] : [`## ${title}`, '', empty, ''];
  return [`## ${title}`, '', ...lines, ''];
}

/** Renders the body. */
export function renderDashboard(view: DashboardView): string {
  const { pulls } = view;
  const skipped = view.proposals.filter((p) => p.status === 'skipped');
  const upToDate = view.proposals.filter((p) => p.status === 'up-to-date').length;
  const skippedRows = skipped
    .slice(0, MAX_SKIPPED_ROWS)
    .map((p) => `| \`${cell(`${p.ref.file}:${p.ref.line}`)}\` | \`${cell(p.ref.raw)}\` | ${p.skip}: ${cell(p.reason).slice(0, 300)} |`);
  if (skipped.length > MAX_SKIPPED_ROWS) skippedRows.push(`| … | ${skipped.length - MAX_SKIPPED_ROWS} more | |`);
  return [
    'freshbase keeps the base images of this repository fresh. This issue shows what it sees; it updates itself after each scan.',
    '',
    RECHECK_BOX,
    '',
    ...list('Errors', [
      ...view.errors.slice(0, 50).map((e) => `- ${cell(e).slice(0, 500)}`),
      ...(view.errors.length > 50 ? [`- … ${view.errors.length - 50} more`] : []),
    ]),
    ...(view.retryAt === undefined
      ? []
      : [
          '## Waiting for a registry',
          '',
          `A registry's rate limit stopped some lookups: freshbase runs again after ${view.retryAt.slice(0, 10)} ${view.retryAt.slice(11, 16)} UTC (the skipped references below say which).`,
          '',
        ]),
    ...list(
      'Open pull requests',
      (pulls?.open ?? []).map((p) => {
        const pushed =
          pulls?.personPushed.some((x) => x.number === p.number) === true
            ? ' (someone pushed to this branch, so freshbase leaves it alone; comment `/freshbase rebase` to hand it back)'
            : '';
        return `- #${p.number} ${cell(p.title)}${pushed}`;
      }),
      'None.',
    ),
    ...list(
      'Pending updates',
      (pulls?.pending ?? []).map((p) => `- ${cell(p.title)}: waiting, ${p.reason}`),
    ),
    ...list(
      'Declined versions',
      view.state.declined.map(
        (i) =>
          `- ${i.image} ${i.version.startsWith('major:') ? `major line ${i.version.slice(6)}` : i.version}${i.pr === undefined ? '' : ` (closed #${i.pr})`}`,
      ),
    ),
    ...(skippedRows.length > 0
      ? ['## Skipped references', '', '| Where | Reference | Reason |', '| --- | --- | --- |', ...skippedRows, '']
      : []),
    `${upToDate} reference${upToDate === 1 ? ' is' : 's are'} up to date${describeImages(view.proposals)}.`,
    '',
    ...view.sections,
    ...(view.state.scheduledAt === undefined ? [] : [`Last scheduled pass: ${view.state.scheduledAt}`, '']),
    `${SCAN_LINE}${view.scannedAt}`,
    '',
    renderMarker('dashboard', { ...view.state, scannedAt: view.scannedAt }),
  ].join('\n');
}

function describeImages(proposals: readonly Proposal[]): string {
  const images = [...new Set(proposals.flatMap((p) => (p.ref.name === null ? [] : [formatRepository(p.ref.name)])))];
  return images.length === 0 ? '' : ` (images: ${images.slice(0, 20).join(', ')}${images.length > 20 ? ', …' : ''})`;
}

/** The body without what changes at every scan (the time), to tell whether anything else changed. */
export function stableDashboardText(body: string): string {
  return body
    .split('\n')
    .filter((line) => !line.startsWith(SCAN_LINE) && !line.startsWith('<!-- freshbase:dashboard '))
    .join('\n');
}

/** Whether the recheck box is ticked in a body a person edited. */
export function isRecheckTicked(body: string | null | undefined): boolean {
  return body !== null && body !== undefined && /^- \[[xX]\] <!-- freshbase:recheck -->/m.test(body);
}
