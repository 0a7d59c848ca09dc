/**
 * Fleet bench: one installation of 1,000 repositories (three Dockerfiles each, over 20 real image
 * references), a real registry loaded with the official images' real tag lists, the GitHub
 * simulator, and the built app as child processes: one process (the in-memory queue), then three
 * workers on one Redis (BullMQ). For each: onboarding wall time and repositories per second,
 * GitHub requests per repository (onboarding, and a second pass with nothing changed), registry
 * requests per reference, and each worker's peak memory (VmHWM).
 *
 * Run: `npm run bench:fleet [-- --repos N]`. Prints figures; never fails on them. Probot's write
 * pacing (one write a second for the app) is off in the workers (see worker.ts).
 * May import: src, bench/support, the GitHub simulator (test/support/github-sim, compiled by
 * tsconfig.fleet.json). Must not: touch the network beyond 127.0.0.1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startGitHubSimulator, type GitHubSimulator } from '../../test/support/github-sim/index.js';
import { startBalancer } from '../support/balancer.js';
import { startRedis, type LocalRedis } from '../support/redis-server.js';
import { findFreePort, stopChild, waitForHttp } from '../support/registry-server.js';
import { FLEET_REFERENCES, fleetRepos, loadFleetRegistry } from './fleet-repos.js';

const WORKER = fileURLToPath(new URL('worker.js', import.meta.url));
const repoCount = Number(process.argv[process.argv.indexOf('--repos') + 1] ?? '') || 1_000;

interface Worker {
  url: string;
  child: ChildProcess;
}

interface ModeFigures {
  mode: string;
  onboardingS: number;
  reposPerS: number;
  githubPerRepo: number;
  githubPerRepoSecond: number;
  /** Requests of the installation that counted against its rate limit (not 304), per repository: second pass, third pass. */
  limitedPerRepoSecond: number;
  limitedPerRepoThird: number;
  registryPerReference: number;
  registrySecond: number;
  failed: number;
  peakMiB: number[];
  /** CPU seconds of onboarding: all workers together, and this process (the GitHub simulator). */
  workerCpuS: number;
  simulatorCpuS: number;
}

