/**
 * Owns the simulator's in-memory world: accounts, installations, repos (with their git
 * store), issues and pull requests, labels, collaborators, workflow runs, ids and the
 * clock. Imports `git-store`. Must not know about HTTP or JSON shapes.
 */
import { GitStore } from './git-store.js';

/** A GitHub user, organization or bot account. */
export interface Account {
  readonly login: string;
  readonly id: number;
  readonly type: 'User' | 'Organization' | 'Bot';
}

/** `owner/name` of a GitHub repository; helpers also accept the string `'owner/name'`. */
export interface RepoRef {
  readonly owner: string;
  readonly name: string;
}

/** A repo given as `{ owner, name }` or `'owner/name'`. */
export type RepoLike = RepoRef | `${string}/${string}`;

/** A collaborator's role on a repo, as `role_name` reports it. */
export type CollaboratorRole = 'admin' | 'maintain' | 'write' | 'triage' | 'read';

/** An installation of the app on an account. Mutable by tests. */
export interface Installation {
  readonly id: number;
  readonly account: Account;
  repositorySelection: 'all' | 'selected';
  /** Lower-case repo names (no owner) the installation may use when `selected`. */
  readonly repositories: Set<string>;
  /** Granted app permissions, e.g. `{ contents: 'write', metadata: 'read' }`; routes check them. */
  permissions: Record<string, 'read' | 'write' | 'admin'>;
  events: string[];
  readonly createdAt: Date;
}

/** A label defined on a repo. */
export interface Label {
  readonly id: number;
  name: string;
  color: string;
  description: string | null;
}

/** An issue or pull request comment. */
export interface IssueComment {
  readonly id: number;
  body: string;
  readonly user: Account;
  readonly createdAt: Date;
  updatedAt: Date;
}

/** The pull-request half of an issue. Head and base ids are read live while open. */
export interface PullRequest {
  readonly id: number;
  readonly headRef: string;
  /** The fork the head branch lives in; undefined when it is a branch of the repo itself. */
  readonly headRepo?: Repo;
  baseRef: string;
  draft: boolean;
  merged: boolean;
  mergedAt: Date | null;
  mergedBy: Account | null;
  mergeCommitSha: string | null;
  /** Tips frozen when the pull request closes. */
  closedShas: { head: string; base: string } | null;
  requestedReviewers: string[];
}

/** An issue; pull requests are issues with `pull` set (they share numbers). */
export interface Issue {
  readonly id: number;
  readonly number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | null;
  readonly user: Account;
  labels: string[];
  assignees: string[];
  readonly comments: IssueComment[];
  readonly createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  pull?: PullRequest;
}

/** A workflow run (only `workflow_dispatch` runs are created by the simulator). */
export interface WorkflowRun {
  readonly id: number;
  readonly workflowId: number;
  readonly path: string;
  readonly name: string;
  readonly runNumber: number;
  readonly event: 'workflow_dispatch';
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'cancelled' | null;
  readonly headBranch: string;
  readonly headSha: string;
  readonly inputs: Readonly<Record<string, string>>;
  readonly actor: Account;
  readonly createdAt: Date;
  updatedAt: Date;
}

/** A repository and everything in it. Mutable by tests (e.g. `repo.archived = true`). */
export interface Repo {
  readonly id: number;
  readonly owner: Account;
  readonly name: string;
  defaultBranch: string;
  archived: boolean;
  fork: boolean;
  private: boolean;
  description: string | null;
  readonly createdAt: Date;
  pushedAt: Date;
  readonly git: GitStore;
  /** Issues and pull requests by number. */
  readonly issues: Map<number, Issue>;
  /** Labels by lower-case name. */
  readonly labels: Map<string, Label>;
  /** Collaborator roles by lower-case login. */
  readonly collaborators: Map<string, CollaboratorRole>;
  /** Workflow file path → stable workflow id. */
  readonly workflowIds: Map<string, number>;
  readonly runs: WorkflowRun[];
}

/** The simulated GitHub App. */
export interface AppIdentity {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  /** The PEM private key the app signs JWTs with. */
  readonly privateKey: string;
  /** `<slug>[bot]`, the author of everything done with installation tokens. */
  readonly bot: Account;
  readonly owner: Account;
}

