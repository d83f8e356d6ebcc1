/**
 * `pulselake` CLI entry point. Each verb lives in its own module under cli/commands/ and
 * registers itself on the program; this file only lists them.
 */
import { Command } from 'commander';
import { ConfigError } from '../shared/config/settings.js';
import { COMMANDS } from './commands/index.js';

export async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('pulselake')
    .description('Wearable telemetry ingestion and lakehouse, runnable locally.')
    .showHelpAfterError()
    .enablePositionalOptions();
  for (const register of COMMANDS) register(program);
  await program.parseAsync(argv);
}

main(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`pulselake: ${error.message}`);
    process.exit(78);
  }
  console.error(`pulselake: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
