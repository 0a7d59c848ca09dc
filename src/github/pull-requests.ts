/**
 * Pull request maintenance: compute the desired pull requests (one per update group),
 * read the current ones (open freshbase pull requests, their markers, freshbase branches),
 * and write only the difference. Never a duplicate; a branch a person pushed to is left
 * alone; incomplete data (a registry error) never closes, rebuilds or retitles a pull request
 * of that image.
 */
import type { RepoConfig } from '../config/schema.js';
import type { UpdateGroup } from '../plan/index.js';
import { deleteBranch, setBranch } from './commits.js';
import { parseMarker, PrState, replaceMarker } from './markers.js';
import { declinedVersionOf, slugify, type DeclinedVersion } from '../plan/index.js';
import {
  applySetup,
  closePullRequest,
  commitGroup,
  createLabelKeeper,
  openPullRequest,
  type LabelKeeper,
  type PullExtras,
} from './pr-writes.js';
import { prItems, renderPrBody, renderPrTitle } from './render/pull-request.js';
import { groupSecurity, type GroupSecurity } from './render/security.js';
import type { ScanSecurity } from '../scan/types.js';
import type { RepoFile } from './repo-source.js';
import type { GitHub, RepoRef, RepoSnapshot } from './types.js';

/** The label of a pull request that moves references off a line past or near its end of life. */
export const END_OF_LIFE_LABEL = 'end-of-life';
/**
 * The labels of a new pull request: the config's, `security` for digest refreshes of pinned
 * references, `end-of-life` for a move off a line past or near its end of life (the plan says which).
 */
export function labelsOf(group: Pick<UpdateGroup, 'updateType' | 'items' | 'eol'>, config: Pick<RepoConfig, 'pullRequests'>): string[] {
  const pinned = group.updateType === 'digest' && group.items.some((i) => i.proposal.ref.name?.digest !== undefined);
  return [...config.pullRequests.labels, ...(pinned ? ['security'] : []), ...(group.eol === undefined ? [] : [END_OF_LIFE_LABEL])];
}

/** Branches freshbase owns start with this. */
export const BRANCH_PREFIX = 'freshbase/';

/**
 * The branch of an update group: `freshbase/` and the group key, which is made only of
 * `[a-z0-9._-]` from a validated image name and tag; runs of dots (which git refuses in a ref
 * name) and a `.lock` ending are rewritten so the name is always a valid branch.
 */
export function branchOf(group: Pick<UpdateGroup, 'key'>): string {
  return `${BRANCH_PREFIX}${group.key.replace(/\.{2,}/g, '.').replace(/\.lock$/, '-lock')}`;
}

/** An open freshbase pull request as read from GitHub, with what freshbase sets on it. */
export interface OpenPull extends PullExtras {
  number: number;
  title: string;
  url: string;
  branch: string;
  /** The branch it merges into. */
  base: string;
  body: string;
  createdAt: string;
  state: PrState | null;
}

/** What maintenance did and saw, for the dashboard. */
export interface PullReport {
  open: { number: number; title: string; url: string; group: string }[];
  pending: { group: string; title: string; reason: string }[];
  personPushed: { number: number; url: string; group: string }[];
  closed: { number: number; reason: string }[];
}

/** Input of `reconcilePullRequests`. */
export interface ReconcileInput {
  octokit: GitHub;
  repo: RepoSnapshot;
  groups: readonly UpdateGroup[];
  files: ReadonlyMap<string, RepoFile>;
  config: RepoConfig;
  now: Date;
  /** Images whose lookups failed: their open pull requests are left exactly as they are on this data. */
  incompleteImages: ReadonlySet<string>;
  /** Pull requests a maintainer asked to rebase (`/freshbase rebase`), even if a person pushed. */
  forceRebase?: ReadonlySet<number>;
  /** The app's bot login: only its own pull requests are maintained. */
  botLogin: string;
  /** What each update fixes (the scan's security step); a group without reports gets no security part. */
  security?: ScanSecurity;
}

/** A pull request as `pulls.list` returns it, the fields that say who made it and from where. */
interface ListedPull {
  user: { login: string } | null;
  head: { ref: string; repo: { full_name?: string } | null };
  base: { ref?: string; repo: { full_name?: string } | null };
}

/**
 * Whether freshbase made this pull request: opened by the app itself (`botLogin`), from a
 * `freshbase/` branch of the repository itself (not a fork). Only such pull requests are
 * maintained, closed, or read for markers and declines; a copy made by anyone else is ignored.
 */
export function isOwnPull(pull: ListedPull, repo: RepoRef, botLogin: string): boolean {
  const fullName = `${repo.owner}/${repo.name}`.toLowerCase();
  return (
    pull.user?.login === botLogin &&
    pull.head.ref.startsWith(BRANCH_PREFIX) &&
    pull.head.repo?.full_name?.toLowerCase() === fullName &&
    (pull.base.repo?.full_name?.toLowerCase() ?? fullName) === fullName
  );
}

