/**
 * Owns the simulator's lifecycle and test-facing API: starting a `node:http` server on
 * 127.0.0.1, wiring route table, handlers, auth, log and state, sending webhooks, and
 * the helpers scenario tests call. Imports every github-sim module; nothing in src/.
 * Must not reach any host but 127.0.0.1 (webhook targets are the tests' own servers).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenRegistry } from './app-auth.js';
import type { FileEdits } from './git-writes.js';
import { actionsHandlers } from './handlers-actions.js';
import { createAppHandlers } from './handlers-app.js';
import { gitHandlers } from './handlers-git.js';
import { issueHandlers } from './handlers-issues.js';
import { pullHandlers } from './handlers-pulls.js';
import { repoHandlers } from './handlers-repos.js';
import { createRequestListener } from './http-server.js';
import { RateLimits } from './rate-limits.js';
import * as actions from './person-actions.js';
import type { InstallationOptions } from './repo-seeding.js';
import {
  RequestLog,
  type FaultRule,
  type HoldRule,
  type RequestFilter,
  type RequestHold,
  type RequestRecord,
  type Violation,
} from './request-log.js';
import type { RouteHandlers } from './route-handler.js';
import { loadRouteTable } from './route-table.js';
import type { ShapeContext } from './shapes-repo.js';
import { SimulatedGitHub } from './simulated-github.js';
import { SimState, type RepoLike } from './sim-state.js';
import { sendWebhook, type WebhookDelivery } from './webhook-delivery.js';
import { createPayloadBuilders, type PayloadBuilders } from './payload-builders.js';

/** Options of {@link startGitHubSimulator}. */
export interface GitHubSimulatorOptions {
  /** @default 12345 */
  readonly appId?: number;
  /** The app's slug; its bot user is `<slug>[bot]`. @default 'freshbase' */
  readonly appSlug?: string;
  /** PEM private key the app signs JWTs with. @default an RSA 2048 key generated once per process (`sim.app.privateKey`) */
  readonly privateKey?: string;
  /** Secret webhooks are signed with. @default 'freshbase-test-secret' */
  readonly webhookSecret?: string;
  /** Where webhooks go; also settable with `setWebhookTarget`. @default none (helpers skip delivery) */
  readonly webhookUrl?: string;
  /** Clock for created_at/updated_at/expires_at and commit dates. @default () => new Date() */
  readonly now?: () => Date;
  /** Recursive trees with more entries are cut and `truncated: true`. @default 100_000 */
  readonly truncateTreesOver?: number;
  /** Hourly primary rate limit of each installation and of the app, unless `setRateLimit` says otherwise. @default 5000 */
  readonly rateLimit?: number;
}

/** A webhook result: the delivery, or undefined when no webhook target is set. */
export type MaybeDelivery = WebhookDelivery | undefined;

function allHandlers(tokens: TokenRegistry): RouteHandlers {
  return {
    ...createAppHandlers(tokens),
    ...repoHandlers,
    ...gitHandlers,
    ...pullHandlers,
    ...issueHandlers,
    ...actionsHandlers,
  };
}

/** A running GitHub REST simulator. Create with {@link startGitHubSimulator}. */
export class GitHubSimulator extends SimulatedGitHub {
  readonly #log = new RequestLog();
  readonly #tokens = new TokenRegistry();
  readonly #server: Server;
  readonly #secret: string;
  readonly #deliveries: WebhookDelivery[] = [];
  readonly #rateLimits: RateLimits;
  #webhookUrl: string | undefined;
  #url = '';

  /** @internal Use {@link startGitHubSimulator}. */
  constructor(options: GitHubSimulatorOptions & { privateKey: string }) {
    const slug = options.appSlug ?? 'freshbase';
    super(
      new SimState({
        app: { id: options.appId ?? 12345, slug, name: slug, privateKey: options.privateKey },
        appOwner: 'freshbase-dev',
        now: options.now ?? (() => new Date()),
      }),
    );
    this.state.truncateTreesOver = options.truncateTreesOver ?? 100_000;
    this.#rateLimits = new RateLimits(this.state.now, options.rateLimit);
    this.#secret = options.webhookSecret ?? 'freshbase-test-secret';
    this.#webhookUrl = options.webhookUrl;
    const routes = loadRouteTable();
    const handlers = allHandlers(this.#tokens);
    for (const key of Object.keys(handlers)) {
      if (!routes.has(key)) throw new Error(`github-sim: handler for ${key}, which is not a GitHub route`);
    }
    this.#server = createServer(
      createRequestListener({
        routes,
        handlers,
        state: this.state,
        log: this.#log,
        tokens: this.#tokens,
        publicKey: createPublicKey(createPrivateKey(options.privateKey)),
        apiUrl: () => this.#url,
        rateLimits: this.#rateLimits,
      }),
    );
  }

