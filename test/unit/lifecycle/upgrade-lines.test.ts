import { describe, expect, it } from 'vitest';
import { acceptableUpgradeLines, DAY_MS, judgeLineUpgrade, type LineJudgement } from '../../../src/lifecycle/index.js';
import { day, pinnedCatalog, reference } from './pinned.js';

const catalog = pinnedCatalog();

/** The lines offered to a user on `text` at `date`, newest first. */
function offered(text: string, date: string, minSupport?: number, part: 'version' | 'os' = 'version'): string[] | undefined {
  const query = { catalog, ...reference(text), now: day(date), part, ...(minSupport === undefined ? {} : { minSupport }) };
  return acceptableUpgradeLines(query)?.lines.map((line) => line.cycle);
}

function judge(from: string, to: string, date: string): LineJudgement {
  const { image, tag } = reference(from);
  return judgeLineUpgrade({ catalog, image, from: tag, to: reference(to).tag, now: day(date) });
}

describe('lifecycle/upgrade-lines', () => {
  it('offers ubuntu 22.04 the newest LTS, 24.04, not the interim 24.10 or 25.04 (2025-04-01)', () => {
    expect(offered('ubuntu:22.04', '2025-04-01')).toEqual(['24.04']);
    expect(judge('ubuntu:22.04', 'ubuntu:24.10', '2025-04-01')).toMatchObject({
      verdict: 'reject',
      reason: 'not-lts',
      note: 'ubuntu 24.10 (oracular) is not an LTS line; 24.04 (noble) is the newest LTS line',
    });
    expect(judge('ubuntu:22.04', 'ubuntu:25.04', '2025-04-01')).toMatchObject({ verdict: 'reject', reason: 'unreleased' });
    expect(judge('ubuntu:22.04', 'ubuntu:24.04', '2025-04-01')).toMatchObject({ verdict: 'accept', rule: 'lts' });
  });

  it('offers ubuntu 22.04 the LTS 26.04 once it is released (2026-04-23)', () => {
    expect(offered('ubuntu:jammy-20240111', '2026-04-22')).toBeUndefined();
    expect(offered('ubuntu:22.04', '2026-04-22')).toEqual(['24.04']);
    expect(offered('ubuntu:22.04', '2026-04-23')).toEqual(['26.04', '24.04']);
  });

  it('judges OS-part moves by the same rules: jammy moves to noble, bullseye to trixie', () => {
    const os = (from: string, to: string, date: string) => {
      const { image, tag } = reference(from);
      return judgeLineUpgrade({ catalog, image, from: tag, to: reference(to).tag, now: day(date), part: 'os' });
    };

    expect(offered('eclipse-temurin:17-jre-jammy', '2025-06-01', undefined, 'os')).toEqual(['24.04']);
    expect(offered('python:3.11-slim-bullseye', '2025-09-01', undefined, 'os')).toEqual(['13', '12']);
    expect(offered('python:3.11-slim', '2025-09-01', undefined, 'os')).toBeUndefined();
    expect(os('eclipse-temurin:17-jre-jammy', 'eclipse-temurin:17-jre-noble', '2025-06-01')).toMatchObject({
      verdict: 'accept',
      rule: 'lts',
    });
    expect(os('golang:1.22-alpine3.18', 'golang:1.22-alpine3.19', '2025-06-01')).toMatchObject({ verdict: 'accept' });
    expect(os('golang:1.22-alpine3.18', 'golang:1.22-alpine3.19', '2025-09-01')).toMatchObject({
      verdict: 'reject',
      reason: 'short-support',
      note: 'alpine 3.19 reaches end of life on 2025-11-01, less than 90 days away; 3.22 is the newest supported line',
    });
  });

  it('offers node 18 the newest LTS, 22, not 23, and 24 only once it is LTS (2025-10-28)', () => {
    expect(offered('node:18-alpine', '2025-06-01')).toEqual(['22', '20']);
    expect(judge('node:18-alpine', 'node:23-alpine', '2025-06-01')).toMatchObject({
      verdict: 'reject',
      reason: 'not-lts',
      note: 'node 23 is not an LTS line; 22 is the newest LTS line',
    });
    expect(judge('node:18', 'node:24', '2025-06-01')).toMatchObject({
      verdict: 'reject',
      reason: 'lts-not-yet',
      note: 'node 24 is not an LTS line until 2025-10-28; 22 is the newest LTS line',
    });
    expect(judge('node:18', 'node:24', '2025-10-28')).toMatchObject({ verdict: 'accept' });
  });

  it('offers java 17 the LTS 21, never 22, 23 or 24; 25 once released (2025-09-22)', () => {
    expect(offered('eclipse-temurin:17.0.9_9-jre-jammy', '2025-06-01')).toEqual(['21']);
    expect(offered('amazoncorretto:17-al2023', '2025-06-01')).toEqual(['21']);
    for (const to of ['22', '23', '24'])
      expect(judge('openjdk:17-jdk-slim', `openjdk:${to}-jdk-slim`, '2025-06-01')).toMatchObject({ verdict: 'reject', reason: 'not-lts' });
    expect(judge('eclipse-temurin:21-jdk', 'eclipse-temurin:24-jdk', '2025-06-01')).toMatchObject({
      note: 'java 24 is not an LTS line',
    });
    expect(offered('eclipse-temurin:17-jdk', '2025-09-22')).toEqual(['25', '21']);
  });

  it('offers a user on a non-LTS line the newest line, LTS or not', () => {
    expect(offered('python:3.9-slim', '2025-11-01')).toEqual(['3.14', '3.13', '3.12', '3.11', '3.10']);
    expect(offered('ubuntu:25.04', '2025-11-01')).toEqual(['25.10']);
    expect(offered('ubuntu:25.10', '2026-05-01')).toEqual(['26.04']);
  });

  it('never offers a line ending within minSupport (ubuntu 25.04 ends 2026-01-17)', () => {
    expect(offered('ubuntu:24.10', '2025-05-01')).toEqual(['25.04']);
    expect(judge('ubuntu:24.10', 'ubuntu:25.04', '2025-11-01')).toMatchObject({
      verdict: 'reject',
      reason: 'short-support',
      note: 'ubuntu 25.04 (plucky) reaches end of life on 2026-01-17, less than 90 days away; 25.10 (questing) is the newest supported line',
    });
    expect(offered('ubuntu:24.10', '2025-11-01', 0)).toEqual(['25.10', '25.04']);
    expect(offered('ubuntu:24.10', '2025-05-01', 300 * DAY_MS)).toEqual([]);
  });

  it('never offers a line past its end of life', () => {
    expect(judge('python:3.7', 'python:3.8', '2025-01-01')).toMatchObject({
      verdict: 'reject',
      reason: 'end-of-life',
      note: 'python 3.8 reached end of life on 2024-10-07; 3.13 is the newest supported line',
    });
  });

  it('treats MySQL 8.0 as an LTS line: 8.4 is offered, the 9.x innovation releases are not', () => {
    expect(offered('mysql:8.0', '2025-01-01')).toEqual(['8.4']);
  });

  it('accepts a tag of the same line and leaves a tag without data to the planner', () => {
    expect(judge('python:3.11-slim', 'python:3.11.9-slim', '2025-01-01')).toMatchObject({ verdict: 'accept' });
    expect(judge('busybox:1.36.1', 'busybox:1.37.0', '2025-01-01')).toEqual({ verdict: 'unknown' });
    expect(judge('python:3.12', 'python:3.99', '2025-01-01')).toEqual({ verdict: 'unknown' });
    expect(offered('busybox:1.36.1', '2025-01-01')).toBeUndefined();
  });
});
