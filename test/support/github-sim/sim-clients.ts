/**
 * Owns ready-made clients pointed at a simulator: a plain `@octokit/rest` Octokit with an
 * installation token, and a Probot (app auth, signed webhooks) with retry and throttling
 * off, as test Octokits must be. Imports `probot`, `@octokit/rest` and the simulator.
 */
import { Octokit } from '@octokit/rest';
import { Probot, ProbotOctokit, type Logger } from 'probot';
import type { GitHubSimulator } from './simulator.js';

/** ProbotOctokit with the retry and throttling plugins switched off. */
export const TestProbotOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as Record<string, unknown> | undefined), enabled: false },
}));

const silent = {
  debug: (): void => undefined,
  info: (): void => undefined,
  warn: (): void => undefined,
  error: (): void => undefined,
};

/**
 * An `@octokit/rest` client acting as the installation (token issued by the simulator),
 * logging nothing.
 */
export function createSimOctokit(sim: GitHubSimulator, installationId: number, options: { enterprise?: boolean } = {}): Octokit {
  return new Octokit({
    auth: sim.createInstallationToken(installationId),
    baseUrl: options.enterprise === true ? `${sim.url}/api/v3` : sim.url,
    log: silent,
  });
}

/** The HTTP status an Octokit call ended with, whether it resolved or threw a request error. */
export async function settleStatus(request: Promise<{ status: number }>): Promise<number> {
  try {
    return (await request).status;
  } catch (error: unknown) {
    if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number') {
      return error.status;
    }
    throw error;
  }
}

/**
 * A Probot for the simulator's app (id, private key, webhook secret), talking to
 * `sim.url` (or `sim.url/api/v3` with `enterprise`, as GHE_HOST would configure). It logs
 * nothing unless given a `log` (a pino logger, for tests that read what the app logs).
 */
export function createSimProbot(sim: GitHubSimulator, options: { enterprise?: boolean; log?: Logger } = {}): Probot {
  return new Probot({
    appId: sim.app.id,
    privateKey: sim.app.privateKey,
    secret: sim.webhookSecret,
    baseUrl: options.enterprise === true ? `${sim.url}/api/v3` : sim.url,
    Octokit: TestProbotOctokit,
    ...(options.log === undefined ? { logLevel: 'fatal' as const } : { log: options.log }),
  });
}
