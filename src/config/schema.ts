/**
 * The repository configuration, `.github/freshbase.yml`: its schema and defaults.
 *
 * Owns: every repository setting and its default (the README documents each).
 * May import: zod, node-cron (through cron.ts, validation only), versioning/, util/, lifecycle/ (the `lifecycle` key's entries).
 * Must not: read files or the environment.
 */
import { z } from 'zod';
import { DEFAULT_MIN_SUPPORT_MS, DEFAULT_WARN_BEFORE_MS, ProductOverrides } from '../lifecycle/index.js';
import { checkCron, checkTimeZone } from './cron.js';
import { UPDATE_TYPES, type UpdateType as UpdateTypeName } from '../versioning/update-types.js';
import { checkGlob, MAX_GLOBS_PER_CONFIG } from '../util/glob.js';
import { parseDuration } from './duration.js';
import type { ManifestKind } from '../manifests/index.js';

/** One kind of update (versioning/update-types.ts owns the list). */
export const UpdateType = z.enum(UPDATE_TYPES);
export type UpdateType = UpdateTypeName;

/** A duration like `3d` or `12h`, turned into milliseconds. */
const Duration = z.union([z.string(), z.number().int().nonnegative()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value * 86_400_000 : parseDuration(value);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `"${String(value)}" is not a duration like 3d, 12h or 0` });
    return z.NEVER;
  }
  return ms;
});

const Platform = z.string().regex(/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/, 'a platform is os/architecture[/variant], like linux/arm64');
/** A glob, within the limits of util/glob (length, wildcards, brace expansions). */
const Glob = z.string().superRefine((glob, ctx) => {
  const problem = checkGlob(glob);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});
const Login = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'not a GitHub user name');
const TeamSlug = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'not a team slug');
const Label = z.string().min(1).max(50);

/** A rule that leaves matching images or versions alone. */
export const IgnoreRule = z.strictObject({
  /** Image glob, in the short form users write: `python`, `bitnami/*`, `ghcr.io/org/**`. */
  image: Glob,
  /** Tags or tag globs to ignore (`3.13*`); all versions when absent. */
  versions: z.array(Glob).max(50).optional(),
  /** Only these kinds of update are ignored; all when absent. */
  updateTypes: z.array(UpdateType).optional(),
});
export type IgnoreRule = z.infer<typeof IgnoreRule>;

/** A workflow freshbase dispatches to rebuild images. */
export const RebuildTarget = z.strictObject({
  /** Workflow file name under .github/workflows (`build.yml`) or numeric id. */
  workflow: z.union([z.string().regex(/^[A-Za-z0-9_.-]+\.ya?ml$/, 'a workflow file name like build.yml'), z.number().int().positive()]),
  /** Branch or tag to run on. @default the default branch */
  ref: z
    .string()
    .regex(/^[A-Za-z0-9_./-]{1,200}$/)
    .optional(),
  /** Inputs passed to the dispatch, besides `reason` and `images` when the workflow declares them. */
  inputs: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,100}$/), z.string().max(1000)).optional(),
  /** Dockerfiles this workflow builds (globs); detected when absent. */
  dockerfiles: z.array(Glob).optional(),
});
export type RebuildTarget = z.infer<typeof RebuildTarget>;

const RebuildObject = z.strictObject({
  /** `changed`: when a base image digest changed or `maxAge` passed; `always`: every run; `never`. */
  when: z.enum(['changed', 'always', 'never']).default('changed'),
  maxAge: Duration.default(7 * 86_400_000),
  targets: z.array(RebuildTarget).max(50).optional(),
});

/** The file kinds besides Dockerfiles (manifests/ reads them), in the order the settings list them. */
const MANIFEST_KIND_NAMES = ['kubernetes', 'helm', 'compose', 'workflow', 'devcontainer'] as const satisfies readonly ManifestKind[];

/** Globs of one kind, at most 100. */
const KindGlobs = z.array(Glob).max(100).default([]);

/**
 * Which files are read for image references: `kinds` turns a file kind off (every kind is on
 * by default), `include` adds globs per manifest kind, `exclude` leaves paths out whatever
 * their kind (Dockerfiles too).
 */
export const FilesConfig = z.strictObject({
  kinds: z
    .strictObject({
      dockerfile: z.boolean().default(true),
      kubernetes: z.boolean().default(true),
      helm: z.boolean().default(true),
      compose: z.boolean().default(true),
      workflow: z.boolean().default(true),
      devcontainer: z.boolean().default(true),
    })
    .prefault({}),
  include: z
    .strictObject({
      kubernetes: KindGlobs,
      helm: KindGlobs,
      compose: KindGlobs,
      workflow: KindGlobs,
      devcontainer: KindGlobs,
    })
    .prefault({}),
  exclude: z.array(Glob).max(100).default([]),
});
export type FilesConfig = z.infer<typeof FilesConfig>;

