/**
 * `freshbase scan` and `freshbase apply` on a local checkout.
 *
 * Owns: arguments and output; exit codes come from exit-status.ts (0 nothing to update, 10
 * updates found, 1 an error or anything undecided, a registry's rate limit among them).
 * May import: every layer below. Must not: exit the process (the entry point does).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAppEnv } from '../config/env.js';
import { createOsvClient } from '../osv/index.js';
import { createRegistry, type RegistryClient } from '../registry/index.js';
import { createSbomReader } from '../sbom/index.js';
import { buildRegistryOptions } from '../scan/registry-options.js';
import { scanRepository } from '../scan/scan-repository.js';
import type { ScanProgress, SecurityPort } from '../scan/ports.js';
import type { ReleaseLineData } from '../lifecycle/index.js';
import type { ScanResult } from '../scan/types.js';
import { describeError } from '../util/errors.js';
import { decideExitStatus, EXIT_ERROR, EXIT_OK, EXIT_UPDATES, type ExitStatus } from './exit-status.js';
import { applyProposals } from './file-publisher.js';
import { createLocalSource } from './local-source.js';
import { renderScanJson, renderScanTable } from './render-scan.js';
import { escapeJsonForTerminal, sanitizeForTerminal as clean } from './terminal-text.js';

/** Where the CLI writes, and what it reads. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal (progress lines are printed only then). */
  interactive: boolean;
  now?: () => Date;
  /** The release-line data planning judges by (tests pin it to a date). @default the shipped data */
  releaseLines?: ReleaseLineData;
}

export { EXIT_ERROR, EXIT_OK, EXIT_UPDATES };

const USAGE = `Usage:
  freshbase scan [DIR] [--format table|json] [--security] [--config FILE] [--mirror HOST=URL]...
                 [--insecure-registry HOST]... [--docker-config FILE] [--cache-dir DIR | --no-cache]
  freshbase apply [DIR] [--include-line-upgrades] [--config FILE] [--mirror HOST=URL]... [--insecure-registry HOST]...
                  [--docker-config FILE] [--cache-dir DIR | --no-cache]
  freshbase --help

  --format table|json        output of scan (default table; json is the stable contract)
  --security                 scan also says what each update fixes: the OS packages that change between the
                             current and the proposed image (their SBOM attestations) and the vulnerabilities
                             that closes or opens (OSV, at FRESHBASE_OSV_URL); costs requests, off by default
  --config FILE              the repository settings (default DIR/.github/freshbase.yml)
  --mirror HOST=URL          look HOST's images up at URL (repeatable; adds to FRESHBASE_MIRRORS)
  --insecure-registry HOST   allow plain http to HOST (repeatable)
  --docker-config FILE       a Docker config.json whose auths supply registry credentials
  --cache-dir DIR            keep registry answers in DIR (default $XDG_CACHE_HOME/freshbase, else ~/.cache/freshbase)
  --no-cache                 neither read nor write the cache directory
  --include-line-upgrades    apply takes the line upgrade (minor or major) where there is one
  -h, --help                 this text

Exit codes: 0 nothing to update and every reference decided, 10 updates found (scan) and every
reference decided, 1 an error or anything left undecided (a registry error, which includes a
registry's rate limit: the line says when to retry, unreadable --docker-config credentials, a file
skipped for its size or count); the reason is on stderr.
`;

