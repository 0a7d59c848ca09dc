/**
 * Planning with release-line data on real tag lists: the official-image snapshot of 2025-03-31
 * (fixtures/official-images/), the release lines as taken on 2026-08-22 (fixtures/lifecycle/),
 * each decision at a fixed date. Where an example of issue 12 happens after the snapshot, the
 * units published later are added by hand (`LaterUnit`), as upstream published them. Expected
 * values are read off the tag lists and endoflife.date's dates by hand.
 */
import { describe, expect, it } from 'vitest';
import { parseRepoConfig } from '../../../src/config/parse-repo-config.js';
import { labelsOf } from '../../../src/github/pull-requests.js';
import { renderPrBody } from '../../../src/github/render/pull-request.js';
import { groupProposals, planWithAnswers, type PlanPolicy, type Proposal, type RefFacts } from '../../../src/plan/index.js';
import { officialFacts, type LaterUnit } from '../../support/official-facts.js';
import { answerFrom, refOf, summary } from '../../unit/plan/plan-helpers.js';
import { pinnedCatalog } from '../../unit/lifecycle/pinned.js';

const catalog = pinnedCatalog();

/** Plans `FROM image:tag` on `facts` at noon UTC of `date`, recording every lookup asked for. */
function planAt(text: string, facts: RefFacts, date: string, config = ''): { proposal: Proposal; asked: string[] } {
  const policy: PlanPolicy = { ...parseRepoConfig(config), catalog };
  const asked: string[] = [];
  const answer = answerFrom(facts);
  const { proposal } = planWithAnswers(
    { ref: refOf(`FROM ${text}\n`), tags: facts.tags, policy, now: new Date(`${date}T12:00:00Z`) },
    (request) => {
      asked.push(...request.tags.map((t) => `full:${t}`), ...request.tagDigests.map((t) => `digest:${t}`));
      return answer(request);
    },
  );
  return { proposal, asked };
}

/** Ubuntu after the snapshot: 25.04 (plucky) released 2025-04-17, 25.10 (questing) released 2025-10-09 and `rolling`, 26.04 (resolute) in `devel`. */
const UBUNTU_LATER: LaterUnit[] = [
  { tags: ['25.10', 'questing', 'rolling'], created: '2025-10-09T00:00:00Z' },
  { tags: ['26.04', 'resolute', 'devel'], created: '2025-11-20T00:00:00Z' },
];

