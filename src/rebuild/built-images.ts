/**
 * The images a repository's own workflows build and push: `tags` of `docker/build-push-action`,
 * `images` of `docker/metadata-action` (whose tags build-push-action usually takes), `image` of
 * `redhat-actions/buildah-build`, and `-t`/`--tag` of build commands or kaniko's `--destination`
 * in `run:` scripts. Only literal names count, after the workflow's literal env values and input
 * defaults are put in: a name made from an expression is unknown here.
 *
 * Owns: `listBuiltRepositories`. May import: oci/, the rebuild files. Must not: do I/O, throw.
 */
import { parseImageName, repositoryKey } from '../oci/reference.js';
import { substituteVariables, type PathVariables } from './dockerfile-path.js';
import { findShellImages } from './shell-builds.js';
import { readWorkflow, type Workflow, type WorkflowJob, type WorkflowStep } from './workflow-file.js';

const KANIKO_IMAGE = /kaniko[^\s]*\/executor(?:[:@]|$)/;

/** Entries of a list input: one per line or comma (`tags: a:1,b:2`). */
function listEntries(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** metadata-action `images`: `ghcr.io/acme/app` or the CSV form `name=ghcr.io/acme/app,enable=true` (one per line). */
function metadataImages(text: string | undefined): string[] {
  return (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .flatMap((line) => {
      if (line === '') return [];
      if (!line.includes('=')) return [line.split(',')[0]?.trim() ?? ''];
      const name = line.split(',').find((part) => part.trim().startsWith('name='));
      return name === undefined ? [] : [name.trim().slice('name='.length)];
    });
}

function stepImages(step: WorkflowStep, job: WorkflowJob, variables: PathVariables): string[] {
  const uses = step.uses?.trim().toLowerCase() ?? '';
  if (uses.startsWith('docker/build-push-action@')) return listEntries(step.with.tags);
  if (uses.startsWith('docker/metadata-action@')) return metadataImages(step.with.images);
  if (uses.startsWith('redhat-actions/buildah-build@')) return step.with.image === undefined ? [] : [step.with.image];
  if (step.run === undefined) return [];
  const context = {
    workingDirectory: step.workingDirectory ?? job.workingDirectory ?? '.',
    variables,
    kanikoContainer: KANIKO_IMAGE.test(job.container ?? ''),
  };
  return findShellImages(step.run, context);
}

/** Input defaults, as a dispatch without inputs (a scheduled rebuild) would run. */
function inputDefaults(workflow: Workflow): Map<string, string> {
  const declared = [...(workflow.dispatchInputs ?? []), ...(workflow.callInputs ?? [])];
  return new Map(declared.flatMap((input) => (input.default === undefined ? [] : [[input.name, input.default] as const])));
}

/** `docker.io/acme/app` for a literal image name, or null. */
function repositoryOf(text: string, variables: PathVariables): string | null {
  const literal = substituteVariables(text.trim(), variables);
  if (literal === '' || /[$`{}]/.test(literal)) return null;
  const parsed = parseImageName(literal);
  return parsed.ok ? repositoryKey(parsed.name) : null;
}

/**
 * The repositories (`docker.io/acme/app`, `ghcr.io/acme/worker`) the workflows build, sorted and
 * unique. Unreadable files are skipped (rebuild detection reports them).
 */
export function listBuiltRepositories(workflows: readonly { path: string; content: string }[]): string[] {
  const repositories = new Set<string>();
  for (const file of workflows) {
    const read = readWorkflow(file.path, file.content);
    if (!read.ok) continue;
    const { workflow } = read;
    const inputs = inputDefaults(workflow);
    for (const job of workflow.jobs) {
      for (const step of job.steps) {
        const variables = { env: new Map(Object.entries({ ...workflow.env, ...job.env, ...step.env })), inputs };
        for (const image of stepImages(step, job, variables)) {
          const repository = repositoryOf(image, variables);
          if (repository !== null) repositories.add(repository);
        }
      }
    }
  }
  return [...repositories].sort();
}
