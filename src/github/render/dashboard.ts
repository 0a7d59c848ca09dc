/**
 * The dashboard issue's body: errors, when freshbase runs again after a registry's rate limit,
 * pending updates, open pull requests, lines past or near their end of life, deprecated images (render/lifecycle.ts), declined versions, the references by file kind and every
 * skipped reference with its reason (render/kinds.ts), rebuilds, the last scan time, a recheck
 * checkbox, and the hidden state markers.
 */
import { formatRepository } from '../../oci/reference.js';
import type { Proposal } from '../../plan/index.js';
import type { ImageRef } from '../../refs/index.js';
import type { OpenVulnerabilities } from '../../security/index.js';
import { renderMarker, type DashboardState } from '../markers.js';
import { fitBody, GITHUB_BODY_LIMIT, omittedNote, type BodyPart } from './budget.js';
import { text } from './markdown.js';
import type { PullReport } from '../pull-requests.js';
import { kindSummaryRows, skippedRows } from './kinds.js';
import { renderSecurityRow, securityRows } from './security.js';
import { deprecatedImageLines, endOfLifeLines } from './lifecycle.js';

/** The dashboard's title; freshbase finds its issue by it and by its author. */
export const DASHBOARD_TITLE = 'freshbase dashboard';
/** The recheck checkbox, unticked. */
export const RECHECK_BOX = '- [ ] <!-- freshbase:recheck --> Tick this box to make freshbase rescan now';
const SCAN_LINE = 'Last scan: ';
/** Longest dashboard marker JSON; past it the oldest declined versions are left out. @default 16,000 */
export const DASHBOARD_MARKER_BUDGET = 16_000;

/** What the dashboard shows. */
export interface DashboardView {
  errors: string[];
  proposals: readonly Proposal[];
  pulls: PullReport | null;
  state: DashboardState;
  /** Extra sections (rebuilds), already rendered and escaped, shown while there is room. */
  sections: string[];
  /** Hidden markers of the extra sections (the rebuild state), always kept. */
  markers?: string[];
  scannedAt: string;
  /** Known vulnerabilities of the image each reference runs now (those assessed by the scan). @default none */
  vulnerabilities?: ReadonlyMap<ImageRef, OpenVulnerabilities>;
  /** When a registry's rate limit stopped lookups: when freshbase runs the repository again (ISO 8601). */
  retryAt?: string;
}

function heading(title: string, lines: readonly string[], empty?: string): BodyPart {
  if (lines.length === 0) return empty === undefined ? {} : { head: [`## ${title}`, '', empty, ''] };
  return { head: [`## ${title}`, ''], lines, tail: [''] };
}

/**
 * The dashboard marker and the declined versions it keeps: all of them, or, when the marker
 * would pass `DASHBOARD_MARKER_BUDGET`, the newest that fit (repeats dropped first).
 */
function renderStateMarker(state: DashboardState, scannedAt: string): { marker: string; declined: DashboardState['declined'] } {
  const marker = renderMarker('dashboard', { ...state, scannedAt });
  if (marker.length <= DASHBOARD_MARKER_BUDGET) return { marker, declined: state.declined };
  const declined = [...new Map(state.declined.map((entry) => [`${entry.image}\n${entry.version}`, entry])).values()];
  for (;;) {
    const next = renderMarker('dashboard', { ...state, declined, scannedAt });
    if (next.length <= DASHBOARD_MARKER_BUDGET || declined.length === 0) return { marker: next, declined };
    declined.splice(0, Math.max(1, Math.ceil(((next.length - DASHBOARD_MARKER_BUDGET) / next.length) * declined.length)));
  }
}

