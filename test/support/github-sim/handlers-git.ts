/**
 * Owns the git data endpoints: blobs, trees (recursive, truncated, edited from a base
 * tree), commits and refs. Imports state, `git-writes`, `git-tree-edit` and shapes.
 */
import { notFound, unprocessable } from './api-error.js';
import type { GitPerson, TreeEntryMode, TreeEntryType } from './git-objects.js';
import { applyTreeChanges, type TreeChange } from './git-tree-edit.js';
import { deleteRef, personFor, setBranchTip, storeCommit } from './git-writes.js';
import { assertNotEmpty } from './handlers-repos.js';
import { BodyReader } from './request-body.js';
import { json, noContent, withInstallationToken, type HandlerContext, type HandlerResult, type RouteHandlers } from './route-handler.js';
import { renderGitCommit, renderRef, renderTreeEntry } from './shapes-git.js';
import type { Repo } from './sim-state.js';

const MODES: Record<string, TreeEntryType> = {
  '100644': 'blob',
  '100755': 'blob',
  '120000': 'blob',
  '040000': 'tree',
  '160000': 'commit',
};

function getBlob(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  const sha = ctx.param('file_sha');
  const content = repo.git.getBlob(sha);
  if (content === undefined) throw notFound();
  const url = `${ctx.apiUrl}/repos/${repo.owner.login}/${repo.name}/git/blobs/${sha}`;
  const base64 = content.toString('base64').replace(/(.{60})/g, '$1\n');
  return json(200, { sha, node_id: sha, size: content.length, url, content: `${base64}\n`, encoding: 'base64' });
}

function renderTree(ctx: HandlerContext, repo: Repo, sha: string, recursive: boolean): HandlerResult {
  const entries = repo.git.walkTree(sha, recursive);
  const truncated = recursive && entries.length > ctx.state.truncateTreesOver;
  const shown = truncated ? entries.slice(0, ctx.state.truncateTreesOver) : entries;
  return json(ctx.method === 'POST' ? 201 : 200, {
    sha,
    url: `${ctx.apiUrl}/repos/${repo.owner.login}/${repo.name}/git/trees/${sha}`,
    tree: shown.map((entry) => renderTreeEntry(ctx, repo, entry)),
    truncated,
  });
}

function getTree(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  const wanted = ctx.param('tree_sha');
  const commit = repo.git.resolveCommitish(wanted);
  const sha = repo.git.getTree(wanted) === undefined && commit !== undefined ? repo.git.getCommit(commit)?.tree : wanted;
  if (sha === undefined || repo.git.getTree(sha) === undefined) throw notFound();
  return renderTree(ctx, repo, sha, ctx.query.has('recursive'));
}

function readTreeChange(repo: Repo, raw: unknown): TreeChange {
  const item = new BodyReader(raw);
  const path = item.string('path');
  const mode = item.string('mode');
  const type = MODES[mode];
  if (type === undefined || item.string('type') !== type) {
    throw unprocessable(`tree.mode and tree.type of ${path} do not match`);
  }
  const hasSha = item.has('sha');
  const content = item.optionalString('content');
  if (hasSha && content !== undefined) {
    throw unprocessable('Must supply either tree.sha or tree.content. Request will be rejected if both are present.');
  }
  if (content !== undefined) {
    if (type !== 'blob') throw unprocessable(`tree.content is only valid for blobs (${path})`);
    return { path, entry: { mode: mode as TreeEntryMode, type, sha: repo.git.putBlob(content) } };
  }
  const sha = item.optionalString('sha');
  if (sha === undefined) return { path, entry: null };
  const exists = type === 'blob' ? repo.git.getBlob(sha) !== undefined : type === 'tree' ? repo.git.getTree(sha) !== undefined : true;
  if (!exists) throw unprocessable(`tree.sha ${sha} is not a valid ${type}`);
  return { path, entry: { mode: mode as TreeEntryMode, type, sha } };
}

function createTree(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  const body = new BodyReader(ctx.body);
  const entries = body.raw('tree');
  if (!Array.isArray(entries)) throw unprocessable(`Invalid request.\n\n"tree" wasn't supplied.`);
  const baseTree = body.optionalString('base_tree');
  if (baseTree !== undefined && repo.git.getTree(baseTree) === undefined) {
    throw unprocessable('base_tree is not a valid tree oid');
  }
  const changes = entries.map((entry) => readTreeChange(repo, entry));
  return renderTree(ctx, repo, applyTreeChanges(repo.git, baseTree, changes), false);
}