  /** @internal */
  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => {
        resolve();
      });
    });
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /**
   * Sets an installation's hourly primary rate limit (5,000 unless set), optionally with `used`
   * requests already spent in its current window: past the limit, requests get GitHub's 403.
   */
  setRateLimit(installationId: number, limit: number, used?: number): void {
    this.#rateLimits.setLimit(String(installationId), limit, used);
  }

  /** Requests that counted against an installation's primary rate limit in its current window (a 304 does not). */
  rateLimitUsed(installationId: number): number {
    return this.#rateLimits.used(String(installationId));
  }

  /** Base URL for Octokit's `baseUrl` (`/api/v3` appended also works). */
  get url(): string {
    return this.#url;
  }

  /** The app: id, slug, private key, bot login. */
  get app(): { id: number; slug: string; privateKey: string; botLogin: string } {
    const { app } = this.state;
    return { id: app.id, slug: app.slug, privateKey: app.privateKey, botLogin: app.bot.login };
  }

  /** The secret webhooks are signed with. */
  get webhookSecret(): string {
    return this.#secret;
  }

  /** Every request answered since start or {@link resetLog}. */
  get requests(): readonly RequestRecord[] {
    return this.#log.requests;
  }

  /** Requests to unknown or unimplemented routes, and simulator failures; expect it empty. */
  get violations(): readonly Violation[] {
    return this.#log.violations;
  }

  /** Webhooks sent, oldest first. */
  get deliveries(): readonly WebhookDelivery[] {
    return this.#deliveries;
  }

  /** Stops the server (open keep-alive sockets are closed). */
  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) => {
      this.#server.close((error) => {
        if (error === undefined) resolve();
        else reject(error);
      });
    });
  }

  /** Counts logged requests, e.g. `{ writesOnly: true }` or `{ method: 'POST', route: '/repos/{owner}/{repo}/pulls' }`. */
  countRequests(filter: RequestFilter = {}): number {
    return this.#log.count(filter);
  }

  /** Clears the request log and violations. */
  resetLog(): void {
    this.#log.reset();
  }

  /** Holds back requests matching `route` (and `method`) until the returned hold is released. */
  holdRequests(rule: HoldRule): RequestHold {
    return this.#log.addHold(rule);
  }

  /** Every installation token issued so far (tests search what the app wrote and logged for them). */
  get issuedTokens(): readonly string[] {
    return this.#tokens.list();
  }

  /** Makes the next `times` requests matching `route` (and `method`) fail with `status`. */
  failNext(rule: FaultRule): void {
    this.#log.addFault(rule);
  }

  /** Issues an installation token for plain `new Octokit({ auth: token, baseUrl: sim.url })`. */
  createInstallationToken(installationId: number, options: { repositories?: readonly string[] } = {}): string {
    if (!this.state.installations.has(installationId)) throw new Error(`github-sim: no installation ${installationId}`);
    const expiresAt = new Date(this.state.now().getTime() + 3_600_000);
    return this.#tokens.issue({ installationId, expiresAt, ...options }).token;
  }

  /** Sets (or clears) where webhooks go. */
  setWebhookTarget(url: string | undefined): void {
    this.#webhookUrl = url;
  }

  /** Sends a signed webhook to the target; returns the target's HTTP status. Throws without a target. */
  async deliver(event: string, payload: unknown): Promise<number> {
    const delivery = await this.#send(event, payload);
    if (delivery === undefined) throw new Error('github-sim: no webhook target; pass webhookUrl or call setWebhookTarget');
    return delivery.status;
  }

  async #send(event: string, payload: unknown): Promise<MaybeDelivery> {
    if (this.#webhookUrl === undefined) return undefined;
    const url = this.#webhookUrl;
    const delivery = await sendWebhook({ url, secret: this.#secret, event, payload, appId: this.state.app.id });
    this.#deliveries.push(delivery);
    return delivery;
  }

  get #shapes(): ShapeContext {
    return { state: this.state, apiUrl: this.#url };
  }

  /** Payload builders for hand-made deliveries: `sim.deliver('push', sim.payloads.push(...))`. */
  get payloads(): PayloadBuilders {
    return createPayloadBuilders(this.#shapes);
  }

  /** A person pushes a commit to `branch` (created from the default branch if new); delivers `push`. */
  async pushFiles(
    repo: RepoLike,
    branch: string,
    files: FileEdits,
    options: actions.PushOptions,
  ): Promise<{ sha: string; delivery: MaybeDelivery }> {
    const { sha, webhook } = actions.pushCommit(this.#shapes, repo, { branch, files, ...options });
    return { sha, delivery: await this.#send(webhook.event, webhook.payload) };
  }

  /**
   * A person merges a pull request; delivers `pull_request.closed` (and with `alsoPush`,
   * the `push` to the base branch GitHub also sends). Returns the new base tip.
   */
  async mergePullRequest(
    repo: RepoLike,
    number: number,
    options: actions.MergeOptions & { alsoPush?: boolean },
  ): Promise<{ sha: string; delivery: MaybeDelivery; pushDelivery: MaybeDelivery }> {
    const { sha, webhooks } = actions.mergePullRequest(this.#shapes, repo, number, options);
    const delivery = await this.#send(webhooks[0].event, webhooks[0].payload);
    const pushDelivery = options.alsoPush === true ? await this.#send(webhooks[1].event, webhooks[1].payload) : undefined;
    return { sha, delivery, pushDelivery };
  }

  /** A person closes a pull request unmerged; delivers `pull_request.closed`. */
  async closePullRequest(repo: RepoLike, number: number, options: { by: string }): Promise<{ delivery: MaybeDelivery }> {
    const webhook = actions.closePullRequest(this.#shapes, repo, number, options);
    return { delivery: await this.#send(webhook.event, webhook.payload) };
  }

  /** A person comments on an issue or pull request; delivers `issue_comment.created`. */
  async commentOnIssue(
    repo: RepoLike,
    number: number,
    options: { by: string; body: string },
  ): Promise<{ id: number; delivery: MaybeDelivery }> {
    const { id, webhook } = actions.commentOnIssue(this.#shapes, repo, number, options);
    return { id, delivery: await this.#send(webhook.event, webhook.payload) };
  }

  /** A person edits an issue's title/body (e.g. ticks a checkbox); delivers `issues.edited`. */
  async editIssue(
    repo: RepoLike,
    number: number,
    options: { by: string; title?: string; body?: string },
  ): Promise<{ delivery: MaybeDelivery }> {
    const webhook = actions.editIssue(this.#shapes, repo, number, options);
    return { delivery: await this.#send(webhook.event, webhook.payload) };
  }

  /** A person installs the app; delivers `installation.created`. */
  async installApp(options: InstallationOptions & { by: string }): Promise<{ id: number; delivery: MaybeDelivery }> {
    const { id, webhook } = actions.installApp(this.#shapes, options);
    return { id, delivery: await this.#send(webhook.event, webhook.payload) };
  }

  /** A person adds repos to a `selected` installation; delivers `installation_repositories.added`. */
  async addInstallationRepos(
    installationId: number,
    options: { names: readonly string[]; by: string },
  ): Promise<{ delivery: MaybeDelivery }> {
    const webhook = actions.addInstallationRepos(this.#shapes, installationId, options);
    return { delivery: await this.#send(webhook.event, webhook.payload) };
  }
}

let sharedTestKey: string | undefined;

/** One RSA 2048 key per test process (generating one per simulator costs ~100 ms). */
function getSharedTestKey(): string {
  sharedTestKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return sharedTestKey;
}

/** Starts a simulator on 127.0.0.1 with a random port. Close it with `sim.close()`. */
export async function startGitHubSimulator(options: GitHubSimulatorOptions = {}): Promise<GitHubSimulator> {
  const sim = new GitHubSimulator({ ...options, privateKey: options.privateKey ?? getSharedTestKey() });
  await sim.listen();
  return sim;
}
