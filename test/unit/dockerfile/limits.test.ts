import { describe, expect, it } from 'vitest';
import { ADVERSARIAL_KINDS, OVER_LIMITS } from '../../../bench/support/adversarial-dockerfiles.js';
import { checkDockerfileLimits, extractImageRefs } from '../../../src/dockerfile/index.js';
import type { ImageRef } from '../../../src/refs/index.js';

function refs(text: string): ImageRef[] {
  return extractImageRefs('Dockerfile', text);
}

/** `ARG A0=<8 x>` then 30 ARGs each doubling the previous one, used by a FROM: 635 bytes. */
function doublingBomb(): string {
  const lines = ['ARG A0=xxxxxxxx'];
  for (let i = 1; i <= 30; i++) lines.push(`ARG A${i}=\${A${i - 1}}\${A${i - 1}}`);
  lines.push('FROM python:${A30}');
  return lines.join('\n');
}

describe('dockerfile/extract limits', () => {
  it('skips a reference whose ARGs double 30 times, naming the first ARG past 4 KiB', () => {
    const text = doublingBomb();

    const found = refs(text);

    // A_i holds 8 × 2^i characters: A9 has 4,096 (the limit), A10 (line 11) has 8,192.
    expect(text.length).toBeLessThan(700);
    expect(found).toHaveLength(1);
    expect(found[0]?.problem).toEqual({
      kind: 'unresolvable',
      reason: "ARG A10 (line 11): the value expands to more than 4096 characters (freshbase's limit)",
    });
  });

  it('expands a value of exactly 4096 characters and refuses 4097', () => {
    const half = 'a'.repeat(2048);
    const text = `ARG H=${half}\nARG FULL=\${H}\${H}\nARG OVER=\${FULL}1\nFROM python:3.\${FULL:+1}\nFROM python:3.\${OVER:+1}\nFROM python:\${FULL}`;

    const [fits, over, long] = refs(text);

    expect(fits?.raw).toBe('python:3.1');
    expect(over?.problem?.reason).toBe("ARG OVER (line 3): the value expands to more than 4096 characters (freshbase's limit)");
    expect(long?.problem?.reason).toBe("the value expands to more than 4096 characters (freshbase's limit)");
  });

  it('stops expanding once a file has spent its expansion work, and says so on the later references', () => {
    const value = 'b'.repeat(4000);
    const text = `ARG V=${value}\n${'FROM python:3.${V}\n'.repeat(600)}`;

    const found = refs(text);

    // Each FROM reads its 13 characters and builds some 4,010: 2 MiB of work lasts about 520 of them.
    const limited = found.filter((ref) => ref.problem?.reason.includes('needs more than 2097152 characters of work'));
    expect(found).toHaveLength(600);
    expect(found[0]?.problem?.kind).toBe('invalid');
    expect(found[0]?.problem?.reason).toBe(`"python:3.${'b'.repeat(91)}…": image reference is 4009 characters long (at most 520)`);
    expect(found.at(-1)?.problem).toEqual({
      kind: 'unresolvable',
      reason: "expanding build arguments in this file needs more than 2097152 characters of work (freshbase's limit)",
    });
    expect(limited.length).toBeGreaterThan(50);
    expect(limited.length).toBeLessThan(100);
  });

  it.each(OVER_LIMITS)('refuses $name before parsing, with the reason', ({ text }) => {
    const reason = checkDockerfileLimits(text);

    expect(reason).not.toBeNull();
    expect(refs(text)).toEqual([
      {
        file: 'Dockerfile',
        kind: 'dockerfile',
        line: 1,
        instructionLine: 1,
        source: 'from',
        raw: '',
        name: null,
        problem: { kind: 'invalid', reason },
      },
    ]);
  });

  it.each(
    (
      [
        ['1 MiB exactly', `#${'x'.repeat(1024 * 1024 - 1)}`, null],
        ['20,000 lines', 'FROM a\n'.repeat(19_999) + 'FROM a', null],
        ['20,001 lines', 'FROM a\n'.repeat(20_000) + 'FROM a', 'the file has 20001 lines, more than freshbase reads (20000)'],
        ['20,001 lines ending in CR', 'FROM a\r'.repeat(20_001), 'the file has 20001 lines, more than freshbase reads (20000)'],
        ['20,000 lines ending in CRLF', 'FROM a\r\n'.repeat(20_000), null],
        [
          'a continuation with comment lines counted as one instruction',
          `FROM a\nRUN x \\\n${'# c\n  && y \\\n'.repeat(8000)}  && z`,
          'the instruction at line 2 is longer than freshbase reads (65536 characters)',
        ],
        [
          'a backtick continuation',
          `# escape=\`\nRUN x \`\n${'  && y `\n'.repeat(8000)}  && z`,
          'the instruction at line 2 is longer than freshbase reads (65536 characters)',
        ],
        ['1,000 flags on separate lines of one COPY', `COPY \\\n${'--from=a \\\n'.repeat(1000)}/a /b`, null],
        [
          '1,001 flags on separate lines of one COPY',
          `COPY \\\n${'--from=a \\\n'.repeat(1001)}/a /b`,
          'the instruction at line 1 has more than 1000 flags (--name), more than freshbase reads',
        ],
        ['1,001 flags over many instructions', 'COPY --from=a /a /b\n'.repeat(1001), null],
      ] as [string, string, string | null][]
    ).map(([name, text, reason]) => ({ name, text, reason })),
  )('$name', ({ text, reason }) => {
    expect(checkDockerfileLimits(text)).toBe(reason);
  });

  it.each(ADVERSARIAL_KINDS)('extracts $name at 10x without throwing', (kind) => {
    const text = kind.generate(10);

    const found = refs(text);

    expect(checkDockerfileLimits(text)).toBeNull();
    expect(found.length).toBeGreaterThan(0);
    for (const ref of found) expect(ref.problem === undefined ? ref.name : ref.problem.reason).toBeTruthy();
  });
});
