/**
 * Owns the JSON shapes of accounts, repositories, installations and the app, as GitHub's
 * REST API returns them (the fields clients read, plus the common URLs). Imports state
 * types. Pure: never changes state.
 */
import { formatGitHubDate } from './git-objects.js';
import type { Account, Installation, Repo, SimState } from './sim-state.js';

/** What every shape function needs: the world and the API base URL for `url` fields. */
export interface ShapeContext {
  readonly state: SimState;
  /** API root without trailing slash, e.g. `http://127.0.0.1:4321`. */
  readonly apiUrl: string;
}

/** Where `html_url`s point. */
export const HTML_URL = 'https://github.com';

/** A GraphQL-style node id (opaque to clients). */
export function toNodeId(kind: string, id: number | string): string {
  return Buffer.from(`${kind}:${id}`).toString('base64url');
}

/** GitHub's simple user object (a bot's page is its app's: `https://github.com/apps/<slug>`). */
export function renderAccount(sc: ShapeContext, account: Account): Record<string, unknown> {
  const url = `${sc.apiUrl}/users/${encodeURIComponent(account.login)}`;
  const bot = /^(.*)\[bot\]$/.exec(account.login)?.[1];
  return {
    login: account.login,
    id: account.id,
    node_id: toNodeId(account.type === 'Organization' ? 'Organization' : 'User', account.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: bot === undefined ? `${HTML_URL}/${account.login}` : `${HTML_URL}/apps/${bot}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: account.type,
    site_admin: false,
  };
}

/** The URL templates of a repository object, as GitHub writes them. */
function repoUrls(url: string): Record<string, string> {
  const templates: [string, string][] = [
    ['forks_url', '/forks'],
    ['keys_url', '/keys{/key_id}'],
    ['collaborators_url', '/collaborators{/collaborator}'],
    ['teams_url', '/teams'],
    ['hooks_url', '/hooks'],
    ['issue_events_url', '/issues/events{/number}'],
    ['events_url', '/events'],
    ['assignees_url', '/assignees{/user}'],
    ['branches_url', '/branches{/branch}'],
    ['tags_url', '/tags'],
    ['blobs_url', '/git/blobs{/sha}'],
    ['git_tags_url', '/git/tags{/sha}'],
    ['git_refs_url', '/git/refs{/sha}'],
    ['trees_url', '/git/trees{/sha}'],
    ['statuses_url', '/statuses/{sha}'],
    ['languages_url', '/languages'],
    ['stargazers_url', '/stargazers'],
    ['contributors_url', '/contributors'],
    ['subscribers_url', '/subscribers'],
    ['subscription_url', '/subscription'],
    ['commits_url', '/commits{/sha}'],
    ['git_commits_url', '/git/commits{/sha}'],
    ['comments_url', '/comments{/number}'],
    ['issue_comment_url', '/issues/comments{/number}'],
    ['contents_url', '/contents/{+path}'],
    ['compare_url', '/compare/{base}...{head}'],
    ['merges_url', '/merges'],
    ['archive_url', '/{archive_format}{/ref}'],
    ['downloads_url', '/downloads'],
    ['issues_url', '/issues{/number}'],
    ['pulls_url', '/pulls{/number}'],
    ['milestones_url', '/milestones{/number}'],
    ['notifications_url', '/notifications{?since,all,participating}'],
    ['labels_url', '/labels{/name}'],
    ['releases_url', '/releases{/id}'],
    ['deployments_url', '/deployments'],
  ];
  return Object.fromEntries(templates.map(([key, path]) => [key, `${url}${path}`]));
}

/** The full repository object (`GET /repos/{owner}/{repo}`). */
export function renderRepo(sc: ShapeContext, repo: Repo): Record<string, unknown> {
  const fullName = `${repo.owner.login}/${repo.name}`;
  const url = `${sc.apiUrl}/repos/${fullName}`;
  return {
    id: repo.id,
    node_id: toNodeId('Repository', repo.id),
    name: repo.name,
    full_name: fullName,
    owner: renderAccount(sc, repo.owner),
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    html_url: `${HTML_URL}/${fullName}`,
    description: repo.description,
    fork: repo.fork,
    url,
    ...repoUrls(url),
    git_url: `git://github.com/${fullName}.git`,
    ssh_url: `git@github.com:${fullName}.git`,
    clone_url: `${HTML_URL}/${fullName}.git`,
    svn_url: `${HTML_URL}/${fullName}`,
    homepage: null,
    mirror_url: null,
    language: null,
    license: null,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    forks_count: 0,
    forks: 0,
    has_projects: false,
    has_downloads: true,
    has_wiki: false,
    has_pages: false,
    web_commit_signoff_required: false,
    custom_properties: {},
    archived: repo.archived,
    disabled: false,
    is_template: false,
    default_branch: repo.defaultBranch,
    size: repoSizeKb(repo),
    topics: [],
    has_issues: true,
    open_issues_count: openIssues(repo),
    open_issues: openIssues(repo),
    created_at: formatGitHubDate(repo.createdAt),
    updated_at: formatGitHubDate(repo.pushedAt),
    pushed_at: formatGitHubDate(repo.pushedAt),
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
  };
}

function openIssues(repo: Repo): number {
  return [...repo.issues.values()].filter((issue) => issue.state === 'open').length;
}

function repoSizeKb(repo: Repo): number {
  if (repo.git.refs.size === 0) return 0;
  let bytes = 0;
  for (const object of repo.git.objects.values()) if (object.type === 'blob') bytes += object.content.length;
  return Math.max(1, Math.ceil(bytes / 1024));
}

/** An installation object (`GET /app/installations/{installation_id}`). */
export function renderInstallation(sc: ShapeContext, installation: Installation): Record<string, unknown> {
  const { app } = sc.state;
  return {
    id: installation.id,
    account: renderAccount(sc, installation.account),
    repository_selection: installation.repositorySelection,
    access_tokens_url: `${sc.apiUrl}/app/installations/${installation.id}/access_tokens`,
    repositories_url: `${sc.apiUrl}/installation/repositories`,
    html_url: `${HTML_URL}/organizations/${installation.account.login}/settings/installations/${installation.id}`,
    app_id: app.id,
    app_slug: app.slug,
    target_id: installation.account.id,
    target_type: installation.account.type,
    permissions: installation.permissions,
    events: installation.events,
    created_at: formatGitHubDate(installation.createdAt),
    updated_at: formatGitHubDate(installation.createdAt),
    single_file_name: null,
    suspended_at: null,
    suspended_by: null,
  };
}

/** The app object (`GET /app`). */
export function renderApp(sc: ShapeContext): Record<string, unknown> {
  const { app } = sc.state;
  const installations = [...sc.state.installations.values()];
  return {
    id: app.id,
    slug: app.slug,
    node_id: toNodeId('Integration', app.id),
    name: app.name,
    owner: renderAccount(sc, app.owner),
    description: null,
    external_url: `${HTML_URL}/apps/${app.slug}`,
    html_url: `${HTML_URL}/apps/${app.slug}`,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    permissions: installations[0]?.permissions ?? {},
    events: installations[0]?.events ?? [],
    installations_count: installations.length,
  };
}
