/** The `pulselake` program: every verb (one module each under cli/commands/) and `--version`. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { REPO_ROOT } from '../shared/config/paths.js';
import { COMMANDS } from './commands/index.js';

/** The version in package.json (the one `npm` shows), read at run time so it cannot drift. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

export function buildProgram(): Command {
  const program = new Command()
    .name('pulselake')
    .description('Wearable telemetry ingestion and lakehouse, runnable locally.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError()
    .enablePositionalOptions();
  for (const register of COMMANDS) register(program);
  return program;
}