function readPerson(ctx: HandlerContext, raw: unknown): GitPerson | undefined {
  if (raw === undefined || raw === null) return undefined;
  const person = new BodyReader(raw);
  const date = person.optionalString('date');
  return {
    name: person.string('name'),
    email: person.string('email'),
    date: date === undefined ? ctx.state.now() : new Date(date),
  };
}

function createCommit(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  const body = new BodyReader(ctx.body);
  const tree = body.string('tree');
  if (repo.git.getTree(tree) === undefined) throw unprocessable('Tree SHA does not exist');
  const parents = body.optionalStrings('parents') ?? [];
  if (parents.some((parent) => repo.git.getCommit(parent) === undefined)) {
    throw unprocessable('Parent SHA does not exist or is not a commit object');
  }
  const author = readPerson(ctx, body.raw('author'));
  const committer = readPerson(ctx, body.raw('committer')) ?? author;
  const signature = body.optionalString('signature');
  const self = personFor(ctx.actor, ctx.state.now());
  const sha = storeCommit(repo, {
    tree,
    parents,
    author: author ?? self,
    committer: committer ?? self,
    message: body.string('message'),
    ...(signature === undefined ? {} : { signature }),
    signedByGitHub: author === undefined && committer === undefined && signature === undefined && ctx.actor.type === 'Bot',
  });
  return json(201, renderGitCommit(ctx, repo, sha));
}

function getRef(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  assertNotEmpty(repo);
  const ref = `refs/${ctx.param('ref')}`;
  const sha = repo.git.refs.get(ref);
  if (sha === undefined) throw notFound();
  return json(200, renderRef(ctx, repo, ref, sha));
}

function listMatchingRefs(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  assertNotEmpty(repo);
  const prefix = `refs/${ctx.param('ref')}`;
  const refs = [...repo.git.refs].filter(([ref]) => ref.startsWith(prefix)).sort(([a], [b]) => a.localeCompare(b));
  return json(
    200,
    refs.map(([ref, sha]) => renderRef(ctx, repo, ref, sha)),
  );
}

function createRef(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  const body = new BodyReader(ctx.body);
  const ref = body.string('ref');
  const sha = body.string('sha');
  if (!ref.startsWith('refs/') || ref.split('/').length < 3) {
    throw unprocessable("Reference name must start with 'refs/' and have at least two slashes.");
  }
  if (repo.git.refs.has(ref)) throw unprocessable('Reference already exists');
  setBranchTip(ctx.state, repo, ref, sha);
  return json(201, renderRef(ctx, repo, ref, sha));
}

function updateRef(ctx: HandlerContext): HandlerResult {
  const repo = ctx.repo();
  const body = new BodyReader(ctx.body);
  const ref = `refs/${ctx.param('ref')}`;
  const sha = body.string('sha');
  const current = repo.git.refs.get(ref);
  if (current === undefined) throw unprocessable('Reference does not exist');
  if (repo.git.getCommit(sha) === undefined) throw unprocessable('Object does not exist');
  if (body.optionalBoolean('force') !== true && !repo.git.isAncestor(current, sha)) {
    throw unprocessable('Update is not a fast forward');
  }
  setBranchTip(ctx.state, repo, ref, sha);
  return json(200, renderRef(ctx, repo, ref, sha));
}

/** Git data endpoints. */
export const gitHandlers: RouteHandlers = {
  'GET /repos/{owner}/{repo}/git/blobs/{file_sha}': withInstallationToken(getBlob),
  'GET /repos/{owner}/{repo}/git/trees/{tree_sha}': withInstallationToken(getTree),
  'POST /repos/{owner}/{repo}/git/trees': withInstallationToken(createTree),
  'GET /repos/{owner}/{repo}/git/commits/{commit_sha}': withInstallationToken((ctx) => {
    const repo = ctx.repo();
    if (repo.git.getCommit(ctx.param('commit_sha')) === undefined) throw notFound();
    return json(200, renderGitCommit(ctx, repo, ctx.param('commit_sha')));
  }),
  'POST /repos/{owner}/{repo}/git/commits': withInstallationToken(createCommit),
  'GET /repos/{owner}/{repo}/git/ref/{ref}': withInstallationToken(getRef),
  'GET /repos/{owner}/{repo}/git/matching-refs/{ref}': withInstallationToken(listMatchingRefs),
  'POST /repos/{owner}/{repo}/git/refs': withInstallationToken(createRef),
  'PATCH /repos/{owner}/{repo}/git/refs/{ref}': withInstallationToken(updateRef),
  'DELETE /repos/{owner}/{repo}/git/refs/{ref}': withInstallationToken((ctx) => {
    deleteRef(ctx.state, ctx.repo(), `refs/${ctx.param('ref')}`);
    return noContent();
  }),
};
