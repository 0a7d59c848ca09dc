import { describe, expect, it } from 'vitest';
import { parseRepoConfig } from '../../../src/config/parse-repo-config.js';
import type { Proposal, RefFacts } from '../../../src/plan/index.js';
import type { ImageRef } from '../../../src/refs/index.js';
import { listBumpPairs, listCurrentImages } from '../../../src/scan/security-pairs.js';
import { factsFor, plan } from '../plan/plan-helpers.js';

const facts = factsFor([{ tags: ['3.11.8-slim'] }, { tags: ['3.11.11-slim'], created: '2025-03-01T00:00:00Z' }]);
const policy = parseRepoConfig('');

function inFile(proposal: Proposal, file: string): Proposal {
  return { ...proposal, ref: { ...proposal.ref, file } };
}

function input(proposals: Proposal[], factsOf: (ref: ImageRef) => RefFacts | null = () => facts, config = '') {
  return {
    proposals,
    facts: new Map(proposals.map((p) => [p.ref, factsOf(p.ref)])),
    policy: config === '' ? policy : parseRepoConfig(config),
  };
}

describe('scan/security-pairs', () => {
  it('pairs the index a reference runs with the one its update leads to, once for every reference of that bump', () => {
    const a = plan('FROM python:3.11.8-slim\n', facts);
    const b = inFile(plan('FROM python:3.11.8-slim\n', facts), 'worker/Dockerfile');

    const { pairs, unlocated } = listBumpPairs(input([a, b]));

    expect(
      pairs.map((pair) => [pair.current, pair.proposed, `${pair.platform.os}/${pair.platform.architecture}`, pair.updates.length]),
    ).toEqual([[facts.digestOf('3.11.8-slim'), facts.digestOf('3.11.11-slim'), 'linux/amd64', 2]]);
    expect(unlocated).toEqual([]);
  });

  it('reads the SBOM of the platform the repository builds when it does not build linux/amd64', () => {
    const config = 'platforms: [linux/arm64/v8]\n';
    const a = plan('FROM python:3.11.8-slim\n', facts, config);

    const { pairs } = listBumpPairs(input([a], () => facts, config));

    expect(pairs.map((pair) => pair.platform)).toEqual([{ os: 'linux', architecture: 'arm64', variant: 'v8' }]);
  });

  it('uses a current tag known by its digest alone, on linux/amd64', () => {
    const a = plan('FROM python:3.11.8-slim\n', facts);
    const digestOnly: RefFacts = {
      ...facts,
      byTag: new Map([...facts.byTag].filter(([tag]) => tag !== '3.11.8-slim')),
      tagDigests: new Map([['3.11.8-slim', { ok: true, value: facts.digestOf('3.11.8-slim') }]]),
    };

    const { pairs } = listBumpPairs(input([a], () => digestOnly));

    expect(pairs.map((pair) => [pair.current, pair.platform.architecture])).toEqual([[facts.digestOf('3.11.8-slim'), 'amd64']]);
  });

  it('lists an update whose current image is not known by digest as not located', () => {
    const a = plan('FROM python:3.11.8-slim\n', facts);

    const { pairs, unlocated } = listBumpPairs(input([a], () => null));

    expect(pairs).toEqual([]);
    expect(unlocated).toEqual(a.updates);
  });

  it('counts the images in use of references with a proposal, and of flagged lines without one', () => {
    const a = plan('FROM python:3.11.8-slim\n', facts);
    const upToDate = inFile(plan('FROM python:3.11.11-slim\n', facts), 'old/Dockerfile');
    const flagged = {
      ...upToDate,
      ref: { ...upToDate.ref, file: 'eol/Dockerfile' },
      notes: ['python 3.11 reaches its end of life on 2027-10-31'],
    };

    const images = listCurrentImages(input([upToDate, flagged, a]));

    expect(images.map((image) => [image.digest, image.refs.map((ref) => ref.file), image.proposed])).toEqual([
      [facts.digestOf('3.11.8-slim'), ['Dockerfile'], true],
      [facts.digestOf('3.11.11-slim'), ['eol/Dockerfile'], false],
    ]);
  });
});