/** The lines of the dashboard's lists, every value escaped. */
function listLines(
  view: DashboardView,
  kept: DashboardState['declined'],
): Record<'errors' | 'open' | 'pending' | 'declined' | 'kinds' | 'skipped', string[]> {
  const { pulls } = view;
  const dropped = view.state.declined.length - kept.length;
  const errors = [
    ...(dropped > 0
      ? [`- ${dropped} declined versions (the oldest, or repeated) are no longer kept: the dashboard's record has no room for them`]
      : []),
    ...view.errors.map((e) => `- ${text(e)}`),
  ];
  const open = (pulls?.open ?? []).map((p) => {
    const pushed =
      pulls?.personPushed.some((x) => x.number === p.number) === true
        ? ' (someone pushed to this branch, so freshbase leaves it alone; comment `/freshbase rebase` to hand it back)'
        : '';
    return `- #${p.number} ${text(p.title, 300)}${pushed}`;
  });
  const pending = (pulls?.pending ?? []).map((p) => `- ${text(p.title, 300)}: waiting, ${text(p.reason)}`);
  const declined = kept.map(
    (i) =>
      `- ${text(i.image)} ${text(i.version.startsWith('major:') ? `major line ${i.version.slice(6)}` : i.version)}${i.pr === undefined ? '' : ` (closed #${i.pr})`}`,
  );
  return { errors, open, pending, declined, kinds: kindSummaryRows(view.proposals), skipped: skippedRows(view.proposals) };
}

/** Renders the body, at most `BODY_BUDGET` characters; every value from a file, a registry or GitHub is escaped. */
export function renderDashboard(view: DashboardView): string {
  const upToDate = view.proposals.filter((p) => p.status === 'up-to-date').length;
  const { marker, declined: kept } = renderStateMarker(view.state, view.scannedAt);
  const lines = listLines(view, kept);
  return fitBody([
    {
      head: [
        'freshbase keeps the base images of this repository fresh. This issue shows what it sees; it updates itself after each scan.',
        '',
        RECHECK_BOX,
        '',
      ],
    },
    { ...heading('Errors', lines.errors), note: omittedNote('errors') },
    view.retryAt === undefined
      ? {}
      : {
          head: [
            '## Waiting for a registry',
            '',
            `A registry's rate limit stopped some lookups: freshbase runs again after ${text(view.retryAt.slice(0, 10), 10)} ${text(view.retryAt.slice(11, 16), 5)} UTC (the skipped references below say which).`,
            '',
          ],
        },
    { ...heading('Open pull requests', lines.open, 'None.'), note: omittedNote('pull requests'), priority: 1 },
    {
      ...heading('End of life', endOfLifeLines(view.proposals)),
      note: omittedNote('references past or near their end of life'),
      priority: 2,
    },
    { ...heading('Deprecated images', deprecatedImageLines(view.proposals)), note: omittedNote('deprecated images'), priority: 2 },
    { ...heading('Pending updates', lines.pending), note: omittedNote('pending updates'), priority: 2 },
    { ...heading('Declined versions', lines.declined), note: omittedNote('declined versions'), priority: 4 },
    {
      ...(lines.kinds.length === 0
        ? {}
        : {
            head: [
              '## References by file kind',
              '',
              '| Kind | Files | References | To update | Up to date | Skipped |',
              '| --- | --- | --- | --- | --- | --- |',
            ],
            lines: lines.kinds,
            tail: [''],
          }),
      priority: 3,
    },
    {
      ...(lines.skipped.length === 0
        ? {}
        : {
            head: ['## Skipped references', '', '| Kind | Where | Reference | Reason |', '| --- | --- | --- | --- |'],
            lines: lines.skipped,
            tail: [''],
          }),
      note: (omitted) => `| … | ${omitted} more, not shown (GitHub limits a body to ${GITHUB_BODY_LIMIT} characters) | | |`,
      priority: 5,
    },
    { ...vulnerabilityPart(view), priority: 3 },
    { lines: [`${upToDate} reference${upToDate === 1 ? ' is' : 's are'} up to date${describeImages(view.proposals)}.`, ''], priority: 3 },
    { lines: view.sections, note: omittedNote('lines of the rebuild section'), priority: 6 },
    {
      tail: [
        ...(view.markers ?? []).flatMap((m) => [m, '']),
        ...(view.state.scheduledAt === undefined ? [] : [`Last scheduled pass: ${text(view.state.scheduledAt, 40)}`, '']),
        `${SCAN_LINE}${text(view.scannedAt, 40)}`,
        '',
        marker,
      ],
    },
  ]);
}

/**
 * Known vulnerabilities of the images in use (from their SBOM attestations and OSV), the most
 * first, so an end-of-life or frozen base stands out: images with a proposal, and those whose
 * line is flagged (no longer rebuilt, end of life).
 */
function vulnerabilityPart(view: DashboardView): BodyPart {
  const rows = securityRows(view.proposals, view.vulnerabilities);
  if (rows.length === 0) return {};
  return {
    head: [
      '## Known vulnerabilities of the images in use',
      '',
      '| Image | Used in | Known vulnerabilities (OS packages) |',
      '| --- | --- | --- |',
    ],
    lines: rows.map(renderSecurityRow),
    tail: [''],
    note: (omitted) => `| … | ${omitted} more images, not shown | |`,
  };
}

function describeImages(proposals: readonly Proposal[]): string {
  const images = [...new Set(proposals.flatMap((p) => (p.ref.name === null ? [] : [formatRepository(p.ref.name)])))];
  return images.length === 0
    ? ''
    : ` (images: ${images
        .slice(0, 20)
        .map((image) => text(image, 300))
        .join(', ')}${images.length > 20 ? ', …' : ''})`;
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
