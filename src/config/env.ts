/**
 * Server-wide settings from the environment: every `FRESHBASE_*` variable, parsed once.
 * The only reader of `process.env` (entry points pass it in). A bad variable fails
 * start-up with an error naming it.
 */
import { isAbsolute, join } from 'node:path';
import { ConfigError } from '../util/errors.js';
import { parseDuration } from './duration.js';

/** Registry settings from the environment, still as text where the registry layer parses them. */
export interface RegistryEnv {
  /** `FRESHBASE_MIRRORS`: `docker.io=http://127.0.0.1:5000,ghcr.io=https://mirror.example`. */
  mirrors: string;
  /** `FRESHBASE_INSECURE_REGISTRIES`: hosts reached over plain http. */
  insecureHosts: string[];
  /** `FRESHBASE_DOCKER_CONFIG`: a Docker config.json with `auths`. */
  dockerConfigPath?: string;
  /** `FRESHBASE_REGISTRY_CREDENTIALS`: JSON `[{"host","username","password"} | {"host","token"}]`. */
  credentialsJson?: string;
  /** `FRESHBASE_REGISTRY_TIMEOUT` (default 30s). */
  timeoutMs: number;
  /** `FRESHBASE_CACHE_TTL` (default 30m). */
  cacheTtlMs: number;
  /** `FRESHBASE_REGISTRY_CONCURRENCY` (default 8 per host). */
  concurrencyPerHost: number;
  /** `FRESHBASE_MAX_TAG_PAGES` (default 1000). */
  maxTagPages: number;
  /** `FRESHBASE_MAX_TAGS`: most tags kept per repository (default 100,000). */
  maxTags: number;
  /** `FRESHBASE_ALLOWED_REGISTRIES`: hosts (`host` or `host:port`) contacted whatever address they resolve to. */
  allowedHosts: string[];
  /**
   * `FRESHBASE_CACHE_DIR`, else `$XDG_CACHE_HOME/freshbase`, else `$HOME/.cache/freshbase`;
   * undefined when none of them is set (memory only).
   */
  cacheDir?: string;
  /** `FRESHBASE_CACHE_MAX_MB`: most megabytes (MiB) in the cache directory (default 256). */
  cacheMaxBytes: number;
}

/** How the shared queue (with `REDIS_URL`) runs jobs. */
export interface QueueEnv {
  /** `FRESHBASE_QUEUE_SETTLE`: triggers of one repository this close together make one run (default 3s). */
  settleMs: number;
  /** `FRESHBASE_JOB_LOCK`: how long a replica that went silent keeps its running job before another takes it over (default 30s). */
  lockMs: number;
  /** `FRESHBASE_JOB_RETRIES`: retries of a run that failed on a transient error (default 3). */
  retries: number;
  /** `FRESHBASE_JOB_BACKOFF`: the first retry's delay; each next one doubles (default 30s). */
  backoffMs: number;
}

/** Every server-wide setting. */
export interface AppEnv {
  registry: RegistryEnv;
  /** `FRESHBASE_DRY_RUN`: log writes instead of making them (default false). */
  dryRun: boolean;
  /** `FRESHBASE_SCHEDULE`: `on` (default) runs scheduled rebuild passes, `off` does not. */
  scheduleEnabled: boolean;
  /** `FRESHBASE_SCAN_CONCURRENCY`: repositories scanned at once (default 2). */
  scanConcurrency: number;
  /** `FRESHBASE_SCHEDULE_WINDOW`: scheduled runs of all repositories are spread over this window (default 1h). */
  scheduleWindowMs: number;
  /** `FRESHBASE_SCAN_TIMEOUT`: how long one repository's run may read and scan before it stops (default 10m; 0: no limit). */
  scanTimeoutMs: number;
  /**
   * `FRESHBASE_GITHUB_RESERVE`: GitHub requests of an installation's hourly rate limit left
   * untouched: its jobs wait for the reset once fewer remain (default 100; 0: spend them all).
   */
  githubReserve: number;
  /** `REDIS_URL`: when set, replicas share the queue, the schedules and the registry cache through Redis. */
  redisUrl?: string;
  queue: QueueEnv;
  /** `FRESHBASE_OSV_URL`: base URL of the OSV API or a mirror; unset means the OSV client's default (https://api.osv.dev). */
  osvUrl?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

function fail(name: string, reason: string): never {
  throw new ConfigError({ file: `environment variable ${name}`, path: '', reason });
}

function readDuration(env: Env, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const ms = parseDuration(text);
  return ms === null ? fail(name, `"${text}" is not a duration like 30s, 10m or 1h`) : ms;
}

function readInt(env: Env, name: string, fallback: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) fail(name, `"${text}" is not a whole number from 1 to ${max}`);
  return value;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const text = env[name]?.toLowerCase();
  if (text === undefined || text === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(text)) return true;
  if (['0', 'false', 'no', 'off'].includes(text)) return false;
  return fail(name, `"${env[name] ?? ''}" is not one of true/false, on/off, 1/0`);
}

