/**
 * The app's metrics in Prometheus text format (prom-client), served on `GET /metrics`: scans,
 * proposals, pull request writes, rebuild dispatches, GitHub and registry requests and their rate
 * limits, queue depth, and Node's process metrics. Counters of things that happen are fed by the
 * app as they happen (`scanFinished`, `gitHubRequest`); figures another part already keeps (the
 * registry client's request counters and budgets, the queue's job counts) are read at scrape
 * time through collect callbacks, so there is one source for each number.
 *
 * Why a folder of its own: every part reports here and none may import another sideways, so the
 * metrics sit beside github/ and jobs/ (layer 5), take plain values, and only app.ts wires them.
 * Labels are hosts, kinds, statuses, installation ids and update types: never a URL with
 * credentials, a token, or a repository's private name.
 *
 * Owns: `createMetrics`, the metric names. May import: prom-client, lower layers' types.
 * Must not: do I/O beyond what its callbacks do, or keep anything unbounded (labels are from
 * small closed sets, or hosts and installations, which are few).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RateLimitState, RegistryStats } from '../registry/index.js';
import type { UpdateType } from '../versioning/update-types.js';

/** What happened to a run: scanned, skipped (archived, fork, disabled, nothing to do), or failed. */
export type ScanOutcome = 'scanned' | 'skipped' | 'failed';

/** One GitHub request as an Octokit hook saw it. */
export interface GitHubRequestSeen {
  method: string;
  /** The route template: `/repos/{owner}/{repo}/pulls`. */
  route: string;
  /** The answer's status; 0 when none came. */
  status: number;
  /** The installation whose token it used, or `app`. */
  installation: string;
  /** `x-ratelimit-remaining` of the answer, when it had one. */
  rateLimitRemaining?: number;
  /** The `state` parameter of the request (`closed` when a pull request is closed). */
  state?: string;
}

/** Where the scrape-time figures come from. */
export interface MetricsSources {
  registryStats?: () => RegistryStats;
  registryRateLimits?: () => readonly RateLimitState[];
  /** Jobs by state (`waiting`, `active`, `delayed`, `failed`). */
  queueCounts?: () => Promise<Readonly<Record<string, number>>>;
}

/** The app's metrics. */
export interface Metrics {
  /** A run ended: its first trigger, outcome, duration and the update types it proposed. */
  scanFinished(input: { trigger: string; outcome: ScanOutcome; seconds: number; proposals: readonly UpdateType[] }): void;
  /** A GitHub request was answered (or failed without an answer). */
  gitHubRequest(seen: GitHubRequestSeen): void;
  /** The text of a scrape, and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

/** The pull request writes counted, by route: what a write did. */
function pullRequestAction(seen: GitHubRequestSeen): 'created' | 'updated' | 'closed' | undefined {
  if (seen.status < 200 || seen.status >= 300) return undefined;
  if (seen.method === 'POST' && seen.route === '/repos/{owner}/{repo}/pulls') return 'created';
  if (seen.method === 'PATCH' && seen.route === '/repos/{owner}/{repo}/pulls/{pull_number}')
    return seen.state === 'closed' ? 'closed' : 'updated';
  return undefined;
}

const DISPATCH_ROUTE = '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches';

/** Creates the metrics on a registry of their own (tests may create several). */
export function createMetrics(sources: MetricsSources = {}): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const scans = new Counter({
    name: 'freshbase_scans_total',
    help: 'Repository runs, by first trigger and outcome.',
    labelNames: ['trigger', 'outcome'],
    registers,
  });
  const duration = new Histogram({
    name: 'freshbase_scan_duration_seconds',
    help: 'How long a repository run took, from the start of its job to its dashboard.',
    buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
    registers,
  });
  const proposals = new Counter({
    name: 'freshbase_proposals_total',
    help: 'Updates proposed, by update type.',
    labelNames: ['type'],
    registers,
  });
  const pulls = new Counter({
    name: 'freshbase_pull_requests_total',
    help: 'Pull requests created, updated and closed.',
    labelNames: ['action'],
    registers,
  });
  const dispatches = new Counter({ name: 'freshbase_rebuild_dispatches_total', help: 'Rebuild workflows dispatched.', registers });
  const github = new Counter({
    name: 'freshbase_github_requests_total',
    help: 'GitHub API requests, by answer status (0: none came).',
    labelNames: ['status'],
    registers,
  });
  const githubRemaining = new Gauge({
    name: 'freshbase_github_ratelimit_remaining',
    help: 'GitHub API requests left in the current window, by installation, as last reported.',
    labelNames: ['installation'],
    registers,
  });
  new Counter({
    name: 'freshbase_registry_requests_total',
    help: 'Registry requests answered, by endpoint host, kind and status (network: no answer).',
    labelNames: ['host', 'kind', 'status'],
    registers,
    collect() {
      const stats = sources.registryStats?.();
      if (stats === undefined) return;
      this.reset();
      for (const [host, kinds] of Object.entries(stats.byStatus))
        for (const [kind, statuses] of Object.entries(kinds))
          for (const [status, count] of Object.entries(statuses)) this.inc({ host, kind, status }, count);
    },
  });
  new Gauge({
    name: 'freshbase_registry_ratelimit_remaining',
    help: 'Counted registry requests (pulls) left, by host, as last reported (the lowest over credentials).',
    labelNames: ['host'],
    registers,
    collect() {
      const states = sources.registryRateLimits?.();
      if (states === undefined) return;
      this.reset();
      const lowest = new Map<string, number>();
      for (const state of states)
        if (state.remaining !== undefined) lowest.set(state.authority, Math.min(state.remaining, lowest.get(state.authority) ?? Infinity));
      for (const [host, remaining] of lowest) this.set({ host }, remaining);
    },
  });
  new Gauge({
    name: 'freshbase_queue_jobs',
    help: 'Repository jobs by state (of every replica, with a shared queue).',
    labelNames: ['state'],
    registers,
    async collect() {
      if (sources.queueCounts === undefined) return;
      const counts = await sources.queueCounts().catch(() => undefined);
      this.reset();
      for (const [state, count] of Object.entries(counts ?? {})) this.set({ state }, count);
    },
  });

  return {
    scanFinished({ trigger, outcome, seconds, proposals: types }) {
      scans.inc({ trigger, outcome });
      duration.observe(seconds);
      for (const type of types) proposals.inc({ type });
    },
    gitHubRequest(seen) {
      github.inc({ status: String(seen.status) });
      if (seen.rateLimitRemaining !== undefined) githubRemaining.set({ installation: seen.installation }, seen.rateLimitRemaining);
      const action = pullRequestAction(seen);
      if (action !== undefined) pulls.inc({ action });
      if (seen.method === 'POST' && seen.route === DISPATCH_ROUTE && seen.status >= 200 && seen.status < 300) dispatches.inc();
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
