/**
 * Owns repository read endpoints: the repo, file contents (JSON or raw) and collaborator
 * permission. Imports state and shapes.
 */
import { ApiError, notFound } from './api-error.js';
import type { PathEntry } from './git-store.js';
import { json, withInstallationToken, type HandlerContext, type HandlerResult, type RouteHandlers } from './route-handler.js';
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

/** Repository read endpoints. */
export const repoHandlers: RouteHandlers = {
  'GET /repos/{owner}/{repo}': withInstallationToken((ctx) => json(200, renderRepo(ctx, ctx.repo()))),
  'GET /repos/{owner}/{repo}/contents/{path}': withInstallationToken(getContent),
  'GET /repos/{owner}/{repo}/collaborators/{username}/permission': withInstallationToken(getPermission),
};
