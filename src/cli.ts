#!/usr/bin/env node
/** Entry point of the `freshbase` command: no logic, see local/run-cli.ts. */
import { runCli } from './local/run-cli.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  interactive: process.stderr.isTTY,
});
