import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DashboardState, parseMarker, PrState } from '../../../src/github/markers.js';
import { BODY_BUDGET, fitBody, GITHUB_BODY_LIMIT } from '../../../src/github/render/budget.js';
import { DASHBOARD_MARKER_BUDGET, renderDashboard } from '../../../src/github/render/dashboard.js';
import { MAX_TITLE, PR_MARKER_BUDGET, prItems, renderPrBody, renderPrTitle } from '../../../src/github/render/pull-request.js';
import { groupProposals, type Proposal, type UpdateGroup } from '../../../src/plan/index.js';
import { factsFor, NOW, plan } from '../plan/plan-helpers.js';

const facts = factsFor([{ tags: ['3.11.8-slim'] }, { tags: ['3.11.9-slim'], created: '2025-03-01T00:00:00Z' }]);
const update = plan('FROM python:3.11.8-slim\n', facts);
const unresolvable = plan('FROM python:${PY}-slim\n', facts);
if (unresolvable.status !== 'skipped') throw new Error('expected a skipped reference');
const skipped = unresolvable;
const [group] = groupProposals([update]);
const SHA = 'a'.repeat(40);

/** `count` copies of the group's one item, each in its own (long) file. */
function bigGroup(count: number, pathLength: number, platform: string): UpdateGroup {
  if (group === undefined) throw new Error('no group');
  const [item] = group.items;
  if (item === undefined) throw new Error('no item');
  const items = Array.from({ length: count }, (_, i) => ({
    proposal: {
      ...item.proposal,
      ref: { ...item.proposal.ref, file: `${String(i).padStart(6, '0')}/${'d'.repeat(pathLength)}/Dockerfile` },
    },
    update: { ...item.update, platforms: [platform], reason: `${item.update.reason} ${i}` },
  }));
  return { ...group, items };
}

/** `count` skipped references with long paths, references and reasons. */
function skippedMany(count: number, length: number): Proposal[] {
  return Array.from({ length: count }, (_, i) => ({
    ...skipped,
    ref: { ...skipped.ref, file: `${i}/${'f'.repeat(length)}`, raw: `python:${'${X}'.repeat(length / 4)}` },
    reason: `reason ${i} ${'r|`<!--'.repeat(length / 6)}`,
  }));
}

describe('github/render budgets', () => {
  it('fitBody keeps fixed lines, fills by priority, and notes what it left out', () => {
    const body = fitBody(
      [
        { head: ['# top'] },
        { head: ['## low'], lines: ['x'.repeat(60), 'y'.repeat(60)], priority: 2, note: (n) => `(${n} more)` },
        { head: ['## high'], lines: ['a'.repeat(60), 'b'.repeat(60)], priority: 1 },
        { tail: ['<!-- marker -->'] },
      ],
      260,
    );

    expect(body.split('\n')).toEqual(['# top', '## low', '(2 more)', '## high', 'a'.repeat(60), 'b'.repeat(60), '<!-- marker -->']);
  });

  it('keeps the dashboard under 65,536 characters whatever it is given, with its markers whole', () => {
    fc.assert(
      fc.property(
        fc.record({
          errors: fc.integer({ min: 0, max: 1000 }),
          errorLength: fc.integer({ min: 1, max: 3000 }),
          skippedCount: fc.integer({ min: 0, max: 1000 }),
          skippedLength: fc.integer({ min: 8, max: 4000 }),
          declined: fc.integer({ min: 0, max: 3000 }),
          titleLength: fc.integer({ min: 1, max: 3000 }),
          sections: fc.integer({ min: 0, max: 3000 }),
        }),
        (input) => {
          const view = {
            errors: Array.from({ length: input.errors }, (_, i) => `${i} ${'e'.repeat(input.errorLength)}`),
            proposals: [update, ...skippedMany(input.skippedCount, input.skippedLength)],
            pulls: {
              open: Array.from({ length: 50 }, (_, i) => ({ number: i + 1, title: 't'.repeat(input.titleLength), url: '', group: 'g' })),
              pending: Array.from({ length: 50 }, () => ({ group: 'g', title: 'p'.repeat(input.titleLength), reason: 'limit' })),
              personPushed: [],
              closed: [],
            },
            state: {
              declined: Array.from({ length: input.declined }, (_, i) => ({
                image: `registry.example/${'i'.repeat(200)}`,
                version: `${i}.0`,
                pr: i + 1,
              })),
            },
            sections: Array.from({ length: input.sections }, (_, i) => `| \`w${i}.yml\` | never | never | ${'s'.repeat(300)} |`),
            markers: ['<!-- freshbase:rebuild {} -->'],
            scannedAt: '2025-04-01T00:00:00.000Z',
          };

          const body = renderDashboard(view);

          expect(body.length).toBeLessThanOrEqual(BODY_BUDGET);
          expect(body.length).toBeLessThan(GITHUB_BODY_LIMIT);
          expect(body).toContain('<!-- freshbase:rebuild {} -->');
          const state = parseMarker(body, 'dashboard', DashboardState);
          expect(state?.scannedAt).toBe('2025-04-01T00:00:00.000Z');
          expect(JSON.stringify(state).length).toBeLessThanOrEqual(DASHBOARD_MARKER_BUDGET);
          // The newest declined versions are the ones kept.
          if (input.declined > 0) expect(state?.declined.at(-1)?.version).toBe(`${input.declined - 1}.0`);
        },
      ),
      { seed: 4242, numRuns: 8 },
    );
  });

  it('keeps a pull request body under 65,536 characters, and its marker within its budget and readable', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 900 }),
        fc.string({ maxLength: 2000 }),
        (count, pathLength, platform) => {
          const huge = bigGroup(count, pathLength, platform);
          const items = prItems(huge);
          const state = { group: huge.key, base: SHA, head: SHA, items };

          const body = renderPrBody(huge, state, NOW);

          expect(body.length).toBeLessThanOrEqual(BODY_BUDGET);
          expect(JSON.stringify(items).length).toBeLessThanOrEqual(PR_MARKER_BUDGET);
          expect(items.length).toBeGreaterThan(0);
          expect(parseMarker(body, 'pr', PrState)).toEqual(state);
        },
      ),
      { seed: 99, numRuns: 8 },
    );
  });

  it('notes how many references a long table leaves out', () => {
    const huge = bigGroup(3000, 100, 'linux/amd64');

    const body = renderPrBody(huge, { group: huge.key, base: SHA, head: SHA, items: prItems(huge) }, NOW);

    expect(body).toMatch(/\| … \| \d+ more references, not shown \(the commit changes them all\) \|/);
  });

  it('records every proposed version in the marker before repeating one, when not every item fits', () => {
    if (group === undefined) throw new Error('no group');
    const huge = bigGroup(2000, 200, 'linux/amd64');
    const [first] = huge.items;
    if (first === undefined) throw new Error('no item');
    const other = { ...first, update: { ...first.update, newTag: '3.11.10-slim' } } as (typeof huge.items)[number];

    const items = prItems({ ...huge, items: [...huge.items, other] });

    expect(items.map((i) => i.to)).toContain('3.11.10-slim');
    expect(items.length).toBeLessThan(2001);
  });

  it('cuts a title to GitHub limit', () => {
    if (group === undefined) throw new Error('no group');
    const long = { ...group, image: `registry.example/${'a'.repeat(240)}` };

    expect(renderPrTitle(long).length).toBeLessThanOrEqual(MAX_TITLE);
    expect(renderPrTitle(group)).toBe('Bump python from 3.11.8-slim to 3.11.9-slim');
  });
});
