import { readFileSync } from 'node:fs';
import { DockerfileParser, type From } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';

const text = readFileSync(new URL('../../../Dockerfile', import.meta.url), 'utf8');
const dockerfile = DockerfileParser.parse(text);
const froms = dockerfile.getFROMs();
const stageNames = froms.map((from) => from.getBuildStage()?.toLowerCase());
const instructions = dockerfile.getInstructions();
const lastFrom = froms.at(-1);
const finalStart = lastFrom?.getRange().start.line ?? 0;
const finalStage = instructions.filter((instruction) => instruction.getRange().start.line >= finalStart);

function keyword(name: string) {
  return finalStage.filter((instruction) => instruction.getKeyword() === name);
}

describe("freshbase's own Dockerfile", () => {
  it('is multi-stage', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
  });

  it('pins every external base image by tag and digest', () => {
    const external = froms.filter((from: From) => !stageNames.slice(0, froms.indexOf(from)).includes(from.getImageName()?.toLowerCase()));

    expect(external.length).toBeGreaterThan(0);
    for (const from of external) {
      expect(from.getImageTag(), from.getImage() ?? '').toMatch(/^[\w][\w.-]*$/);
      expect(from.getImageDigest(), from.getImage() ?? '').toMatch(/^sha256:[a-f0-9]{64}$/);
    }
  });

  it('installs production dependencies only in what the final stage copies', () => {
    const copiedModules = keyword('COPY').filter((copy) => copy.getArgumentsContent()?.includes('node_modules'));
    const source = copiedModules.map((copy) => /--from=(\S+)/.exec(copy.getArgumentsContent() ?? '')?.[1]);
    const sourceStart = froms.find((from) => from.getBuildStage() === source[0])?.getRange().start.line ?? -1;
    const sourceRuns = instructions.filter(
      (i) => i.getKeyword() === 'RUN' && i.getRange().start.line > sourceStart && i.getRange().start.line < finalStart,
    );

    expect(copiedModules).toHaveLength(1);
    expect(sourceRuns.some((run) => /npm ci\b.*--omit=dev/.test(run.getArgumentsContent() ?? ''))).toBe(true);
    expect(keyword('RUN').filter((run) => /npm (ci|install)/.test(run.getArgumentsContent() ?? ''))).toEqual([]);
  });

  it('runs as a numeric non-root user', () => {
    const user = keyword('USER').at(-1)?.getArgumentsContent() ?? '';

    expect(user).toMatch(/^[0-9]+(:[0-9]+)?$/);
    expect(user.split(':')[0]).not.toBe('0');
  });

  it('writes nothing outside /tmp at run time', () => {
    const env = keyword('ENV')
      .map((i) => i.getArgumentsContent() ?? '')
      .join(' ');

    expect(env).toMatch(/HOME=\/tmp\b/);
    expect(env).toMatch(/TMPDIR=\/tmp\b/);
    expect(keyword('VOLUME').map((v) => v.getArgumentsContent())).toEqual([]);
    expect(keyword('RUN')).toEqual([]);
  });
});