/** Runs the CLI with `args` (without node and the script). Returns the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(args, io);
  } catch (error: unknown) {
    io.stderr(`freshbase: ${clean(describeError(error))}\n`);
    return EXIT_ERROR;
  }
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'table' },
      config: { type: 'string' },
      mirror: { type: 'string', multiple: true, default: [] },
      'insecure-registry': { type: 'string', multiple: true, default: [] },
      'docker-config': { type: 'string' },
      'cache-dir': { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      'include-line-upgrades': { type: 'boolean', default: false },
      security: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, directory = '.', ...extra] = positionals;
  if (values.help || command === undefined) {
    io.stdout(USAGE);
    return command === undefined && !values.help ? EXIT_ERROR : EXIT_OK;
  }
  if (command !== 'scan' && command !== 'apply') throw new Error(`unknown command "${command}"; see freshbase --help`);
  if (extra.length > 0) throw new Error(`unexpected argument "${extra.join(' ')}"`);
  if (values.format !== 'table' && values.format !== 'json') throw new Error(`--format must be table or json, not "${values.format}"`);
  if (values.security && command !== 'scan') throw new Error('--security is an option of scan');
  const root = resolve(directory);
  const env = parseAppEnv(io.env);
  if (values['cache-dir'] !== undefined && values['no-cache']) throw new Error('--cache-dir and --no-cache cannot be used together');
  const options = buildRegistryOptions(env.registry, {
    mirrors: values.mirror,
    insecureHosts: values['insecure-registry'],
    ...(values['docker-config'] === undefined ? {} : { dockerConfigPath: values['docker-config'] }),
    ...(values['cache-dir'] === undefined ? {} : { cacheDir: resolve(values['cache-dir']) }),
    noCache: values['no-cache'],
  });
  const now = io.now;
  const registry = createRegistry({
    ...options,
    ...(now === undefined ? {} : { now: () => now().getTime() }),
    onCacheError: (error) => {
      io.stderr(`freshbase: the cache directory ${options.cacheDir ?? ''} cannot be used (${describeError(error)}); going on without it\n`);
    },
  });
  try {
    const client = registry.forScope({ kind: 'all' });
    // What each update fixes, only when asked: the default scan sends no extra request.
    const security: SecurityPort | undefined = values.security
      ? {
          content: client,
          sbom: createSbomReader(),
          osv: createOsvClient(env.osvUrl === undefined ? {} : { baseUrl: env.osvUrl }),
          // The JSON and the table show what updates fix, not what the images in use carry (the dashboard's counts).
          limits: { images: 0 },
        }
      : undefined;
    return await runCommand(command, root, { values, io, registry: client, ...(security === undefined ? {} : { security }) });
  } finally {
    await registry.close();
  }
}

/** Scans (and for `apply`, writes) with a ready registry client. */
async function runCommand(
  command: 'scan' | 'apply',
  root: string,
  context: {
    values: { format: string; config?: string; 'include-line-upgrades': boolean };
    io: CliIo;
    registry: RegistryClient;
    security?: SecurityPort;
  },
): Promise<number> {
  const { values, io, registry, security } = context;
  const source = createLocalSource(root, values.config === undefined ? {} : { configFile: resolve(values.config) });
  const progress = io.interactive
    ? (event: ScanProgress) => {
        io.stderr(describeProgress(event));
      }
    : undefined;
  const result = await scanRepository(
    { key: root, trigger: 'cli' },
    {
      source,
      registry,
      now: io.now ?? (() => new Date()),
      ...(progress === undefined ? {} : { progress }),
      ...(security === undefined ? {} : { security }),
      ...(io.releaseLines === undefined ? {} : { releaseLines: io.releaseLines }),
    },
  );
  if (result.configError !== undefined) throw result.configError;
  if (command === 'scan') {
    if (values.format === 'json') printSkippedFiles(result.skippedFiles, io);
    io.stdout(
      values.format === 'json' ? `${escapeJsonForTerminal(JSON.stringify(renderScanJson(result), null, 2))}\n` : renderScanTable(result),
    );
    return finish(decideExitStatus(result, { command }), io);
  }
  printSkippedFiles(result.skippedFiles, io);
  const report = await applyProposals(root, result.proposals, { includeLineUpgrades: values['include-line-upgrades'] });
  for (const written of report.written)
    io.stdout(`updated ${clean(written.file)} (${written.edits} edit${written.edits === 1 ? '' : 's'})\n`);
  for (const failed of report.failed) io.stderr(`freshbase: ${clean(failed.reason)}\n`);
  if (report.written.length === 0 && report.failed.length === 0) io.stdout('nothing to update\n');
  return finish(decideExitStatus(result, { command, failedWrites: report.failed.length }), io);
}

/** Dockerfiles the scan did not read, one stderr line each (the table lists them on stdout too). */
function printSkippedFiles(files: ScanResult['skippedFiles'], io: CliIo): void {
  for (const file of files) io.stderr(`freshbase: skipped ${clean(`${file.path}: ${file.reason}`)}\n`);
}

/** Prints the reason of a failing status on stderr and returns its code. */
function finish(status: ExitStatus, io: CliIo): number {
  if (status.reason !== null) io.stderr(`freshbase: ${clean(status.reason)}\n`);
  return status.code;
}

function describeProgress(event: ScanProgress): string {
  if (event.phase === 'files') return `freshbase: ${event.files} files, ${event.references} image references\n`;
  if (event.done === event.total || event.done % 25 === 0) return `freshbase: ${event.phase} ${event.done}/${event.total}\n`;
  return '';
}
