import { describe, expect, it } from 'vitest';
import { extractImageRefs } from '../../../src/dockerfile/index.js';
import { summarizeRef } from '../../support/ref-summary.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

function refs(text: string) {
  return extractImageRefs('Dockerfile', text);
}

function one(text: string) {
  const found = refs(text);
  expect(found).toHaveLength(1);
  const [ref] = found;
  if (ref === undefined) throw new Error('no reference');
  return ref;
}

describe('dockerfile/extract', () => {
  it.each([
    ['FROM python', 'docker.io', 'library/python', null, null],
    ['FROM python:3.11-slim', 'docker.io', 'library/python', '3.11-slim', null],
    [`FROM python@${DIGEST}`, 'docker.io', 'library/python', null, DIGEST],
    [`FROM python:3.11@${DIGEST}`, 'docker.io', 'library/python', '3.11', DIGEST],
    ['FROM localhost:5000/team/app:1.2', 'localhost:5000', 'team/app', '1.2', null],
    ['FROM bitnami/spark:3.5.1-debian-12-r7', 'docker.io', 'bitnami/spark', '3.5.1-debian-12-r7', null],
    ['FROM index.docker.io/library/ubuntu:22.04', 'docker.io', 'library/ubuntu', '22.04', null],
    ['FROM gcr.io/distroless/static-debian12:nonroot', 'gcr.io', 'distroless/static-debian12', 'nonroot', null],
    ['from ghcr.io/org/app:v1.2.3', 'ghcr.io', 'org/app', 'v1.2.3', null],
  ])('reads %s', (text, registry, repository, tag, digest) => {
    const ref = one(text);

    expect(summarizeRef(ref)).toMatchObject({ line: 1, source: 'from', registry, repository, tag, digest });
  });

  it('gives the exact span of the tag and of the digest', () => {
    const text = `FROM python:3.11-slim@${DIGEST} AS base\n`;

    const ref = one(text);

    expect(ref.tagSlot?.span).toMatchObject({ start: 12, end: 21, line: 1, column: 13, text: '3.11-slim' });
    expect(ref.digestSlot?.span).toMatchObject({ start: 22, end: 22 + DIGEST.length, text: DIGEST });
    expect(ref.stage).toBe('base');
  });

  it('reads the platform and stage of FROM --platform=$BUILDPLATFORM golang:1.22 AS build', () => {
    const ref = one('FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n');

    expect(summarizeRef(ref)).toMatchObject({ tag: '1.22', platform: '$BUILDPLATFORM', stage: 'build' });
  });

  it('does not report scratch or a FROM naming an earlier stage, whatever its case', () => {
    const text = 'FROM golang:1.22 AS Build\nRUN go build\nFROM build AS second\nFROM BUILD\nFROM scratch\nCOPY --from=Build /a /a\n';

    expect(refs(text).map(summarizeRef)).toEqual([
      {
        line: 1,
        source: 'from',
        registry: 'docker.io',
        repository: 'library/golang',
        tag: '1.22',
        digest: null,
        stage: 'Build',
        platform: null,
        problem: null,
      },
    ]);
  });

  it('points an ARG-defined tag at the ARG line', () => {
    const text = 'ARG PY=3.11\nFROM python:${PY}-slim\n';

    const ref = one(text);

    expect(summarizeRef(ref)).toMatchObject({ line: 1, source: 'arg', tag: '3.11-slim' });
    expect(ref.instructionLine).toBe(2);
    expect(ref.tagSlot).toMatchObject({ before: '', after: '-slim', span: { line: 1, text: '3.11' } });
  });

  it('points a whole image from an ARG at the ARG default', () => {
    const ref = one('ARG BASE=python:3.11-slim\nFROM $BASE\n');

    expect(summarizeRef(ref)).toMatchObject({ line: 1, source: 'arg', repository: 'library/python', tag: '3.11-slim' });
    expect(ref.tagSlot?.span.text).toBe('3.11-slim');
    expect(ref.digestSlot?.span).toMatchObject({ start: 25, end: 25, line: 1 });
  });

  it('uses the default of ${VAR:-default} when the ARG has no value', () => {
    const ref = one('ARG TAG\nFROM python:${TAG:-3.12}\n');

    expect(summarizeRef(ref)).toMatchObject({ line: 2, source: 'from', tag: '3.12' });
    expect(ref.tagSlot?.span).toMatchObject({ line: 2, text: '3.12' });
  });

  it('prefers the ARG value over the ${VAR:-default} default', () => {
    const ref = one('ARG TAG=3.13\nFROM python:${TAG:-3.12}\n');

    expect(summarizeRef(ref)).toMatchObject({ line: 1, source: 'arg', tag: '3.13' });
  });

  it('marks an image from an ARG without default as unresolvable, with the reason', () => {
    const ref = one('ARG BASE\nFROM $BASE\n');

    expect(ref.problem?.kind).toBe('unresolvable');
    expect(ref.problem?.reason).toContain('ARG BASE (line 1) has no default value');
    expect(ref.name).toBeNull();
    expect(ref.line).toBe(2);
  });

  it('marks a variable never declared as unresolvable', () => {
    const ref = one('FROM python:${PY}\n');

    expect(ref.problem).toMatchObject({ kind: 'unresolvable' });
    expect(ref.problem?.reason).toContain('PY is not declared');
  });

  it('ignores ARGs declared inside a stage for later FROMs', () => {
    const found = refs('FROM alpine:3.19\nARG V=1.22\nFROM golang:${V}\n');

    expect(found[1]?.problem?.kind).toBe('unresolvable');
  });

  it('reads COPY --from images and RUN --mount from images, but not stages or indexes', () => {
    const text =
      'FROM golang:1.22 AS build\nFROM alpine:3.19\nCOPY --from=nginx:1.25 /etc/nginx /etc/nginx\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\nRUN --mount=type=cache,from=busybox:1.36,target=/x true\nRUN --mount=type=bind,from=build,target=/y true\n';

    const found = refs(text).map(summarizeRef);

    expect(found.map((r) => [r.line, r.source, r.repository, r.tag])).toEqual([
      [1, 'from', 'library/golang', '1.22'],
      [2, 'from', 'library/alpine', '3.19'],
      [3, 'copy-from', 'library/nginx', '1.25'],
      [6, 'mount-from', 'library/busybox', '1.36'],
    ]);
  });

  it('reads the # syntax= directive', () => {
    const ref = one('# syntax=docker/dockerfile:1.7\nFROM scratch\n');

    expect(summarizeRef(ref)).toMatchObject({ line: 1, source: 'syntax', repository: 'docker/dockerfile', tag: '1.7' });
    expect(ref.tagSlot?.span.text).toBe('1.7');
  });

  it('follows the escape directive (backtick) and continuations inside FROM', () => {
    const text = '# escape=`\nFROM `\n  mcr.microsoft.com/windows/servercore:ltsc2022 `\n  AS base\n';

    const ref = one(text);

    expect(summarizeRef(ref)).toMatchObject({
      line: 3,
      registry: 'mcr.microsoft.com',
      repository: 'windows/servercore',
      tag: 'ltsc2022',
      stage: 'base',
    });
  });

  it('skips comments between continuation lines', () => {
    const text = 'FROM \\\n# the base\n  python:3.11 \\\n  AS b\n';

    const ref = one(text);

    expect(summarizeRef(ref)).toMatchObject({ line: 3, tag: '3.11', stage: 'b' });
    expect(ref.tagSlot?.span.text).toBe('3.11');
  });

  it('reads a tag split by a continuation, editing only the part before the break', () => {
    const ref = one('FROM python:3.1\\\n1\n');

    expect(ref.name?.tag).toBe('3.11');
    expect(ref.tagSlot).toMatchObject({ before: '', after: '1', span: { line: 1, text: '3.1' } });
  });

  it('marks a tag it cannot place anywhere as uneditable', () => {
    const ref = one('ARG V=x\nFROM python:${V}${V}\n');

    expect(ref.name?.tag).toBe('xx');
    expect(ref.tagSlot).toBeUndefined();
    expect(ref.uneditable).toContain('no single place');
  });

  it('is not confused by heredocs', () => {
    const text = 'FROM alpine:3.19\nRUN <<EOF\nFROM python:3.11\nEOF\nCOPY <<EOT /x\nFROM node:20\nEOT\n';

    expect(refs(text).map((r) => r.name?.repository)).toEqual(['library/alpine']);
  });

  it('keeps offsets right with CRLF line endings and a UTF-8 BOM', () => {
    const text = '\uFEFF# syntax=docker/dockerfile:1\r\nARG V=3.19\r\nFROM alpine:${V}\r\n';

    const found = refs(text);

    expect(found.map(summarizeRef).map((r) => [r.line, r.source, r.tag])).toEqual([
      [1, 'syntax', '1'],
      [2, 'arg', '3.19'],
    ]);
    expect(text.slice(found[1]?.tagSlot?.span.start, found[1]?.tagSlot?.span.end)).toBe('3.19');
  });

  it.each([
    ['an empty file', ''],
    ['only comments', '# nothing here\n'],
    ['binary garbage', '\u0000\u0001\uFFFD\u0007FROM\u0000'],
    ['a FROM with nothing after it', 'FROM\n'],
  ])('returns no references for %s', (_label, text) => {
    expect(refs(text)).toEqual([]);
  });

  it.each([
    ['upper-case repository', 'FROM Python:3.11', 'lower-case'],
    ['a tag over 128 characters', `FROM python:${'a'.repeat(129)}`, 'at most 128'],
    ['a tag with a bad first character', 'FROM python:-3.11', 'starts with'],
    ['a malformed digest', 'FROM python@sha256:abc', 'digest'],
  ])('marks %s invalid with a reason', (_label, text, reason) => {
    const ref = one(text);

    expect(ref.problem?.kind).toBe('invalid');
    expect(ref.problem?.reason).toContain(reason);
  });

  it('splits ARG instructions with several quoted declarations', () => {
    const found = refs('ARG REG="ghcr.io/org" TAG=\'1.2.3\'\nFROM ${REG}/app:${TAG}\n');

    expect(summarizeRef(found[0] ?? one(''))).toMatchObject({
      line: 1,
      source: 'arg',
      registry: 'ghcr.io',
      repository: 'org/app',
      tag: '1.2.3',
    });
    expect(found[0]?.tagSlot?.span.text).toBe('1.2.3');
  });

  it('gives two references for two FROMs sharing one ARG, both editing the ARG line', () => {
    const found = refs('ARG PY=3.11\nFROM python:${PY}-slim AS a\nFROM python:${PY}-alpine AS b\n');

    expect(found.map((r) => [r.line, r.name?.tag, r.tagSlot?.after])).toEqual([
      [1, '3.11-slim', '-slim'],
      [1, '3.11-alpine', '-alpine'],
    ]);
  });

  it('edits a tag built from two ARGs where the version starts, keeping the other as fixed text', () => {
    const ref = one('ARG PY=3.7.5\nARG ALPINE=3.10\nFROM python:${PY}-alpine${ALPINE}\n');

    expect(ref.name?.tag).toBe('3.7.5-alpine3.10');
    expect(ref.tagSlot).toMatchObject({ before: '', after: '-alpine3.10', span: { line: 1, text: '3.7.5' } });
  });

  it('marks a FROM whose image name comes from ARGs as arg-defined, editing the line of its tag', () => {
    const ref = one('ARG OS="linux"\nFROM quay.io/prometheus/busybox-${OS}:glibc\n');

    expect(summarizeRef(ref)).toMatchObject({ line: 2, source: 'arg', repository: 'prometheus/busybox-linux', tag: 'glibc' });
  });
});
