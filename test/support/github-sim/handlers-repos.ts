/**
 * Owns repository read endpoints: the repo, file contents (JSON or raw), collaborator
 * permission, branches, commit history and compare. Imports state and shapes.
 */
import { ApiError, notFound } from './api-error.js';
import type { PathEntry } from './git-store.js';
import { paginate } from './paginate.js';
import { json, withInstallationToken, type HandlerContext, type HandlerResult, type RouteHandlers } from './route-handler.js';
import { renderBranch, renderCommit, renderFileChanges } from './shapes-git.js';
import { HTML_URL, renderAccount, renderRepo } from './shapes-repo.js';
import type { CollaboratorRole, Repo } from './sim-state.js';

/** Throws GitHub's 409 for a repo without commits. */
export function assertNotEmpty(repo: Repo): void {
  if (repo.git.refs.size === 0) throw new ApiError(409, 'Git Repository is empty.');
}

function contentEntry(ctx: HandlerContext, repo: Repo, entry: PathEntry, ref: string): Record<string, unknown> {
  const base = `${ctx.apiUrl}/repos/${repo.owner.login}/${repo.name}`;
  const type = entry.type === 'tree' ? 'dir' : entry.type === 'commit' ? 'submodule' : entry.mode === '120000' ? 'symlink' : 'file';
  const html = `${HTML_URL}/${repo.owner.login}/${repo.name}/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${entry.path}`;
  const gitUrl = `${base}/git/${type === 'dir' ? 'trees' : 'blobs'}/${entry.sha}`;
  const url = `${base}/contents/${entry.path}?ref=${encodeURIComponent(ref)}`;
  return {
    type,
    size: entry.size ?? 0,
    name: entry.path.split('/').pop(),
    path: entry.path,
    sha: entry.sha,
    url,
    git_url: gitUrl,
    html_url: html,
    download_url: type === 'file' ? `https://raw.githubusercontent.com/${repo.owner.login}/${repo.name}/${ref}/${entry.path}` : null,
    _links: { self: url, git: gitUrl, html },
  };
}

function getContent(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  if (repo.git.refs.size === 0) throw notFound('This repository is empty.');
  const ref = ctx.query.get('ref') ?? repo.defaultBranch;
  const sha = repo.git.resolveCommitish(ref);
  if (sha === undefined) throw notFound(`No commit found for the ref ${ref}`);
  const tree = repo.git.getCommit(sha)?.tree ?? '';
  const entry = repo.git.lookupPath(tree, ctx.param('path'));
  if (entry === undefined) throw notFound();
  if (entry.type === 'tree') {
    const children = repo.git.walkTree(entry.sha, false, entry.path);
    return json(
      200,
      children.map((child) => contentEntry(ctx, repo, child, ref)),
    );
  }
  const content = repo.git.getBlob(entry.sha) ?? Buffer.alloc(0);
  if (/application\/vnd\.github(\.v3)?\.raw/.test(String(ctx.headers.accept))) {
    return { status: 200, text: content.toString('utf8'), headers: { 'content-type': 'text/plain; charset=utf-8' } };
  }
  const base64 = content.toString('base64').replace(/(.{60})/g, '$1\n');
  return json(200, { ...contentEntry(ctx, repo, entry, ref), encoding: 'base64', content: `${base64}\n` });
}

const LEGACY_PERMISSION: Record<CollaboratorRole, 'admin' | 'write' | 'read'> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
};

function getPermission(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  const user = ctx.state.account(ctx.param('username'));
  const isOwner = user.login.toLowerCase() === repo.owner.login.toLowerCase();
  const role = isOwner ? 'admin' : repo.collaborators.get(user.login.toLowerCase());
  const fallback = repo.private ? 'none' : 'read';
  const permission = role === undefined ? fallback : LEGACY_PERMISSION[role];
  const roleName = role ?? fallback;
  return json(200, { permission, role_name: roleName, user: { ...renderAccount(ctx, user), role_name: roleName } });
}

function touchesPath(repo: Repo, sha: string, path: string): boolean {
  const commit = repo.git.getCommit(sha);
  if (commit === undefined) return false;
  const now = repo.git.lookupPath(commit.tree, path)?.sha;
  const parent = commit.parents[0] === undefined ? undefined : repo.git.getCommit(commit.parents[0]);
  const before = parent === undefined ? undefined : repo.git.lookupPath(parent.tree, path)?.sha;
  return now !== before;
}