/** The key path of every glob in a config, in document order. */
function globPaths(config: {
  dockerfiles: { include: readonly string[]; exclude: readonly string[] };
  files: FilesConfig;
  ignore: readonly IgnoreRule[];
  rebuild: { targets?: readonly RebuildTarget[] | undefined };
}): (string | number)[][] {
  return [
    ...config.dockerfiles.include.map((_, i) => ['dockerfiles', 'include', i]),
    ...config.dockerfiles.exclude.map((_, i) => ['dockerfiles', 'exclude', i]),
    ...MANIFEST_KIND_NAMES.flatMap((kind) => config.files.include[kind].map((_, i) => ['files', 'include', kind, i])),
    ...config.files.exclude.map((_, i) => ['files', 'exclude', i]),
    ...config.ignore.flatMap((rule, i) => [['ignore', i, 'image'], ...(rule.versions ?? []).map((_, j) => ['ignore', i, 'versions', j])]),
    ...(config.rebuild.targets ?? []).flatMap((target, i) =>
      (target.dockerfiles ?? []).map((_, j) => ['rebuild', 'targets', i, 'dockerfiles', j]),
    ),
  ];
}

/** The validated `.github/freshbase.yml`, with every default filled in. */
const RepoConfigObject = z.strictObject({
  /** Set to false to turn freshbase off for the repository. */
  enabled: z.boolean().default(true),
  /** Extra Dockerfile globs to include and globs to leave out. */
  dockerfiles: z.strictObject({ include: z.array(Glob).max(100).default([]), exclude: z.array(Glob).max(100).default([]) }).prefault({}),
  /** File kinds read for image references (Kubernetes, Helm, Compose, workflows, dev containers), with extra and excluded globs. */
  files: FilesConfig.prefault({}),
  /** Kinds of update proposed. */
  updateTypes: z
    .array(UpdateType)
    .min(1)
    .default([...UPDATE_TYPES]),
  ignore: z.array(IgnoreRule).max(500).default([]),
  /** A tag must have been built at least this long ago. */
  minimumReleaseAge: Duration.default(3 * 86_400_000),
  /** Add digests to references that have none. */
  pinDigests: z.boolean().default(false),
  /** Refresh the digest of references pinned as `tag@sha256:...`. */
  followDigests: z.boolean().default(true),
  /** Platforms the repository builds for; detected from `FROM --platform` or the current tag when absent. */
  platforms: z.array(Platform).min(1).max(20).optional(),
  /** Scan the repository even when it is a fork. */
  forks: z.boolean().default(false),
  pullRequests: z
    .strictObject({
      /** Most freshbase pull requests open at once. */
      limit: z.number().int().min(0).max(50).default(5),
      /** Most new pull requests per hour. */
      hourlyLimit: z.number().int().min(0).max(50).default(2),
      labels: z.array(Label).max(10).default(['dependencies', 'docker']),
      reviewers: z.array(Login).max(15).default([]),
      teamReviewers: z.array(TeamSlug).max(15).default([]),
      assignees: z.array(Login).max(10).default([]),
    })
    .prefault({}),
  schedule: z
    .strictObject({
      /** Cron expression (5 fields, node-cron syntax) of scheduled runs; one that never fires is an error. */
      cron: z
        .string()
        .max(100)
        .default('0 3 * * 1')
        .superRefine((cron, ctx) => {
          const problem = checkCron(cron);
          if (problem !== null) ctx.addIssue({ code: 'custom', message: `"${cron}": ${problem}` });
        }),
      timezone: z
        .string()
        .max(64)
        .default('UTC')
        .superRefine((timezone, ctx) => {
          const problem = checkTimeZone(timezone);
          if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
        }),
    })
    .prefault({}),
  /** When scheduled runs dispatch rebuilds; `rebuild: always` is short for `rebuild: { when: always }`. */
  rebuild: z.preprocess((value) => (typeof value === 'string' ? { when: value } : value), RebuildObject).prefault({}),
  /** Release lifecycles: what a line upgrade must have left, when to warn, and the repository's own products. */
  lifecycle: z
    .strictObject({
      /** A line upgrade never goes to a line that reaches end of life within this. */
      minSupport: Duration.default(DEFAULT_MIN_SUPPORT_MS),
      /** A reference whose line reaches end of life within this is warned about. */
      warnBefore: Duration.default(DEFAULT_WARN_BEFORE_MS),
      /** Images mapped to products, and release lines added or corrected. */
      products: ProductOverrides.default([]),
    })
    .prefault({}),
  /** Log what would be written instead of writing it. */
  dryRun: z.boolean().default(false),
});

/** The validated `.github/freshbase.yml`, with every default filled in; at most `MAX_GLOBS_PER_CONFIG` globs in all. */
export const RepoConfig = RepoConfigObject.superRefine((config, ctx) => {
  const paths = globPaths(config);
  const over = paths[MAX_GLOBS_PER_CONFIG];
  if (over !== undefined) {
    ctx.addIssue({ code: 'custom', path: over, message: `the config has ${paths.length} globs; at most ${MAX_GLOBS_PER_CONFIG} in all` });
  }
});
export type RepoConfig = z.infer<typeof RepoConfig>;
