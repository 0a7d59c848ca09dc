#!/usr/bin/env node
/**
 * Regenerates test/support/github-sim/routes.json, GitHub's REST route table (`METHOD /path`)
 * that the simulator checks every request against, from the @octokit/openapi package:
 *
 *   npm run refresh:github-routes            # the newest published version
 *   npm run refresh:github-routes -- 23.0.2  # a given version
 *
 * The package is hundreds of megabytes unpacked, so it is never a dependency: `npm pack` fetches
 * its tarball into a temporary directory, only the description of api.github.com is extracted,
 * and the directory is removed. Needs npm and tar on PATH and the npm registry.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const TARGET = fileURLToPath(new URL('../test/support/github-sim/routes.json', import.meta.url));
const DESCRIPTION = 'package/generated/api.github.com.json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const version = process.argv[2] ?? 'latest';
const work = mkdtempSync(join(tmpdir(), 'freshbase-openapi-'));
try {
  const tarball = execFileSync('npm', ['pack', `@octokit/openapi@${version}`, '--pack-destination', work, '--silent'], {
    encoding: 'utf8',
  }).trim();
  execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, DESCRIPTION, 'package/package.json']);
  const packageVersion = JSON.parse(readFileSync(join(work, 'package/package.json'), 'utf8')).version;
  const spec = JSON.parse(readFileSync(join(work, DESCRIPTION), 'utf8'));
  const routes = Object.entries(spec.paths)
    .flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((key) => METHODS.includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    )
    .sort();
  const source = `@octokit/openapi ${packageVersion} generated/api.github.com.json (info.version ${spec.info.version})`;
  // One route per line, so a refresh reads as a short diff.
  const lines = routes.map((route) => JSON.stringify(route)).join(',\n');
  writeFileSync(TARGET, `{"source":${JSON.stringify(source)},\n"count":${routes.length},"routes":[${lines}]}\n`);
  process.stdout.write(`${TARGET}: ${routes.length} routes from ${source}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
