/** `pulselake run`: the lakehouse steps once (landing -> bronze -> silver -> gold) on $PULSELAKE_HOME. */
import type { Command } from 'commander';
import { lakehouseCommand } from '../../shared/python/lakehouseCommand.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'Run the lakehouse steps once (availableNow) on $PULSELAKE_HOME with Spark local mode + Delta: ' +
        'landing -> bronze -> silver (the Databricks job pulselake_pipeline, same entry points) -> gold ' +
        '(the gold SQL files, which the timer runs in Azure). Prints per-stage progress, durations and row counts.',
    )
    .action(() => lakehouseCommand('run', []));
}
