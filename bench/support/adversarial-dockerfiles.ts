/**
 * Adversarial Dockerfiles, generated at a chosen scale, for the extraction benchmark and the
 * fuzz tests: inputs that once took time growing with the square of their size, or memory
 * growing with the power of two of their line count.
 *
 * Each kind grows with `scale` (1, 10, 100) and stays within freshbase's limits at 100
 * (1 MiB and 20,000 lines a file, 64 KiB and 1,000 flags an instruction), so the time it
 * takes shows whether extraction is linear; `OVER_LIMITS` are refused before parsing.
 */

/** One generated input kind. */
export interface AdversarialKind {
  name: string;
  /** The Dockerfile text at `scale`. */
  generate: (scale: number) => string;
}

function lines(count: number, line: (i: number) => string): string {
  return Array.from({ length: count }, (_, i) => line(i)).join('\n');
}

/** The kinds the benchmark prints and the tests run. */
export const ADVERSARIAL_KINDS: readonly AdversarialKind[] = [
  {
    name: 'many ARGs in one stage',
    generate: (scale) =>
      `FROM alpine:3.19 AS build\n${lines(150 * scale, (i) => `ARG A${i}=\${A${Math.max(0, i - 1)}:-1.${i}}-\${UNSET:-padding-text}`)}\nCOPY --from=python:3.\${A1} / /`,
  },
  {
    name: 'unclosed ${ in one ARG',
    generate: (scale) => `ARG V=\${${'${'.repeat(300 * scale)}\nFROM python:\${V}\nFROM ${'${'.repeat(300 * scale)}x`,
  },
  {
    name: 'unclosed ${ on many lines',
    generate: (scale) => lines(20 * scale, (i) => `ARG V${i}=${'${'.repeat(200)}\${V${Math.max(0, i - 1)}}\nFROM a:\${V${i}}`),
  },
  {
    name: 'one long line',
    generate: (scale) => `FROM python:3.12 AS ${'a'.repeat(200 * scale)}\nRUN echo ${'$x '.repeat(200 * scale)}`,
  },
  {
    name: 'many long lines',
    generate: (scale) => lines(20 * scale, (i) => `FROM python:3.${i} AS s${i}${'a'.repeat(200)}\nRUN echo ${'$x '.repeat(70)}`),
  },
  {
    name: 'many stages',
    generate: (scale) =>
      lines(
        45 * scale,
        (i) =>
          `FROM registry.example/team/img${i}:1.${i} AS s${i}\nRUN --mount=from=s${i},target=/m true\nCOPY --from=s${Math.max(0, i - 1)} /a /b\nENV X=${i}`,
      ),
  },
  {
    name: 'long continuation',
    generate: (scale) =>
      `FROM python:3.12\nRUN set -e \\\n${lines(15 * scale, (i) => `  && echo step ${i} of the long build \\`)}\n  && true`,
  },
  {
    name: 'many flags in one COPY',
    generate: (scale) => `FROM python:3.12 AS a\nCOPY ${'--from=a '.repeat(10 * scale)}/src /dst`,
  },
  {
    name: 'doubling ARGs',
    generate: (scale) => `ARG A0=1.0\n${lines(30 * scale, (i) => `ARG A${i + 1}=\${A${i}}\${A${i}}`)}\nFROM python:\${A${30 * scale}}`,
  },
];

/** Inputs past a limit: refused with a reason before dockerfile-ast sees them. */
export const OVER_LIMITS: readonly { name: string; text: string }[] = [
  { name: '1 MiB + 1 characters', text: `FROM python:3.12\n#${'x'.repeat(1024 * 1024 - 17)}` },
  { name: '20,001 lines', text: `${'FROM python:3.12\n'.repeat(20_000)}FROM python:3.13` },
  { name: 'a 64 KiB + 1 instruction', text: `RUN ${'x '.repeat(32 * 1024)}` },
  { name: '1,001 flags in one instruction', text: `COPY ${'--from=a '.repeat(1001)}/a /b` },
];