/** Lists the open pull requests freshbase made (`isOwnPull`). */
export async function listOpenPulls(octokit: GitHub, repo: RepoSnapshot, botLogin: string): Promise<OpenPull[]> {
  const pulls = await octokit.paginate(octokit.rest.pulls.list, { owner: repo.owner, repo: repo.name, state: 'open', per_page: 100 });
  return pulls
    .filter((pull) => isOwnPull(pull, repo, botLogin))
    .map((pull) => ({
      number: pull.number,
      title: pull.title,
      url: pull.html_url,
      branch: pull.head.ref,
      base: pull.base.ref,
      body: pull.body ?? '',
      labels: pull.labels.map((label) => label.name),
      assignees: (pull.assignees ?? []).map((user) => user.login),
      requestedReviewers: (pull.requested_reviewers ?? []).map((user) => user.login),
      requestedTeams: (pull.requested_teams ?? []).map((team) => team.slug),
      createdAt: pull.created_at,
      state: parseMarker(pull.body, 'pr', PrState),
    }));
}

/**
 * Versions declined by closing a freshbase pull request (`isOwnPull`) without merging it (the
 * most recently updated hundred closed pull requests; the dashboard keeps older ones).
 */
export async function listDeclined(octokit: GitHub, repo: RepoSnapshot, botLogin: string): Promise<DeclinedVersion[]> {
  const { data } = await octokit.rest.pulls.list({
    owner: repo.owner,
    repo: repo.name,
    state: 'closed',
    sort: 'updated',
    direction: 'desc',
    per_page: 100,
  });
  const declined: DeclinedVersion[] = [];
  for (const pull of data) {
    if (!isOwnPull(pull, repo, botLogin) || pull.merged_at !== null) continue;
    const state = parseMarker(pull.body, 'pr', PrState);
    if (state === null || state.retired === true) continue;
    for (const item of state.items) {
      const version = declinedVersionOf({ type: item.type, tag: item.to, digest: item.digest });
      if (version !== null) declined.push({ image: item.image, version, pr: pull.number });
    }
  }
  return declined;
}

async function listBranches(octokit: GitHub, repo: RepoSnapshot): Promise<Map<string, string>> {
  const { data } = await octokit.rest.git.listMatchingRefs({ owner: repo.owner, repo: repo.name, ref: `heads/${BRANCH_PREFIX}` });
  return new Map(data.map((ref) => [ref.ref.slice('refs/heads/'.length), ref.object.sha]));
}

function sameItems(a: PrState['items'], b: PrState['items']): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The marker state of a body, with the security fingerprint when there is one. */
function stateOf(base: Omit<PrState, 'security'>, security: GroupSecurity | undefined): PrState {
  return security === undefined ? base : { ...base, security: security.fingerprint };
}

/**
 * Whether an otherwise unchanged pull request's body is rewritten for its security part: only
 * when the new reports are final (OSV answered, or no SBOM is published) and their summary lines
 * differ from the ones recorded. A scan during an OSV outage, or one whose OSV answers (cached
 * for 6 hours) say the same, writes nothing.
 */
function securityChanged(state: PrState, security: GroupSecurity | undefined): security is GroupSecurity {
  return security !== undefined && security.conclusive && state.security !== security.fingerprint;
}

/** One pass's view of the repository: its pull requests, branches and labels. */
interface PassContext {
  input: ReconcileInput;
  branches: Map<string, string>;
  labels: LabelKeeper;
  report: PullReport;
}

/**
 * Brings an open pull request to its whole desired state: its content (a new commit when the
 * marker's items, base or head no longer match, unless a person pushed), its title, its base
 * branch, and its labels, assignees and reviewers. Each write is made only when it is missing,
 * so a crash between two writes of an earlier pass heals here, and an up-to-date one costs none.
 */
async function maintainPull(pass: PassContext, group: UpdateGroup, existing: OpenPull): Promise<void> {
  const { octokit, repo, now, config } = pass.input;
  const branch = branchOf(group);
  const title = renderPrTitle(group);
  const items = prItems(group);
  const branchSha = pass.branches.get(branch);
  const state = existing.state;
  const upToDate = state !== null && sameItems(state.items, items) && state.base === repo.headSha && branchSha === state.head;
  const entry = { number: existing.number, url: existing.url, group: group.key };
  if (!upToDate) {
    const personPushed = state !== null && branchSha !== undefined && branchSha !== state.head;
    if (personPushed && pass.input.forceRebase?.has(existing.number) !== true) {
      pass.report.personPushed.push(entry);
      pass.report.open.push({ ...entry, title: existing.title });
      return;
    }
  }
  const update: { title?: string; body?: string; base?: string } = {};
  const security = groupSecurity(group, pass.input.security);
  if (upToDate && securityChanged(state, security)) update.body = renderPrBody(group, stateOf(state, security), now, security);
  if (!upToDate) {
    const head = await commitGroup(octokit, repo, { group, baseSha: repo.headSha, files: pass.input.files, title });
    await setBranch(octokit, repo, branch, head, branchSha !== undefined);
    update.body = renderPrBody(group, stateOf({ group: group.key, base: repo.headSha, head, items }, security), now, security);
  }
  if (!upToDate || existing.title !== title) update.title = title;
  if (existing.base !== repo.defaultBranch) update.base = repo.defaultBranch;
  if (Object.keys(update).length > 0)
    await octokit.rest.pulls.update({ owner: repo.owner, repo: repo.name, pull_number: existing.number, ...update });
  await applySetup(octokit, repo, {
    number: existing.number,
    setup: { labels: labelsOf(group, config), config },
    current: existing,
    labels: pass.labels,
  });
  pass.report.open.push({ ...entry, title });
}

