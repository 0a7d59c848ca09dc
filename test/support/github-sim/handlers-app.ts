/**
 * Owns the GitHub App endpoints: the app, its installations, access tokens and the repos
 * an installation token can see. Imports state, shapes and `app-auth`.
 */
import { notFound, unprocessable } from './api-error.js';
import type { TokenRegistry } from './app-auth.js';
import { formatGitHubDate } from './git-objects.js';
import { paginate } from './paginate.js';
import { BodyReader } from './request-body.js';
import { json, withAppJwt, withInstallationToken, type HandlerContext, type HandlerResult, type RouteHandlers } from './route-handler.js';
import { renderApp, renderInstallation, renderRepo } from './shapes-repo.js';
import type { Installation } from './sim-state.js';

const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

function requireInstallation(ctx: HandlerContext): Installation {
  const installation = ctx.state.installations.get(Number(ctx.param('installation_id')));
  if (installation === undefined) throw notFound();
  return installation;
}

function createAccessToken(ctx: HandlerContext, tokens: TokenRegistry): HandlerResult {
  const installation = requireInstallation(ctx);
  const body = new BodyReader(ctx.body);
  const visible = ctx.state.installationRepos(installation);
  const requested = body.optionalStrings('repositories');
  const ids = body.raw('repository_ids');
  const byId = Array.isArray(ids) ? visible.filter((repo) => ids.includes(repo.id)).map((repo) => repo.name) : [];
  if (requested?.some((name) => !visible.some((repo) => repo.name.toLowerCase() === name.toLowerCase())) === true) {
    throw unprocessable('There is at least one repository that does not exist or is not accessible to the parent installation.');
  }
  const scoped = requested === undefined && !Array.isArray(ids) ? undefined : [...(requested ?? []), ...byId];
  const issued = tokens.issue({
    installationId: installation.id,
    expiresAt: new Date(ctx.state.now().getTime() + TOKEN_LIFETIME_MS),
    ...(scoped === undefined ? {} : { repositories: scoped }),
  });
  const granted = visible.filter((repo) => issued.repositories?.has(repo.name.toLowerCase()));
  const repositories = scoped === undefined ? {} : { repositories: granted.map((repo) => renderRepo(ctx, repo)) };
  return json(201, {
    token: issued.token,
    expires_at: formatGitHubDate(issued.expiresAt),
    permissions: installation.permissions,
    repository_selection: scoped === undefined ? installation.repositorySelection : 'selected',
    ...repositories,
  });
}

function listInstallationRepos(ctx: HandlerContext): HandlerResult {
  if (ctx.auth.kind !== 'installation') throw notFound();
  const { token, installationId } = ctx.auth;
  const installation = ctx.state.installations.get(installationId);
  if (installation === undefined) throw notFound();
  const repos = ctx.state.installationRepos(installation).filter((repo) => token.repositories?.has(repo.name.toLowerCase()) ?? true);
  const page = paginate(ctx.requestUrl, repos);
  return json(
    200,
    {
      total_count: repos.length,
      repository_selection: token.repositories === undefined ? installation.repositorySelection : 'selected',
      repositories: page.items.map((repo) => renderRepo(ctx, repo)),
    },
    page.headers,
  );
}

/**
 * App endpoints. `tokens` is where access tokens are issued.
 */
export function createAppHandlers(tokens: TokenRegistry): RouteHandlers {
  return {
    'GET /app': withAppJwt((ctx) => json(200, renderApp(ctx))),
    'GET /app/installations': withAppJwt((ctx) => {
      const page = paginate(ctx.requestUrl, [...ctx.state.installations.values()]);
      return json(
        200,
        page.items.map((installation) => renderInstallation(ctx, installation)),
        page.headers,
      );
    }),
    'POST /app/installations/{installation_id}/access_tokens': withAppJwt((ctx) => createAccessToken(ctx, tokens)),
    'GET /installation/repositories': withInstallationToken(listInstallationRepos),
  };
}
