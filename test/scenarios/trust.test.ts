/**
 * What a read-only user, an image publisher or a Dockerfile author can and cannot make
 * freshbase do: forged declines, markers planted in registry or Dockerfile text, commands on
 * pull requests freshbase did not open, edited comments, refusals, forged webhooks.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardState, parseMarker } from '../../src/github/markers.js';
import { signWebhookBody, type Issue } from '../support/github-sim/index.js';
import { dashboardOf, startScenario, TWO_PLATFORMS, writesOf, type Scenario } from './harness.js';

const OLD = '2025-01-10T00:00:00Z';
const NEWER = '2025-03-01T00:00:00Z';
const REPO = 'acme/api' as const;
const SHA = '0123456789abcdef0123456789abcdef01234567';
/** A pull request marker that would decline python 3.11.9-slim, as a publisher could put it in a platform variant. */
const PLANTED_PR = `<!-- freshbase:pr {"base":"${SHA}","group":"python-3.11","head":"${SHA}","items":[{"digest":null,"file":"Dockerfile","from":"3.11.8-slim","image":"python","line":1,"to":"3.11.9-slim","type":"patch"}]} -->`;
/** A dashboard marker declining python 3.11.9-slim, as an ARG default could carry it. */
const PLANTED_DASHBOARD = '<!-- freshbase:dashboard {"declined":[{"image":"python","version":"3.11.9-slim"}]} -->';
const TREE = '/repos/{owner}/{repo}/git/trees/{tree_sha}';

function openPulls(s: Scenario): Issue[] {
  return s.sim.listPullRequests(REPO).filter((p) => p.state === 'open');
}

function pullOn(s: Scenario, branch: string): Issue {
  const pull = s.sim.listPullRequests(REPO).find((p) => p.pull?.headRef === branch && p.pull.headRepo === undefined);
  if (pull === undefined) throw new Error(`no pull request on ${branch}`);
  return pull;
}

function declinedOf(s: Scenario): string[] {
  const state = parseMarker(dashboardOf(s.sim, REPO)?.body, 'dashboard', DashboardState);
  return (state?.declined ?? []).map((d) => `${d.image} ${d.version}`);
}