/** Brings the repository's freshbase pull requests in line with `groups`. */
export async function reconcilePullRequests(input: ReconcileInput): Promise<PullReport> {
  const { octokit, repo, config, now } = input;
  const report: PullReport = { open: [], pending: [], personPushed: [], closed: [] };
  const pulls = await listOpenPulls(octokit, repo, input.botLogin);
  const branches = await listBranches(octokit, repo);
  const pass: PassContext = { input, branches, labels: createLabelKeeper(octokit, repo), report };
  const byBranch = new Map(pulls.map((pull) => [pull.branch, pull]));
  let openCount = pulls.length;
  let createdLastHour = pulls.filter((pull) => now.getTime() - Date.parse(pull.createdAt) < 3_600_000).length;
  const desired = new Set<string>();
  for (const group of input.groups) {
    const branch = branchOf(group);
    desired.add(branch);
    const title = renderPrTitle(group);
    const security = groupSecurity(group, input.security);
    const existing = byBranch.get(branch);
    if (existing !== undefined && input.incompleteImages.has(group.image)) {
      // Some of this image's facts are missing: its open pull request stays exactly as it is (no rebuild, no retitle).
      report.open.push({ number: existing.number, title: existing.title, url: existing.url, group: group.key });
      continue;
    }
    if (existing !== undefined) {
      await maintainPull(pass, group, existing);
      continue;
    }
    if (openCount >= config.pullRequests.limit) {
      report.pending.push({ group: group.key, title, reason: `the limit of ${config.pullRequests.limit} open pull requests is reached` });
      continue;
    }
    if (createdLastHour >= config.pullRequests.hourlyLimit) {
      report.pending.push({
        group: group.key,
        title,
        reason: `${config.pullRequests.hourlyLimit} pull requests were opened in the last hour`,
      });
      continue;
    }
    const items = prItems(group);
    const head = await commitGroup(octokit, repo, { group, baseSha: repo.headSha, files: input.files, title });
    // A branch left without its pull request (a crash, a person who closed it and deleted nothing) is moved, not created.
    await setBranch(octokit, repo, branch, head, branches.has(branch));
    const body = renderPrBody(group, stateOf({ group: group.key, base: repo.headSha, head, items }, security), now, security);
    const setup = { labels: labelsOf(group, config), config };
    const { number, url } = await openPullRequest(octokit, repo, { branch, title, body, setup, labels: pass.labels });
    openCount += 1;
    createdLastHour += 1;
    report.open.push({ number, title, url, group: group.key });
  }
  await retireStale({ ...input, pulls, branches, desired, report });
  return report;
}

/** Closes pull requests no group wants any more and deletes orphan freshbase branches. */
async function retireStale(
  input: ReconcileInput & { pulls: OpenPull[]; branches: Map<string, string>; desired: Set<string>; report: PullReport },
): Promise<void> {
  const { octokit, repo, report } = input;
  const desiredImages = new Map([...input.groups].map((g) => [branchOf(g), g.image]));
  for (const pull of input.pulls) {
    if (input.desired.has(pull.branch)) continue;
    const image = pull.state?.items[0]?.image;
    if (image === undefined || input.incompleteImages.has(image)) continue;
    const successor = [...desiredImages].find(([, other]) => other === image);
    const reason =
      successor === undefined
        ? 'freshbase closes this pull request: it is no longer needed (the update is in the default branch, or the reference changed).'
        : `freshbase closes this pull request: it is superseded by the newer proposal on \`${successor[0]}\`.`;
    const retired = pull.state === null ? undefined : replaceMarker(pull.body, 'pr', { ...pull.state, retired: true });
    await closePullRequest(octokit, repo, { number: pull.number, comment: reason, ...(retired === undefined ? {} : { body: retired }) });
    const ours = pull.state !== null && input.branches.get(pull.branch) === pull.state.head;
    if (ours) await deleteBranch(octokit, repo, pull.branch);
    report.closed.push({ number: pull.number, reason });
  }
  const withPull = new Set(input.pulls.map((pull) => pull.branch));
  for (const branch of input.branches.keys()) {
    if (input.desired.has(branch) || withPull.has(branch)) continue;
    const key = branch.slice(BRANCH_PREFIX.length);
    const image = [...input.incompleteImages].find((name) => key.startsWith(`${slugify(name)}-`));
    if (image !== undefined) continue;
    await deleteBranch(octokit, repo, branch);
  }
}
