/**
 * The dashboard issue: found by title and author, read for its state (declined versions,
 * rebuilds), and written only when what it shows changed (or its scan time is a day old).
 */
import { DashboardState, parseMarker } from './markers.js';
import { DASHBOARD_TITLE, stableDashboardText } from './render/dashboard.js';
import type { GitHub, RepoRef } from './types.js';

/** The dashboard issue as read. */
export interface Dashboard {
  number: number;
  body: string;
  state: DashboardState;
}

/** How old the shown scan time may get before an otherwise unchanged dashboard is rewritten. @default 24h */
export const SCAN_TIME_REFRESH_MS = 24 * 3_600_000;

/** Finds the open dashboard issue freshbase made (opened by `botLogin`), if any. */
export async function findDashboard(octokit: GitHub, repo: RepoRef, botLogin: string): Promise<Dashboard | null> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    owner: repo.owner,
    repo: repo.name,
    state: 'open',
    creator: botLogin,
    per_page: 100,
  });
  // The `creator` filter is GitHub's; the author is checked again here, since only the app's own body holds its state.
  const issue = issues.find((i) => i.title === DASHBOARD_TITLE && i.pull_request === undefined && i.user?.login === botLogin);
  if (issue === undefined) return null;
  const body = issue.body ?? '';
  return { number: issue.number, body, state: parseMarker(body, 'dashboard', DashboardState) ?? { declined: [] } };
}

/** Creates or updates the dashboard when its content changed. */
export async function writeDashboard(
  octokit: GitHub,
  repo: RepoRef,
  input: { existing: Dashboard | null; body: string; now: Date },
): Promise<void> {
  const { existing, body } = input;
  if (existing === null) {
    await octokit.rest.issues.create({ owner: repo.owner, repo: repo.name, title: DASHBOARD_TITLE, body });
    return;
  }
  const shownAt = existing.state.scannedAt === undefined ? 0 : Date.parse(existing.state.scannedAt);
  const fresh = input.now.getTime() - shownAt < SCAN_TIME_REFRESH_MS;
  if (fresh && stableDashboardText(existing.body) === stableDashboardText(body)) return;
  await octokit.rest.issues.update({ owner: repo.owner, repo: repo.name, issue_number: existing.number, body });
}