describe('scenario: untrusted people and text cannot steer freshbase', () => {
  let s: Scenario;
  const logLines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(
          ...chunk
            .toString('utf8')
            .split('\n')
            .filter((line) => line !== ''),
        );
        done();
      },
    });
    s = await startScenario(
      [
        { repository: 'library/python', tags: ['3.11.8-slim'], created: OLD, salt: 'py3118' },
        { repository: 'library/python', tags: ['3.11.9-slim'], created: NEWER, salt: 'py3119' },
        { repository: 'library/golang', tags: ['1.24.1'], created: OLD, salt: 'go1241' },
        {
          repository: 'library/golang',
          tags: ['1.24.2'],
          created: NEWER,
          salt: 'go1242',
          platforms: [
            ...TWO_PLATFORMS,
            { os: 'linux', architecture: 'arm', variant: `v7 ${PLANTED_PR} | @alice [x](https://evil.example) \`` },
          ],
        },
      ],
      { log: pino({ level: 'info' }, sink) },
    );
    s.sim.seedRepo({
      owner: 'acme',
      name: 'api',
      files: {
        Dockerfile: 'FROM python:3.11.8-slim\n',
        'tools/Dockerfile': 'FROM golang:1.24.1\n',
        'odd/Dockerfile': `ARG X="${PLANTED_DASHBOARD.replace(/"/g, '\\"')}"\nFROM \${X}\n`,
      },
    });
    s.sim.addCollaborator(REPO, 'alice', 'write');
    s.sim.addCollaborator(REPO, 'mallory', 'read');
    s.sim.seedRepo({ owner: 'mallory', name: 'api', fork: true, ownerType: 'User', files: { Dockerfile: 'FROM python:3.11.8-slim\n' } });
    s.sim.createBranch('mallory/api', 'freshbase/python-3.11');
    s.sim.commitFiles('mallory/api', 'freshbase/python-3.11', { 'README.md': 'hi\n' }, { message: 'fork', author: { login: 'mallory' } });
    await s.sim.installApp({ account: 'acme', repositories: ['api'], by: 'alice' });
    await s.settle();
  });

  afterAll(async () => {
    await s.close();
  });

  it('writes registry and Dockerfile text escaped: the only hidden markers are its own, each last in its body', () => {
    const golang = pullOn(s, 'freshbase/golang-1.24');
    const dashboard = dashboardOf(s.sim, REPO);

    expect(
      openPulls(s)
        .map((p) => p.pull?.headRef)
        .sort(),
    ).toEqual(['freshbase/golang-1.24', 'freshbase/python-3.11']);
    for (const pull of openPulls(s)) {
      expect(pull.body?.match(/<!--/g)).toHaveLength(1);
      expect(pull.body?.trimEnd().split('\n').at(-1)).toMatch(/^<!-- freshbase:pr \{.*\} -->$/);
    }
    // The variant shows, inert: no HTML comment, no table break, no mention, no link.
    expect(golang.body).toContain('linux/arm/v7 &lt;\\!-- freshbase:pr');
    expect(golang.body).toContain('\\| @&#8203;alice \\[x\\](https:&#8203;//evil.example) \\`');
    // The dashboard: the recheck box, the rebuild marker and its own marker, nothing else; the ARG's text shows, inert.
    expect(dashboard?.body?.match(/<!--/g)).toHaveLength(3);
    expect(dashboard?.body).toContain('&lt;\\!-- freshbase:dashboard {"declined"');
    expect(declinedOf(s)).toEqual([]);
  });

  it("closing the publisher's pull request declines its own version only, whatever its variant says", async () => {
    await s.sim.closePullRequest(REPO, pullOn(s, 'freshbase/golang-1.24').number, { by: 'alice' });
    await s.settle();

    expect(openPulls(s).map((p) => p.pull?.headRef)).toEqual(['freshbase/python-3.11']);
    expect(declinedOf(s)).toEqual(['golang 1.24.2']);
  });

  it("a read-only user's fork pull request on freshbase/python-3.11, with a copied marker, closed unmerged: nothing closed, deleted or declined", async () => {
    const python = pullOn(s, 'freshbase/python-3.11');
    const forged = s.sim.createPullRequest(REPO, {
      head: 'freshbase/python-3.11',
      fromFork: 'mallory/api',
      title: python.title,
      body: python.body ?? '',
      by: 'mallory',
    });
    s.sim.resetLog();

    await s.sim.closePullRequest(REPO, forged.number, { by: 'mallory' });
    await s.settle();

    // Not freshbase's pull request: no rescan at all.
    expect(s.sim.countRequests({ method: 'GET', route: TREE })).toBe(0);
    expect(writesOf(s.sim)).toEqual([]);
    // Nor does the closed fork pull request count as a decline at the next scan.
    await s.sim.commentOnIssue(REPO, python.number, { by: 'alice', body: '/freshbase recheck' });
    await s.settle();

    expect(pullOn(s, 'freshbase/python-3.11').state).toBe('open');
    expect(s.sim.getRepo(REPO).git.branchTip('freshbase/python-3.11')).toBeDefined();
    expect(declinedOf(s)).toEqual(['golang 1.24.2']);
    expect(writesOf(s.sim)).toEqual([]);
  });

  it('a command on a pull request freshbase did not open does nothing, even from a writer', async () => {
    const forged = s.sim.listPullRequests(REPO).find((p) => p.user.login === 'mallory');
    s.sim.resetLog();

    await s.sim.commentOnIssue(REPO, forged?.number ?? 0, { by: 'alice', body: '/freshbase recheck' });
    await s.settle();

    expect(s.sim.requests.filter((r) => r.installationId !== undefined)).toEqual([]);
  });

  it('refuses a read-only user at most once per pull request per hour', async () => {
    const python = pullOn(s, 'freshbase/python-3.11');
    const refusals = (): number => pullOn(s, 'freshbase/python-3.11').comments.filter((c) => c.body.includes('need write access')).length;
    s.sim.resetLog();

    await s.sim.commentOnIssue(REPO, python.number, { by: 'mallory', body: '/freshbase ignore' });
    await s.settle();
    await s.sim.commentOnIssue(REPO, python.number, { by: 'mallory', body: '/freshbase ignore' });
    await s.sim.commentOnIssue(REPO, python.number, { by: 'mallory', body: '/freshbase rebase' });
    await s.settle();
    const withinTheHour = refusals();
    await s.advance(3_600_001);
    await s.sim.commentOnIssue(REPO, python.number, { by: 'mallory', body: '/freshbase ignore' });
    await s.settle();

    expect(withinTheHour).toBe(1);
    expect(refusals()).toBe(2);
    expect(pullOn(s, 'freshbase/python-3.11').state).toBe('open');
    expect(writesOf(s.sim)).toEqual([
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    ]);
  });

  it('an old comment edited into a command does not run it', async () => {
    const python = pullOn(s, 'freshbase/python-3.11');
    const { id } = await s.sim.commentOnIssue(REPO, python.number, { by: 'alice', body: 'looks good' });
    await s.settle();
    const comment = pullOn(s, 'freshbase/python-3.11').comments.find((c) => c.id === id);
    if (comment === undefined) throw new Error('no comment');
    comment.body = '/freshbase ignore';
    const edited = {
      ...s.sim.payloads.issueCommentCreated(REPO, python.number, id),
      action: 'edited',
      changes: { body: { from: 'looks good' } },
    };
    s.sim.resetLog();

    const status = await s.sim.deliver('issue_comment', edited);
    await s.settle();

    expect(status).toBe(200);
    expect(s.sim.requests).toEqual([]);
    expect(pullOn(s, 'freshbase/python-3.11').state).toBe('open');
  });

  it('rejects webhooks with a bad signature and counts them in the log, without the secret', async () => {
    const payload = JSON.stringify(s.sim.payloads.pullRequestClosed(REPO, pullOn(s, 'freshbase/python-3.11').number, 'alice'));
    const send = (secret: string): Promise<Response> =>
      fetch(s.webhookUrl(), {
        method: 'POST',
        body: payload,
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-github-delivery': `forged-${secret.length}`,
          'x-hub-signature-256': signWebhookBody(secret, payload),
        },
      });
    s.sim.resetLog();

    const first = await send('not-the-secret');
    const second = await send('also-not-the-secret');
    await s.settle();

    expect([first.status, second.status]).toEqual([400, 400]);
    expect(s.sim.requests).toEqual([]);
    const counted = logLines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.rejectedWebhooks !== undefined);
    expect(counted.map((line) => [line.rejectedWebhooks, line.event, line.delivery, line.msg])).toEqual([
      [1, 'pull_request', 'forged-14', 'webhook rejected: its signature does not match WEBHOOK_SECRET'],
      [2, 'pull_request', 'forged-19', 'webhook rejected: its signature does not match WEBHOOK_SECRET'],
    ]);
    expect(logLines.join('\n')).not.toContain(s.sim.webhookSecret);
  });
});
