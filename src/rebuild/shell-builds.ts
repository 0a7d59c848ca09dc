/**
 * Image builds in `run:` scripts: `docker build`, `docker buildx build`, `podman build`,
 * `buildah bud|build`, `nerdctl build`, `depot build`, kaniko's executor, and builds of
 * unknown Dockerfiles (`docker buildx bake`, `docker compose build`).
 */
import { contextDockerfile, isRemoteContext, resolveRepoPath, type PathVariables } from './dockerfile-path.js';
import { splitShellCommands } from './shell-words.js';
import { ANY_DOCKERFILE } from './types.js';

/** Where a script runs. */
export interface ShellBuildContext {
  /** Repository-relative working directory of the step. @default '.' */
  workingDirectory: string;
  variables: PathVariables;
  /** The job runs in a kaniko image, so a bare `executor` is kaniko's. */
  kanikoContainer: boolean;
}

/** Flags of build commands that take no value (or only as `--flag=value`); every other flag takes one. */
const BOOLEAN_FLAGS = new Set([
  'load',
  'push',
  'no-cache',
  'pull',
  'q',
  'quiet',
  'check',
  'debug',
  'D',
  'compress',
  'disable-content-trust',
  'force-rm',
  'rm',
  'squash',
  'squash-all',
  'layers',
  'all-platforms',
  'disable-compression',
  'no-hosts',
  'omit-history',
  'stdin',
  'tls-verify',
  'identity-label',
  'http-proxy',
  'skip-unused-stages',
  'inherit-labels',
  'sbom',
  'provenance',
  'lint',
  'save',
  'no-wait',
  'remote',
  'r',
  'tls',
  'tlsverify',
  'help',
]);
const FILE_FLAGS = new Set(['-f', '--file', '--dockerfile']);
const KANIKO_FILE_FLAGS = new Set(['-f', '--dockerfile']);
const KANIKO_CONTEXT_FLAGS = new Set(['-c', '--context']);
const WRAPPERS = new Set(['sudo', 'env', 'time', 'exec', 'command', 'nohup']);
const KANIKO = /kaniko[^\s]*\/executor(?:[:@]|$)/;

/** What one build command says about its Dockerfile. */
interface BuildArgs {
  files: string[];
  positionals: string[];
}

/** Name of a flag word without its `=value`. */
function flagName(word: string): string {
  const eq = word.indexOf('=');
  return eq > 0 ? word.slice(0, eq) : word;
}

/** Reads flags and positional arguments; `fileFlags` name the Dockerfile. */
function readBuildArgs(words: readonly string[], fileFlags: ReadonlySet<string>): BuildArgs {
  const files: string[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '--') {
      positionals.push(...words.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    const name = flagName(word);
    const inline = name === word ? undefined : word.slice(name.length + 1);
    if (fileFlags.has(name)) {
      const value = inline ?? words[++i];
      if (value !== undefined) files.push(value);
    } else if (fileFlags.has('-f') && /^-f[^-=]/.test(word)) {
      files.push(word.slice(2));
    } else if (inline === undefined && !BOOLEAN_FLAGS.has(name.replace(/^-+/, ''))) {
      i++;
    }
  }
  return { files, positionals };
}

/** Index of the first word after global flags (`docker --context ci build`), or -1. */
function skipGlobalFlags(words: readonly string[], start: number): number {
  let i = start;
  while (i < words.length && (words[i] ?? '').startsWith('-')) {
    const word = words[i] ?? '';
    i += word.includes('=') || BOOLEAN_FLAGS.has(word.replace(/^-+/, '')) ? 1 : 2;
  }
  return i < words.length ? i : -1;
}

/** The words after the build sub-command, `'any'` for a build of unknown Dockerfiles, or null for no build. */
function buildArguments(words: readonly string[]): { kind: 'docker' | 'oci'; args: readonly string[] } | 'any' | null {
  const program = (words[0] ?? '').slice((words[0] ?? '').lastIndexOf('/') + 1);
  if (program === 'docker-compose' || program === 'podman-compose') return words.includes('build') ? 'any' : null;
  if (!['docker', 'podman', 'buildah', 'nerdctl', 'depot'].includes(program)) return null;
  const kind = program === 'podman' || program === 'buildah' ? 'oci' : 'docker';
  let at = skipGlobalFlags(words, 1);
  const first = words[at];
  if (first === 'compose') return words.slice(at + 1).includes('build') ? 'any' : null;
  if (first === 'image' || first === 'builder') at++;
  else if (first === 'buildx') {
    at = skipGlobalFlags(words, at + 1);
    if (words[at] === 'bake') return 'any';
  }
  const sub = words[at];
  const builds = program === 'buildah' ? ['bud', 'build', 'build-using-dockerfile'] : ['build', ...(first === 'buildx' ? ['b'] : [])];
  return sub !== undefined && builds.includes(sub) ? { kind, args: words.slice(at + 1) } : null;
}

/** Dockerfiles of a docker-like build, each as candidates in order of preference. */
function dockerBuildFiles(kind: 'docker' | 'oci', args: readonly string[], context: ShellBuildContext): string[][] {
  const { files, positionals } = readBuildArgs(args, FILE_FLAGS);
  const base = context.workingDirectory;
  if (files.length > 0) {
    return files.map((file) => [
      file === '-' || /^https?:\/\//.test(file) ? ANY_DOCKERFILE : resolveRepoPath(file, base, context.variables),
    ]);
  }
  const buildContext = positionals.at(-1) ?? '.';
  if (buildContext === '-') return [[ANY_DOCKERFILE]];
  const dockerfile = contextDockerfile(buildContext, base, context.variables);
  if (kind === 'docker' || dockerfile === ANY_DOCKERFILE) return [[dockerfile]];
  return [[dockerfile.replace(/Dockerfile$/, 'Containerfile'), dockerfile]];
}

/** Candidate Dockerfile of a kaniko executor run (`--dockerfile`, else `<--context>/Dockerfile`). */
function kanikoFile(args: readonly string[], context: ShellBuildContext): string {
  const flags = new Set([...KANIKO_FILE_FLAGS, ...KANIKO_CONTEXT_FLAGS]);
  let file: string | undefined;
  let buildContext = '.';
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? '';
    const name = flagName(word);
    if (!flags.has(name)) continue;
    const value = name === word ? args[++i] : word.slice(name.length + 1);
    if (value === undefined) break;
    if (KANIKO_FILE_FLAGS.has(name)) file = value;
    else buildContext = value;
  }
  if (file !== undefined) return resolveRepoPath(file, context.workingDirectory, context.variables);
  const directory = buildContext.replace(/^dir:\/\//, '');
  if (isRemoteContext(directory)) return ANY_DOCKERFILE;
  return contextDockerfile(directory, context.workingDirectory, context.variables);
}

/** Words of a command without leading `VAR=value` assignments and wrappers such as `sudo -E`. */
function stripWrappers(words: readonly string[]): readonly string[] {
  let i = 0;
  while (i < words.length) {
    const word = words[i] ?? '';
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || WRAPPERS.has(word)) i++;
    else if (i > 0 && WRAPPERS.has(words[i - 1] ?? '') && word.startsWith('-')) i++;
    else break;
  }
  return words.slice(i);
}

