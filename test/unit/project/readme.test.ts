/** The README held to the code: its lists match the code's, and its links stay inside the repository. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SKIP_REASONS } from '../../../src/plan/index.js';
import { UPDATE_TYPES } from '../../../src/versioning/update-types.js';

const ROOT = new URL('../../../', import.meta.url);
const DOCUMENTS = [
  'README.md',
  'docs/architecture.md',
  'docs/STYLE.md',
  'fixtures/official-images/README.md',
  'fixtures/dockerfiles/planning/README.md',
];

function read(path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8');
}

describe('project: README', () => {
  it('lists every skipReason code of the JSON contract, and no other', () => {
    const table = /\| `skipReason` \| meaning \|\n\| --- \| --- \|\n((?:\|.*\n)+)/.exec(read('README.md'))?.[1] ?? '';
    const codes = [...table.matchAll(/^\| `([a-z-]+)` \|/gm)].map((match) => match[1]);

    expect(codes.sort()).toEqual([...SKIP_REASONS].sort());
  });

  it('gives every update type as the default of updateTypes', () => {
    expect(read('README.md')).toContain(`| \`updateTypes\` | all: \`[${UPDATE_TYPES.join(', ')}]\` |`);
  });

  it.each(DOCUMENTS)('%s links only to files inside the repository, and they exist', (document) => {
    const text = read(document);
    const base = new URL(document, ROOT);
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1] ?? '')
      .filter((target) => !/^(https?:|mailto:|#)/.test(target))
      .map((target) => fileURLToPath(new URL(target.replace(/#.*$/, ''), base)));

    expect(targets.filter((path) => !path.startsWith(fileURLToPath(ROOT)))).toEqual([]);
    expect(targets.filter((path) => !existsSync(path))).toEqual([]);
  });
});
