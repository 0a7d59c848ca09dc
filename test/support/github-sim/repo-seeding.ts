/**
 * Owns setting up and reading back simulated repos for tests: seeding a repo with files,
 * adding installations, reading a file or a whole branch. Imports state and git writes.
 */
import { commitFileEdits, resolveAuthor, type CommitAuthor, type FileEdits } from './git-writes.js';
import type { CollaboratorRole, Installation, Repo, RepoLike, SimState } from './sim-state.js';

/** Options of {@link seedRepo}. */
export interface SeedRepoOptions {
  readonly owner: string;
  readonly name: string;
  /** Files of the initial commit on the default branch. @default {} (an empty tree) */
  readonly files?: FileEdits;
  /** @default 'main' */
  readonly defaultBranch?: string;
  /** @default false */
  readonly archived?: boolean;
  /** @default false */
  readonly fork?: boolean;
  /** @default false */
  readonly private?: boolean;
  /** No commits and no branches at all (GitHub answers 409/404 for git reads). @default false */
  readonly empty?: boolean;
  /** @default 'Organization' */
  readonly ownerType?: 'Organization' | 'User';
  /** Collaborator roles by login (the owner is always admin). @default {} */
  readonly collaborators?: Readonly<Record<string, CollaboratorRole>>;
  /** Author of the initial commit. @default { login: owner } */
  readonly author?: CommitAuthor;
}

/** Creates a repo with one initial commit holding `files` (unless `empty`). */
export function seedRepo(state: SimState, options: SeedRepoOptions): Repo {
  const repo = state.createRepo({
    owner: options.owner,
    name: options.name,
    defaultBranch: options.defaultBranch ?? 'main',
    ownerType: options.ownerType ?? 'Organization',
  });
  repo.archived = options.archived ?? false;
  repo.fork = options.fork ?? false;
  repo.private = options.private ?? false;
  for (const [login, role] of Object.entries(options.collaborators ?? {})) {
    repo.collaborators.set(login.toLowerCase(), role);
    state.account(login);
  }
  if (options.empty !== true) {
    commitFileEdits(state, repo, {
      branch: repo.defaultBranch,
      files: options.files ?? {},
      message: 'Initial commit',
      author: resolveAuthor(state, options.author ?? { login: options.owner }, state.now()),
    });
  }
  return repo;
}

/** Options of {@link addInstallation}. */
export interface InstallationOptions {
  /** The account (user or organization) the app is installed on. */
  readonly account: string;
  /** @default 'Organization' */
  readonly accountType?: 'Organization' | 'User';
  /** `'all'` or the repo names (without owner) the installation may use. @default 'all' */
  readonly repositories?: 'all' | readonly string[];
  /** @default { contents: 'write', pull_requests: 'write', issues: 'write', actions: 'write', metadata: 'read' } */
  readonly permissions?: Record<string, 'read' | 'write' | 'admin'>;
  /** @default ['push', 'pull_request', 'issues', 'issue_comment'] */
  readonly events?: readonly string[];
  /** @default a fresh id */
  readonly id?: number;
}

const DEFAULT_PERMISSIONS = {
  contents: 'write',
  pull_requests: 'write',
  issues: 'write',
  actions: 'write',
  metadata: 'read',
} as const;

/** Installs the app on an account. */
export function addInstallation(state: SimState, options: InstallationOptions): Installation {
  const selected = options.repositories === undefined || options.repositories === 'all' ? undefined : options.repositories;
  const installation: Installation = {
    id: options.id ?? state.nextId(),
    account: state.account(options.account, options.accountType ?? 'Organization'),
    repositorySelection: selected === undefined ? 'all' : 'selected',
    repositories: new Set((selected ?? []).map((name) => name.toLowerCase())),
    permissions: options.permissions ?? { ...DEFAULT_PERMISSIONS },
    events: [...(options.events ?? ['push', 'pull_request', 'issues', 'issue_comment'])],
    createdAt: state.now(),
  };
  if (state.installations.has(installation.id)) throw new Error(`github-sim: installation ${installation.id} exists`);
  state.installations.set(installation.id, installation);
  return installation;
}

/** The text of `path` at `ref` (branch, tag or commit id), or undefined when absent. */
export function readFile(state: SimState, repoLike: RepoLike, ref: string, path: string): string | undefined {
  const repo = state.getRepo(repoLike);
  const sha = repo.git.resolveCommitish(ref);
  const tree = sha === undefined ? undefined : repo.git.getCommit(sha)?.tree;
  const entry = tree === undefined ? undefined : repo.git.lookupPath(tree, path);
  return entry?.type === 'blob' ? repo.git.getBlob(entry.sha)?.toString('utf8') : undefined;
}

/** Every file on a branch as `{ path: text }`; throws when the branch does not exist. */
export function getBranchFiles(state: SimState, repoLike: RepoLike, branch: string): Record<string, string> {
  const repo = state.getRepo(repoLike);
  const tip = repo.git.branchTip(branch);
  const tree = tip === undefined ? undefined : repo.git.getCommit(tip)?.tree;
  if (tree === undefined) throw new Error(`github-sim: ${repo.owner.login}/${repo.name} has no branch ${branch}`);
  const files: Record<string, string> = {};
  for (const [path, entry] of repo.git.flattenTree(tree)) {
    files[path] = repo.git.getBlob(entry.sha)?.toString('utf8') ?? '';
  }
  return files;
}