function readCount(env: Env, name: string, fallback: number, max: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max) fail(name, `"${text}" is not a whole number from 0 to ${max}`);
  return value;
}

/** `FRESHBASE_JOB_LOCK`: at least a second (a lock renewed more often than that is no lock). */
function readLock(env: Env): number {
  const ms = readDuration(env, 'FRESHBASE_JOB_LOCK', 30_000);
  return ms >= 1_000 ? ms : fail('FRESHBASE_JOB_LOCK', `"${env.FRESHBASE_JOB_LOCK ?? ''}" is shorter than 1s`);
}

/** `REDIS_URL`, checked for its scheme only; the message never repeats it (it may hold a password). */
function readRedisUrl(env: Env): Record<string, string> {
  const text = env.REDIS_URL?.trim();
  if (text === undefined || text === '') return {};
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url === undefined || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || url.hostname === '') {
    fail('REDIS_URL', 'is not a redis:// or rediss:// URL with a host (the value is not repeated here: it may hold a password)');
  }
  return { REDIS_URL: text };
}

function readUrl(env: Env, name: string): Record<string, string> {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return {};
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '') {
    fail(name, 'is not an http(s) URL without user name or password (the value is not repeated here: it may hold a secret)');
  }
  return { [name]: text.replace(/\/+$/, '') };
}

function readList(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Longest scan time budget: a day (timers cannot wait much longer). */
const MAX_SCAN_TIMEOUT_MS = 86_400_000;

/** `FRESHBASE_SCAN_TIMEOUT`: a duration up to a day, or 0 for no limit. */
function readScanTimeout(env: Env): number {
  const name = 'FRESHBASE_SCAN_TIMEOUT';
  if (env[name]?.trim() === '0') return 0;
  const ms = readDuration(env, name, 10 * 60_000);
  if (ms < 1000 || ms > MAX_SCAN_TIMEOUT_MS) fail(name, `"${env[name] ?? ''}" is not a duration from 1s to 24h (or 0 for no limit)`);
  return ms;
}

/** The cache directory: `FRESHBASE_CACHE_DIR`, else the XDG cache home's `freshbase`, else `~/.cache/freshbase`. */
function readCacheDir(env: Env): string | undefined {
  const explicit = env.FRESHBASE_CACHE_DIR;
  if (explicit !== undefined && explicit !== '') {
    if (!isAbsolute(explicit)) fail('FRESHBASE_CACHE_DIR', `"${explicit}" is not an absolute path`);
    return explicit;
  }
  const xdg = env.XDG_CACHE_HOME;
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'freshbase');
  const home = env.HOME;
  return home !== undefined && isAbsolute(home) ? join(home, '.cache', 'freshbase') : undefined;
}