/** Splits a {@link RepoLike} into `{ owner, name }`. */
export function toRepoRef(repo: RepoLike): RepoRef {
  if (typeof repo !== 'string') return repo;
  const [owner, name, extra] = repo.split('/');
  if (owner === undefined || name === undefined || extra !== undefined) throw new Error(`not owner/name: ${repo}`);
  return { owner, name };
}

/** The whole simulated world. */
export class SimState {
  readonly installations = new Map<number, Installation>();
  /** Repos by lower-case `owner/name`. */
  readonly repos = new Map<string, Repo>();
  /** Accounts by lower-case login. */
  readonly accounts = new Map<string, Account>();
  readonly app: AppIdentity;
  readonly now: () => Date;
  /** Recursive tree listings with more entries than this are cut and `truncated: true`. */
  truncateTreesOver = 100_000;
  #nextId = 1000;

  constructor(options: { app: Omit<AppIdentity, 'bot' | 'owner'>; appOwner: string; now: () => Date }) {
    this.now = options.now;
    this.app = {
      ...options.app,
      bot: this.account(`${options.app.slug}[bot]`, 'Bot'),
      owner: this.account(options.appOwner, 'Organization'),
    };
  }

  /** A fresh numeric id (ids are unique across all kinds of objects). */
  nextId(): number {
    this.#nextId += 1;
    return this.#nextId;
  }

  /** The account named `login`, created (as `type`) on first use. */
  account(login: string, type: Account['type'] = 'User'): Account {
    const existing = this.accounts.get(login.toLowerCase());
    if (existing !== undefined) return existing;
    const created: Account = { login, id: this.nextId(), type };
    this.accounts.set(login.toLowerCase(), created);
    return created;
  }

  /** The repo, or undefined. */
  findRepo(repo: RepoLike): Repo | undefined {
    const { owner, name } = toRepoRef(repo);
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  /** The repo; throws (a test bug) when it does not exist. */
  getRepo(repo: RepoLike): Repo {
    const found = this.findRepo(repo);
    if (found === undefined) throw new Error(`github-sim: no repo ${JSON.stringify(repo)}; seed it first`);
    return found;
  }

  /** Creates an empty repo (no commits, no refs). */
  createRepo(options: { owner: string; name: string; defaultBranch: string; ownerType: Account['type'] }): Repo {
    const key = `${options.owner}/${options.name}`.toLowerCase();
    if (this.repos.has(key)) throw new Error(`github-sim: repo ${key} already exists`);
    const repo: Repo = {
      id: this.nextId(),
      owner: this.account(options.owner, options.ownerType),
      name: options.name,
      defaultBranch: options.defaultBranch,
      archived: false,
      fork: false,
      private: false,
      description: null,
      createdAt: this.now(),
      pushedAt: this.now(),
      git: new GitStore(),
      issues: new Map(),
      labels: new Map(),
      collaborators: new Map(),
      workflowIds: new Map(),
      runs: [],
    };
    this.repos.set(key, repo);
    return repo;
  }

  /** Repos the installation can use. */
  installationRepos(installation: Installation): Repo[] {
    return [...this.repos.values()].filter((repo) => installationCovers(installation, repo));
  }

  /** The installation covering the repo, if any. */
  installationFor(repo: Repo): Installation | undefined {
    return [...this.installations.values()].find((installation) => installationCovers(installation, repo));
  }
}

function installationCovers(installation: Installation, repo: Repo): boolean {
  if (installation.account.login.toLowerCase() !== repo.owner.login.toLowerCase()) return false;
  return installation.repositorySelection === 'all' || installation.repositories.has(repo.name.toLowerCase());
}

/** A pull request's head and base commit ids: live branch tips while open, frozen after. */
export function pullShas(repo: Repo, pull: PullRequest): { head: string; base: string } {
  if (pull.closedShas !== null) return pull.closedShas;
  const head = (pull.headRepo ?? repo).git.branchTip(pull.headRef);
  const base = repo.git.branchTip(pull.baseRef);
  if (head === undefined || base === undefined) {
    throw new Error(`github-sim: open pull request ${pull.headRef} → ${pull.baseRef} lost a branch`);
  }
  return { head, base };
}

/** How a user relates to a repo, as `author_association` reports it. */
export function authorAssociation(repo: Repo, account: Account): 'OWNER' | 'COLLABORATOR' | 'NONE' {
  if (account.login.toLowerCase() === repo.owner.login.toLowerCase()) return 'OWNER';
  return repo.collaborators.has(account.login.toLowerCase()) ? 'COLLABORATOR' : 'NONE';
}