describe('plan with release lines on the official-image snapshot', () => {
  describe('line upgrades a maintainer would take', () => {
    it('offers ubuntu:22.04 the LTS 24.04, never 25.04 (an interim release with weeks left), on 2025-12-01', () => {
      const { proposal, asked } = planAt('ubuntu:22.04', officialFacts('ubuntu', UBUNTU_LATER), '2025-12-01');

      expect(summary(proposal)).toEqual([['major', '24.04']]);
      expect(proposal.notes).toEqual(['ubuntu 25.10 (questing) is not an LTS line; 24.04 (noble) is the newest LTS line']);
      // The lines the data rules out cost no lookup.
      expect(asked.filter((a) => /:(24\.10|25\.04|25\.10)$/.test(a))).toEqual([]);
    });

    it('offers ubuntu:22.04 the LTS 24.04 on the snapshot day: 24.10 is `rolling` (released), but no LTS', () => {
      const { proposal } = planAt('ubuntu:22.04', officialFacts('ubuntu'), '2025-04-01');

      expect(summary(proposal)).toEqual([['major', '24.04']]);
      expect(proposal.notes).toEqual(['ubuntu 24.10 (oracular) is not an LTS line; 24.04 (noble) is the newest LTS line']);
    });

    it('offers ubuntu:25.04 a line upgrade to 25.10 once 25.10 is `rolling` (2025-11-01); 26.04 is `devel`', () => {
      const { proposal } = planAt('ubuntu:25.04', officialFacts('ubuntu', UBUNTU_LATER), '2025-11-01');

      expect(summary(proposal)).toEqual([['minor', '25.10']]);
      expect(proposal.eol).toEqual({
        line: 'ubuntu 25.04 (plucky)',
        date: '2026-01-17',
        state: 'soon',
        message: 'ubuntu 25.04 (plucky) reaches end of life on 2026-01-17; 25.10 (questing) is the newest supported line',
      });
    });

    it('offers ubuntu:24.10 (`rolling` on the snapshot day, a released version) nothing: 25.04 is not released until 2025-04-17', () => {
      const { proposal } = planAt('ubuntu:24.10', officialFacts('ubuntu'), '2025-04-01');

      expect(proposal).toMatchObject({ status: 'up-to-date', reason: 'no newer compatible tag than 24.10 on a released, supported line' });
      expect(proposal.notes).toEqual(['ubuntu 25.04 (plucky) is not released until 2025-04-17']);
    });

    it('offers amazoncorretto:17 the LTS 21, not Java 24 (no LTS, end of life 2025-09)', () => {
      const { proposal, asked } = planAt('amazoncorretto:17', officialFacts('amazoncorretto'), '2025-04-01');

      expect(summary(proposal)).toEqual([['major', '21']]);
      expect(proposal.notes).toEqual([
        '17 points at the same image as 17.0.14 now',
        'java 24 is not an LTS line; 21 is the newest LTS line',
      ]);
      expect(asked.filter((a) => /:2[234]$/.test(a))).toEqual([]);
    });

    it('offers eclipse-temurin:21-jdk no line upgrade: 24 is no LTS and 25 is not released (2025-04-01)', () => {
      const { proposal } = planAt('eclipse-temurin:21-jdk', officialFacts('eclipse-temurin'), '2025-04-01');

      expect(proposal.updates.filter((u) => u.kind === 'line-upgrade')).toEqual([]);
      expect(proposal.notes).toEqual(['21-jdk points at the same image as 21.0.6_7-jdk now', 'java 24 is not an LTS line']);
    });

    it('offers openjdk:17-jdk-slim no line: never 18 (no LTS, end of life), and 21-jdk-slim is 21-rc-jdk-slim; names the image as deprecated', () => {
      const { proposal, asked } = planAt('openjdk:17-jdk-slim', officialFacts('openjdk'), '2025-04-01');

      expect(proposal).toMatchObject({ status: 'up-to-date', updates: [] });
      expect(proposal.notes).toEqual([
        '17-jdk-slim points at the same image as 17.0.2-jdk-slim now',
        'java 24 is not an LTS line; 21 is the newest LTS line',
      ]);
      expect(asked.filter((a) => /:(18|19|20|22|23|24)[.-]/.test(a))).toEqual([]);
      expect(proposal.deprecated).toBe('openjdk is deprecated upstream (since 2022-07); use eclipse-temurin or amazoncorretto');
    });

    it('never proposes busybox 1.37.0, which upstream marks `unstable` (`stable` is 1.36.1)', () => {
      const { proposal } = planAt('busybox:1.36.1', officialFacts('busybox'), '2025-04-01');

      expect(proposal).toMatchObject({ status: 'up-to-date', updates: [] });
    });

    it('offers node 20 the LTS 22 without reading the `lts` alias, and node 23 never', () => {
      const { proposal, asked } = planAt('node:20.11.0-bookworm-slim', officialFacts('node'), '2025-04-01');

      expect(summary(proposal)).toEqual([
        ['patch', '20.11.1-bookworm-slim'],
        ['major', '22.14.0-bookworm-slim'],
      ]);
      expect(proposal.notes).toEqual(['node 23 is not an LTS line; 22 is the newest LTS line']);
      expect(asked.filter((a) => a.includes('lts') || /:23\./.test(a))).toEqual([]);
    });

    it('never offers a line within lifecycle.minSupport of its end of life', () => {
      // python 3.9 on 2025-09-01 (3.14 not released yet): 3.13, the newest line, ends 2029-10-31, 1,521 days away: less than 1600 days.
      const { proposal } = planAt('python:3.9.18-slim', officialFacts('python'), '2025-09-01', 'lifecycle:\n  minSupport: 1600d\n');

      expect(summary(proposal)).toEqual([['patch', '3.9.21-slim']]);
      expect(proposal.notes).toEqual(['python 3.13 reaches end of life on 2029-10-31, less than 1600 days away']);
    });
  });

  describe('end-of-life warnings', () => {
    it('warns that python 3.9 reaches its end of life (2025-09-01) and reached it (2025-11-15)', () => {
      const soon = planAt('python:3.9.18-slim', officialFacts('python'), '2025-09-01').proposal;
      const past = planAt('python:3.9.18-slim', officialFacts('python'), '2025-11-15').proposal;

      expect(soon.eol).toEqual({
        line: 'python 3.9',
        date: '2025-10-31',
        state: 'soon',
        message: 'python 3.9 reaches end of life on 2025-10-31; 3.13 is the newest supported line',
      });
      expect(past.eol).toEqual({
        line: 'python 3.9',
        date: '2025-10-31',
        state: 'eol',
        message: 'python 3.9 reached end of life on 2025-10-31; 3.14 is the newest supported line',
      });
    });

    it('warns only within lifecycle.warnBefore: python 3.9 on 2025-09-01 is 60 days from its end, past a 30-day warning', () => {
      const { proposal } = planAt('python:3.9.18-slim', officialFacts('python'), '2025-09-01', 'lifecycle:\n  warnBefore: 30d\n');

      expect(proposal.eol).toBeUndefined();
    });

    it("puts the end-of-life label and date on the line upgrade's pull request, not on the in-line one", () => {
      const { proposal } = planAt('python:3.9.18-slim', officialFacts('python'), '2025-11-15');
      const groups = groupProposals([proposal]);
      const upgrade = groups.find((g) => g.kind === 'line-upgrade');
      const inLine = groups.find((g) => g.kind === 'in-line');
      const config = parseRepoConfig('');

      expect(upgrade?.line).toBe('3.13');
      expect(upgrade === undefined ? [] : labelsOf(upgrade, config)).toEqual(['dependencies', 'docker', 'end-of-life']);
      expect(inLine === undefined ? [] : labelsOf(inLine, config)).toEqual(['dependencies', 'docker']);
      expect(
        upgrade === undefined ? '' : renderPrBody(upgrade, { group: upgrade.key, base: 'a', head: 'b', items: [] }, new Date('2025-11-15')),
      ).toContain('**End of life: 2025-10-31.** python 3.9 reached end of life on 2025-10-31; 3.14 is the newest supported line.');
    });

    it('warns about slim-bullseye once Debian 11 LTS ended (2026-08-31), although python 3.12 is supported, and moves it to bookworm', () => {
      const { proposal } = planAt('python:3.12-slim-bullseye', officialFacts('python'), '2026-09-15');

      expect(proposal.eol).toEqual({
        line: 'debian 11 (bullseye)',
        date: '2026-08-31',
        state: 'eol',
        message: 'debian 11 (bullseye) reached end of life on 2026-08-31; 13 (trixie) is the newest supported line',
      });
      expect(summary(proposal)).toContainEqual(['os', '3.12-slim-bookworm']);
    });
  });

  describe('OS-variant moves (`os` updates)', () => {
    it('moves python:3.12.0-alpine3.18 (no build since 2023-11-29) to 3.12.9-alpine3.21, the newest alpine the line is built on', () => {
      const { proposal } = planAt('python:3.12.0-alpine3.18', officialFacts('python'), '2025-04-01');

      expect(summary(proposal).filter(([type]) => type === 'os')).toEqual([['os', '3.12.9-alpine3.21']]);
      expect(
        groupProposals([proposal])
          .filter((g) => g.kind === 'os')
          .map((g) => g.items.length),
      ).toEqual([1]);
    });

    it('moves an alpine3.18 tag to alpine3.22 once python builds on it (2025-07-01)', () => {
      const later: LaterUnit[] = [{ tags: ['3.12.11-alpine3.22', '3.12-alpine3.22'], created: '2025-06-04T00:00:00Z' }];

      const { proposal } = planAt('python:3.12.0-alpine3.18', officialFacts('python', later), '2025-07-01');

      expect(summary(proposal).filter(([type]) => type === 'os')).toEqual([['os', '3.12.11-alpine3.22']]);
    });

    it('moves python:3.9.17-slim-buster (no build since 2023-06-06; Debian 10 LTS ended 2024-06-30) to slim-bookworm, the newest Debian it is built on', () => {
      const { proposal } = planAt('python:3.9.17-slim-buster', officialFacts('python'), '2025-04-01');

      expect(summary(proposal).filter(([type]) => type === 'os')).toEqual([['os', '3.9.21-slim-bookworm']]);
      expect(proposal.eol).toMatchObject({ line: 'debian 10 (buster)', state: 'eol' });
    });

    it('moves eclipse-temurin:17.0.14_7-jre-jammy to noble once Ubuntu 22.04 is past its end of life', () => {
      const before = planAt('eclipse-temurin:17.0.14_7-jre-jammy', officialFacts('eclipse-temurin'), '2025-04-01').proposal;
      const after = planAt('eclipse-temurin:17.0.14_7-jre-jammy', officialFacts('eclipse-temurin'), '2027-07-01').proposal;

      expect(summary(before).filter(([type]) => type === 'os')).toEqual([]);
      expect(summary(after).filter(([type]) => type === 'os')).toEqual([['os', '17.0.14_7-jre-noble']]);
    });

    it('never gives an implicit OS an explicit one: python:3.9.18-slim gets no os update', () => {
      const { proposal } = planAt('python:3.9.18-slim', officialFacts('python'), '2026-09-15');

      expect(proposal.updates.filter((u) => u.kind === 'os')).toEqual([]);
    });

    it('keeps the platform rule: an OS move that drops a platform the repository builds for is not proposed', () => {
      // No python 3.9 slim image on bullseye or bookworm is built for linux/riscv64.
      const { proposal } = planAt('python:3.9.17-slim-buster', officialFacts('python'), '2025-04-01', 'platforms: [linux/riscv64]\n');

      expect(proposal.updates.filter((u) => u.kind === 'os')).toEqual([]);
    });
  });
});
