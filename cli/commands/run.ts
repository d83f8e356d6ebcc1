/** `pulselake run`: every lakehouse job once (landing -> bronze -> silver -> gold) on $PULSELAKE_HOME. */
import type { Command } from 'commander';
import { lakehouseCommand } from '../../shared/python/lakehouseCommand.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'Run every lakehouse job once (availableNow) on $PULSELAKE_HOME with Spark local mode + Delta: ' +
        'landing -> bronze -> silver -> gold. Prints per-stage progress, durations and row counts.',
    )
    .action(() => lakehouseCommand('run', []));
}