async function startWorker(env: Record<string, string>): Promise<Worker> {
  const port = await findFreePort();
  const child = spawn(process.execPath, [WORKER], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/ping`, () => child.exitCode !== null, 30_000);
  return { url, child };
}

async function jobCounts(workers: readonly Worker[]): Promise<{ finished: number; failed: number }> {
  let finished = 0;
  let failed = 0;
  for (const worker of workers) {
    const body = (await (await fetch(`${worker.url}/freshbase/status`)).json()) as { jobs: { finished: number; failed: number } };
    finished += body.jobs.finished;
    failed += body.jobs.failed;
  }
  return { finished, failed };
}

/** Waits until `target` runs ended on all workers together. */
async function waitForRuns(workers: readonly Worker[], target: number): Promise<{ finished: number; failed: number }> {
  for (;;) {
    const counts = await jobCounts(workers);
    if (counts.finished + counts.failed >= target) return counts;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Registry requests answered, summed over the workers' `/metrics`. */
async function registryRequests(workers: readonly Worker[]): Promise<number> {
  let sum = 0;
  for (const worker of workers) {
    const text = await (await fetch(`${worker.url}/metrics`)).text();
    for (const match of text.matchAll(/^freshbase_registry_requests_total\{[^}]*\} (\d+)$/gm)) sum += Number(match[1]);
  }
  return sum;
}

/** A process's CPU time so far (Linux /proc/PID/stat utime + stime), in seconds. */
function cpuSeconds(pid: number | undefined): number {
  const fields =
    readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
      .split(') ')[1]
      ?.split(' ') ?? [];
  // After the command: state is field 3, utime 14, stime 15 (1-based), in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** A process's peak resident memory (Linux VmHWM), in MiB. */
function peakMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  return Math.round(Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0) / 1024);
}

function seed(sim: GitHubSimulator): string[] {
  const repos = fleetRepos(repoCount);
  for (const repo of repos) sim.seedRepo({ owner: 'fleet', name: repo.name, files: repo.files });
  return repos.map((repo) => repo.name);
}

async function runMode(mode: string, workerCount: number, registryUrl: string): Promise<ModeFigures> {
  const redis: LocalRedis | undefined = workerCount > 1 ? await startRedis() : undefined;
  // GitHub allows an installation 5,000 to 12,500 requests an hour; onboarding 1,000 repositories
  // takes more, and freshbase would defer the rest to the reset. The bench measures the work itself.
  const sim = await startGitHubSimulator({ rateLimit: 10_000_000 });
  const names = seed(sim);
  const env = {
    APP_ID: String(sim.app.id),
    PRIVATE_KEY: sim.app.privateKey,
    WEBHOOK_SECRET: sim.webhookSecret,
    LOG_LEVEL: 'error',
    GHE_HOST: new URL(sim.url).host,
    GHE_PROTOCOL: 'http',
    FRESHBASE_MIRRORS: `docker.io=${registryUrl}`,
    ...(redis === undefined ? {} : { REDIS_URL: redis.url }),
  };
  const workers: Worker[] = [];
  for (let i = 0; i < workerCount; i++) workers.push(await startWorker(env));
  const balancer = await startBalancer(() => workers.map((worker) => `${worker.url}/api/github/webhooks`));
  sim.setWebhookTarget(balancer.url);
  try {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const workerCpuBefore = workers.reduce((sum, worker) => sum + cpuSeconds(worker.child.pid), 0);
    const { id } = await sim.installApp({ account: 'fleet', repositories: names, by: 'owner' });
    const onboarded = await waitForRuns(workers, names.length);
    const onboardingS = (performance.now() - started) / 1000;
    const simCpu = process.cpuUsage(cpuBefore);
    const workerCpuS = workers.reduce((sum, worker) => sum + cpuSeconds(worker.child.pid), 0) - workerCpuBefore;
    const github = sim.requests.length;
    const registry = await registryRequests(workers);
    sim.resetLog();
    for (let i = 0; i < names.length; i += 100) {
      await sim.deliver('installation_repositories', sim.payloads.installationRepositoriesAdded(id, names.slice(i, i + 100), 'owner'));
    }
    const second = await waitForRuns(workers, 2 * names.length);
    const secondRequests = sim.requests.length;
    const limited = (): number => sim.requests.filter((r) => r.installationId !== undefined && r.status !== 304).length;
    const limitedSecond = limited();
    // A third pass: nothing changed since the second (onboarding itself changed the lists the second pass read).
    sim.resetLog();
    for (let i = 0; i < names.length; i += 100) {
      await sim.deliver('installation_repositories', sim.payloads.installationRepositoriesAdded(id, names.slice(i, i + 100), 'owner'));
    }
    const third = await waitForRuns(workers, 3 * names.length);
    return {
      mode,
      onboardingS,
      reposPerS: names.length / onboardingS,
      githubPerRepo: github / names.length,
      githubPerRepoSecond: secondRequests / names.length,
      limitedPerRepoSecond: limitedSecond / names.length,
      limitedPerRepoThird: limited() / names.length,
      registryPerReference: registry / FLEET_REFERENCES.length,
      registrySecond: (await registryRequests(workers)) - registry,
      failed: onboarded.failed + second.failed + third.failed,
      peakMiB: workers.map((worker) => peakMiB(worker.child.pid)),
      workerCpuS,
      simulatorCpuS: (simCpu.user + simCpu.system) / 1e6,
    };
  } finally {
    await balancer.close();
    for (const worker of workers) await stopChild(worker.child);
    await sim.close();
    await redis?.stop();
  }
}

const cpu = cpus();
console.log(
  `machine: ${cpu[0]?.model ?? 'unknown'}, ${cpu.length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);
const loadStarted = performance.now();
const { registry, tags, images } = await loadFleetRegistry();
console.log(`registry: ${tags} tags of ${images} official images loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);
console.log(`fleet: ${repoCount} repositories, 3 Dockerfiles each, over ${FLEET_REFERENCES.length} references`);
try {
  for (const [mode, count] of [
    ['one process (in-memory queue)', 1],
    ['three workers (BullMQ on Redis)', 3],
  ] as const) {
    const f = await runMode(mode, count, registry.url);
    console.log(
      [
        `${f.mode}:`,
        `onboarding ${f.onboardingS.toFixed(1)} s (${f.reposPerS.toFixed(1)} repositories/s, ${f.failed} failed runs)`,
        `GitHub requests per repository ${f.githubPerRepo.toFixed(1)} onboarding, ${f.githubPerRepoSecond.toFixed(1)} on a second pass with nothing changed (${f.limitedPerRepoSecond.toFixed(1)} counted against the rate limit, the rest 304), ${f.limitedPerRepoThird.toFixed(1)} counted on a third`,
        `registry requests ${(f.registryPerReference * FLEET_REFERENCES.length).toFixed(0)} (${f.registryPerReference.toFixed(1)} per reference), ${f.registrySecond} on the two later passes`,
        `peak memory per worker ${f.peakMiB.map((mib) => `${mib} MiB`).join(', ')}`,
        `onboarding CPU: workers ${f.workerCpuS.toFixed(1)} s together, the GitHub simulator (this process) ${f.simulatorCpuS.toFixed(1)} s`,
      ].join('\n  '),
    );
  }
} finally {
  await registry.stop();
}