function listCommits(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  assertNotEmpty(repo);
  const start = ctx.query.get('sha') ?? repo.defaultBranch;
  const tip = repo.git.resolveCommitish(start);
  if (tip === undefined) throw notFound(`No commit found for SHA: ${start}`);
  const path = ctx.query.get('path');
  const shas = repo.git.log(tip).filter((sha) => path === null || touchesPath(repo, sha, path));
  const page = paginate(ctx.requestUrl, shas);
  return json(
    200,
    page.items.map((sha) => renderCommit(ctx, repo, sha)),
    page.headers,
  );
}

function getCommit(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  assertNotEmpty(repo);
  const sha = repo.git.resolveCommitish(ctx.param('ref'));
  if (sha === undefined) throw new ApiError(422, `No commit found for SHA: ${ctx.param('ref')}`);
  const parent = repo.git.getCommit(sha)?.parents[0];
  const files = parent === undefined ? [] : renderFileChanges(ctx, repo, parent, sha);
  const additions = files.reduce((sum, file) => sum + Number(file.additions), 0);
  const deletions = files.reduce((sum, file) => sum + Number(file.deletions), 0);
  return json(200, { ...renderCommit(ctx, repo, sha, files), stats: { total: additions + deletions, additions, deletions } });
}

function compare(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  const [baseName, headName] = ctx.param('basehead').split('...');
  const base = baseName === undefined ? undefined : repo.git.resolveCommitish(baseName);
  const head = headName === undefined ? undefined : repo.git.resolveCommitish(headName);
  if (base === undefined || head === undefined) throw notFound();
  const mergeBase = repo.git.mergeBase(base, head);
  if (mergeBase === undefined) throw notFound(`No common ancestor between ${baseName ?? ''} and ${headName ?? ''}.`);
  const baseHistory = repo.git.ancestors(base);
  const headHistory = repo.git.ancestors(head);
  const ahead = repo.git
    .log(head)
    .filter((sha) => !baseHistory.has(sha))
    .reverse();
  const behind = [...baseHistory].filter((sha) => !headHistory.has(sha)).length;
  const status = ahead.length === 0 ? (behind === 0 ? 'identical' : 'behind') : behind === 0 ? 'ahead' : 'diverged';
  const html = `${HTML_URL}/${repo.owner.login}/${repo.name}/compare/${ctx.param('basehead')}`;
  return json(200, {
    url: `${ctx.apiUrl}/repos/${repo.owner.login}/${repo.name}/compare/${ctx.param('basehead')}`,
    html_url: html,
    permalink_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    base_commit: renderCommit(ctx, repo, base),
    merge_base_commit: renderCommit(ctx, repo, mergeBase),
    status,
    ahead_by: ahead.length,
    behind_by: behind,
    total_commits: ahead.length,
    commits: ahead.map((sha) => renderCommit(ctx, repo, sha)),
    files: renderFileChanges(ctx, repo, mergeBase, head),
  });
}

/** Repository read endpoints. */
export const repoHandlers: RouteHandlers = {
  'GET /repos/{owner}/{repo}': withInstallationToken((ctx) => json(200, renderRepo(ctx, ctx.repo()))),
  'GET /repos/{owner}/{repo}/contents/{path}': withInstallationToken(getContent),
  'GET /repos/{owner}/{repo}/collaborators/{username}/permission': withInstallationToken(getPermission),
  'GET /repos/{owner}/{repo}/branches': withInstallationToken((ctx) => {
    const repo = ctx.repo();
    const branches = repo.git.listBranches().map((name) => {
      const sha = repo.git.branchTip(name) ?? '';
      const url = `${ctx.apiUrl}/repos/${repo.owner.login}/${repo.name}/commits/${sha}`;
      return { name, commit: { sha, url }, protected: false };
    });
    const page = paginate(ctx.requestUrl, branches);
    return json(200, page.items, page.headers);
  }),
  'GET /repos/{owner}/{repo}/branches/{branch}': withInstallationToken((ctx) => {
    const repo = ctx.repo();
    const sha = repo.git.branchTip(ctx.param('branch'));
    if (sha === undefined) throw notFound('Branch not found');
    return json(200, renderBranch(ctx, repo, ctx.param('branch'), sha));
  }),
  'GET /repos/{owner}/{repo}/commits': withInstallationToken(listCommits),
  'GET /repos/{owner}/{repo}/commits/{ref}': withInstallationToken(getCommit),
  'GET /repos/{owner}/{repo}/compare/{basehead}': withInstallationToken(compare),
};