/** The Dockerfiles one command builds, each as candidates in order of preference; empty when it builds none. */
function commandBuilds(command: readonly string[], context: ShellBuildContext): string[][] {
  const words = stripWrappers(command);
  const kaniko = words.findIndex((word, i) => KANIKO.test(word) || (i === 0 && word === 'executor' && context.kanikoContainer));
  if (kaniko >= 0) return [[kanikoFile(words.slice(kaniko + 1), context)]];
  const build = buildArguments(words);
  if (build === null) return [];
  if (build === 'any') return [[ANY_DOCKERFILE]];
  return dockerBuildFiles(build.kind, build.args, context);
}

/**
 * The Dockerfiles a `run:` script builds: one entry per Dockerfile, each the candidate paths in
 * order of preference (`podman build` reads `Containerfile`, then `Dockerfile`).
 */
export function findShellBuilds(script: string, context: ShellBuildContext): string[][] {
  return splitShellCommands(script).flatMap((command) => commandBuilds(command, context));
}

/** Flags naming the image a build tags or pushes. */
const TAG_FLAGS = new Set(['-t', '--tag']);
const KANIKO_DESTINATION_FLAGS = new Set(['-d', '--destination']);

/** Values of `flags` among `words` (`-t x`, `--tag=x`, `-tx`). */
function flagValues(words: readonly string[], flags: ReadonlySet<string>): string[] {
  const values: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const name = flagName(word);
    if (flags.has(name)) {
      const value = name === word ? words[++i] : word.slice(name.length + 1);
      if (value !== undefined) values.push(value);
    } else if (flags.has('-t') && /^-t[^-=]/.test(word)) {
      values.push(word.slice(2));
    }
  }
  return values;
}

/**
 * The image names a `run:` script's builds tag (`docker build -t`, `--tag`, kaniko
 * `--destination`), as written (variables are not expanded here).
 */
export function findShellImages(script: string, context: ShellBuildContext): string[] {
  return splitShellCommands(script).flatMap((command) => {
    const words = stripWrappers(command);
    const kaniko = words.findIndex((word, i) => KANIKO.test(word) || (i === 0 && word === 'executor' && context.kanikoContainer));
    if (kaniko >= 0) return flagValues(words.slice(kaniko + 1), KANIKO_DESTINATION_FLAGS);
    const build = buildArguments(words);
    return build === null || build === 'any' ? [] : flagValues(build.args, TAG_FLAGS);
  });
}
