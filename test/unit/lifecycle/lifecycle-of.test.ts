import { describe, expect, it } from 'vitest';
import { DAY_MS, describeEndOfLife, lifecycleOf, mostUrgent } from '../../../src/lifecycle/index.js';
import { day, pinnedCatalog, reference } from './pinned.js';

const catalog = pinnedCatalog();

function linesAt(text: string, now: Date, warnBefore?: number) {
  return lifecycleOf({ catalog, ...reference(text), now, ...(warnBefore === undefined ? {} : { warnBefore }) }) ?? [];
}

describe('lifecycle/lifecycle-of', () => {
  it('marks python 3.9 end of life after 2025-10-31, and names the newest line', () => {
    const [line] = linesAt('python:3.9-slim', day('2025-11-01'));

    expect(line).toMatchObject({ product: 'python', cycle: '3.9', part: 'version', eol: '2025-10-31', state: 'eol', newest: '3.14' });
    expect(line === undefined ? undefined : describeEndOfLife(line)).toBe(
      'python 3.9 reached end of life on 2025-10-31; 3.14 is the newest supported line',
    );
  });

  it('counts the last day as supported, but soon over', () => {
    const [line] = linesAt('python:3.9', new Date('2025-10-31T23:59:59Z'));

    expect(line?.state).toBe('soon');
    expect(line === undefined ? undefined : describeEndOfLife(line)).toBe(
      'python 3.9 reaches end of life on 2025-10-31; 3.14 is the newest supported line',
    );
  });

  it('ends debian 11 with Debian LTS on 2026-08-31, not with its security support on 2024-08-14', () => {
    const lines = linesAt('python:3.12-slim-bullseye', day('2026-09-01'));

    expect(lines.map(({ product, cycle, state }) => [product, cycle, state])).toEqual([
      ['python', '3.12', 'supported'],
      ['debian', '11', 'eol'],
    ]);
    const urgent = mostUrgent(lines);
    expect(urgent === undefined ? undefined : describeEndOfLife(urgent)).toBe(
      'debian 11 (bullseye) reached end of life on 2026-08-31; 13 (trixie) is the newest supported line',
    );
    expect(linesAt('debian:bullseye-slim', day('2025-01-01'))[0]?.state).toBe('supported');
  });

  it('warns warnBefore ahead: debian 11 is soon from 2026-06-03 with 90 days, from 2026-08-02 with 30', () => {
    expect(linesAt('debian:11', new Date('2026-06-02T23:00:00Z'))[0]?.state).toBe('supported');
    expect(linesAt('debian:11', new Date('2026-06-03T00:00:00Z'))[0]?.state).toBe('soon');
    expect(linesAt('debian:11', day('2026-08-01'), 30 * DAY_MS)[0]?.state).toBe('supported');
    expect(linesAt('debian:11', day('2026-08-02'), 30 * DAY_MS)[0]?.state).toBe('soon');
  });

  it('names an LTS line as the successor of an LTS line past its end of life', () => {
    const [line] = linesAt('node:18-bookworm-slim', day('2025-06-01'));

    expect(line === undefined ? undefined : describeEndOfLife(line)).toBe(
      'node 18 reached end of life on 2025-04-30; 22 is the newest LTS line',
    );
    expect(mostUrgent(linesAt('node:22-bookworm-slim', day('2025-06-01')))).toBeUndefined();
  });

  it('carries the support window of each line', () => {
    const [java, ubuntu] = linesAt('eclipse-temurin:17.0.9_9-jre-jammy', day('2025-06-01'));

    expect(java).toMatchObject({ product: 'java', cycle: '17', lts: true, releaseDate: '2021-09-22', eol: '2027-10-31', rule: 'lts' });
    expect(ubuntu).toMatchObject({
      product: 'ubuntu',
      cycle: '22.04',
      codename: 'jammy',
      part: 'os',
      lts: true,
      releaseDate: '2022-04-21',
      supportEnd: '2024-09-30',
      eol: '2027-04-01',
      state: 'supported',
      newest: '24.04',
    });
  });
});