/** Parses the environment. Throws `ConfigError` naming the first bad variable. */
export function parseAppEnv(env: Env): AppEnv {
  const optional = (name: string): Record<string, string> => {
    const value = env[name];
    return value === undefined || value === '' ? {} : { [name]: value };
  };
  const docker = optional('FRESHBASE_DOCKER_CONFIG');
  const credentials = optional('FRESHBASE_REGISTRY_CREDENTIALS');
  const redis = readRedisUrl(env);
  const osv = readUrl(env, 'FRESHBASE_OSV_URL');
  const cacheDir = readCacheDir(env);
  return {
    registry: {
      mirrors: env.FRESHBASE_MIRRORS ?? '',
      insecureHosts: readList(env, 'FRESHBASE_INSECURE_REGISTRIES'),
      ...(docker.FRESHBASE_DOCKER_CONFIG === undefined ? {} : { dockerConfigPath: docker.FRESHBASE_DOCKER_CONFIG }),
      ...(credentials.FRESHBASE_REGISTRY_CREDENTIALS === undefined ? {} : { credentialsJson: credentials.FRESHBASE_REGISTRY_CREDENTIALS }),
      timeoutMs: readDuration(env, 'FRESHBASE_REGISTRY_TIMEOUT', 30_000),
      cacheTtlMs: readDuration(env, 'FRESHBASE_CACHE_TTL', 30 * 60_000),
      concurrencyPerHost: readInt(env, 'FRESHBASE_REGISTRY_CONCURRENCY', 8, 64),
      maxTagPages: readInt(env, 'FRESHBASE_MAX_TAG_PAGES', 1000, 100_000),
      maxTags: readInt(env, 'FRESHBASE_MAX_TAGS', 100_000, 10_000_000),
      allowedHosts: readList(env, 'FRESHBASE_ALLOWED_REGISTRIES'),
      ...(cacheDir === undefined ? {} : { cacheDir }),
      cacheMaxBytes: readInt(env, 'FRESHBASE_CACHE_MAX_MB', 256, 1_048_576) * 1024 * 1024,
    },
    dryRun: readBoolean(env, 'FRESHBASE_DRY_RUN', false),
    scheduleEnabled: readBoolean(env, 'FRESHBASE_SCHEDULE', true),
    scanConcurrency: readInt(env, 'FRESHBASE_SCAN_CONCURRENCY', 2, 64),
    scheduleWindowMs: readDuration(env, 'FRESHBASE_SCHEDULE_WINDOW', 3_600_000),
    scanTimeoutMs: readScanTimeout(env),
    githubReserve: readCount(env, 'FRESHBASE_GITHUB_RESERVE', 100, 100_000),
    ...(redis.REDIS_URL === undefined ? {} : { redisUrl: redis.REDIS_URL }),
    queue: {
      settleMs: readDuration(env, 'FRESHBASE_QUEUE_SETTLE', 3_000),
      lockMs: readLock(env),
      retries: readCount(env, 'FRESHBASE_JOB_RETRIES', 3, 20),
      backoffMs: readDuration(env, 'FRESHBASE_JOB_BACKOFF', 30_000),
    },
    ...(osv.FRESHBASE_OSV_URL === undefined ? {} : { osvUrl: osv.FRESHBASE_OSV_URL }),
  };
}

/** The webhook secret Probot falls back to when `WEBHOOK_SECRET` is unset: public, so it proves nothing. */
const PROBOT_DEFAULT_WEBHOOK_SECRET = 'development';

/**
 * Parses the app server's environment: everything {@link parseAppEnv} reads, plus the rule that in
 * production (`NODE_ENV=production`) `WEBHOOK_SECRET` is set and is not Probot's public default
 * ("development"), so nobody can forge webhooks. Outside production Probot's set-up flow keeps
 * working without credentials. The CLI uses {@link parseAppEnv}: it takes no webhooks.
 * Throws `ConfigError` naming the variable; the message never repeats a secret.
 */
export function parseServerEnv(env: Env): AppEnv {
  if (env.NODE_ENV === 'production') {
    const secret = env.WEBHOOK_SECRET ?? '';
    if (secret === '')
      fail(
        'WEBHOOK_SECRET',
        'must be set in production (NODE_ENV=production); without it Probot would accept webhooks signed with its public default secret',
      );
    if (secret === PROBOT_DEFAULT_WEBHOOK_SECRET) {
      fail('WEBHOOK_SECRET', `must not be Probot's public default "${PROBOT_DEFAULT_WEBHOOK_SECRET}" in production (NODE_ENV=production)`);
    }
  }
  return parseAppEnv(env);
}
