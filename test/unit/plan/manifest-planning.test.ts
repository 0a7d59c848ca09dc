import { describe, expect, it } from 'vitest';
import { parseRepoConfig } from '../../../src/config/parse-repo-config.js';
import { extractManifestRefs, type ManifestFile } from '../../../src/manifests/index.js';
import { formatRepository } from '../../../src/oci/reference.js';
import {
  editsByFile,
  planReference,
  planRepository,
  planWithAnswers,
  type PlanPolicy,
  type Proposal,
  type RefFacts,
} from '../../../src/plan/index.js';
import { applyEdits } from '../../../src/refs/index.js';
import { answerFrom, factsFor, NOW, summary } from './plan-helpers.js';

/** Plans every reference of a manifest against facts per short image name, then the repository. */
function planFile(file: ManifestFile, facts: Record<string, RefFacts>): Proposal[] {
  const policy = parseRepoConfig('');
  const proposals = extractManifestRefs(file).map((ref) => {
    const own = ref.name === null ? undefined : facts[formatRepository(ref.name)];
    if (own === undefined) return planReference({ ref, facts: null, policy, now: NOW });
    return planWithAnswers({ ref, tags: own.tags, policy, now: NOW }, answerFrom(own)).proposal;
  });
  return planRepository({ proposals }).proposals;
}

const PYTHON = factsFor([{ tags: ['3.9'] }, { tags: ['3.10'] }, { tags: ['3.11'] }]);

describe('plan: manifest references', () => {
  it('skips a bare Helm tag whose newer versions YAML would read as numbers, saying why, instead of failing at publish time', () => {
    const file: ManifestFile = { path: 'charts/app/values.yaml', kind: 'helm', text: 'image:\n  repository: python\n  tag: 3.9\n' };

    const [proposal] = planFile(file, { python: PYTHON });

    expect(proposal?.status).toBe('skipped');
    expect(proposal?.status === 'skipped' ? proposal.skip : null).toBe('uneditable');
    expect(proposal?.reason).toBe(
      '"3.11" written without quotes would be read by YAML as a number, boolean or null, not as the string "3.11"; quote the value in the file to let freshbase edit it',
    );
  });

  it('proposes the same bump for a quoted Helm tag', () => {
    const file: ManifestFile = { path: 'charts/app/values.yaml', kind: 'helm', text: 'image:\n  repository: python\n  tag: "3.9"\n' };

    const [proposal] = planFile(file, { python: PYTHON });

    expect(proposal === undefined ? [] : summary(proposal)).toEqual([['minor', '3.11']]);
  });

  it("reports the chart's appVersion as the tag of a map with an empty tag, and never edits it", () => {
    const file: ManifestFile = {
      path: 'charts/spark/values.yaml',
      kind: 'helm',
      text: 'image:\n  repository: spark\n  tag: ""\n',
      chart: { path: 'charts/spark/Chart.yaml', text: 'apiVersion: v2\nname: spark\nversion: 0.1.0\nappVersion: 3.5.1\n' },
    };
    const spark = factsFor([{ tags: ['3.5.1'] }, { tags: ['3.5.5'] }]);

    const [proposal] = planFile(file, { spark });

    expect(proposal?.ref.name?.tag).toBe('3.5.1');
    expect(proposal?.status === 'skipped' ? proposal.skip : null).toBe('uneditable');
    expect(proposal?.reason).toContain("the chart's appVersion (charts/spark/Chart.yaml line 4) is what runs");
    expect(proposal?.updates).toEqual([]);
  });

  it('gathers the uses of one YAML anchor into one group whose commit makes one edit at the anchor', () => {
    const text = 'x-python: &py python:3.11.8-slim\nservices:\n  api:\n    image: *py\n  worker:\n    image: *py\n';
    const python = factsFor([{ tags: ['3.11.8-slim'] }, { tags: ['3.11.9-slim'], created: '2025-03-01T00:00:00Z' }]);

    const proposals = planFile({ path: 'compose.yaml', kind: 'compose', text }, { python });
    const { groups } = planRepository({ proposals });
    const edits = editsByFile(groups[0]?.items ?? []);

    expect(proposals.map((p) => [p.ref.path, p.ref.line, p.ref.anchor, summary(p)])).toEqual([
      ['services.api.image', 1, 'py', [['patch', '3.11.9-slim']]],
      ['services.worker.image', 1, 'py', [['patch', '3.11.9-slim']]],
    ]);
    expect(groups.map((g) => [g.key, g.items.length])).toEqual([['python-3.11', 2]]);
    expect(edits.get('compose.yaml')).toHaveLength(1);
    expect(applyEdits('compose.yaml', text, edits.get('compose.yaml') ?? [])).toBe(text.replace('3.11.8-slim', '3.11.9-slim'));
  });

  it('updates nothing through an anchor shared by images that need different tags, and says why', () => {
    const text = [
      'api:',
      '  image:',
      '    repository: python',
      '    tag: &v "3.9"',
      'docs:',
      '  image:',
      '    repository: pypy',
      '    tag: *v',
      '',
    ].join('\n');
    const pypy = factsFor([{ tags: ['3.9'] }, { tags: ['3.10'] }]);

    const proposals = planFile({ path: 'values.yaml', kind: 'helm', text }, { python: PYTHON, pypy });

    expect(proposals.map((p) => [p.ref.raw, p.status, p.status === 'skipped' ? p.skip : null])).toEqual([
      ['python:3.9', 'skipped', 'uneditable'],
      ['pypy:3.9', 'skipped', 'uneditable'],
    ]);
    expect(proposals[0]?.reason).toBe(
      'the tag or digest is written in one place shared with pypy:3.9 (line 6, docs.image), which needs a different update; write them separately to update them',
    );
  });

  it("refreshes a pinned digest of the repository's own image as soon as its workflow rebuilt it, and waits for anyone else's", () => {
    const rebuilt = factsFor([{ tags: ['1.0'], created: '2025-03-31T12:00:00Z' }]);
    const before = `sha256:${'1'.repeat(64)}`;
    const ref = extractManifestRefs({
      path: 'k8s/app.yaml',
      kind: 'kubernetes',
      text: `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: acme/app:1.0@${before}\n`,
    })[0];
    if (ref === undefined) throw new Error('no reference');
    const config = parseRepoConfig('');
    const planWith = (policy: PlanPolicy): Proposal =>
      planWithAnswers({ ref, tags: rebuilt.tags, policy, now: NOW }, answerFrom(rebuilt)).proposal;

    const own = planWith({ ...config, builtRepositories: new Set(['docker.io/acme/app']) });
    const theirs = planWith(config);

    expect(summary(own)).toEqual([['digest', '1.0']]);
    expect(own.updates[0]?.newDigest).toBe(rebuilt.digestOf('1.0'));
    expect(theirs.status === 'skipped' ? theirs.skip : theirs.status).toBe('too-new');
  });
});
