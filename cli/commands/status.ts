/** `pulselake status`: every local lakehouse table with its row count. */
import type { Command } from 'commander';
import { lakehouseCommand } from '../../shared/python/lakehouseCommand.js';

export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('Print every bronze, silver and gold table of $PULSELAKE_HOME with its row count and Delta version.')
    .option('--json', 'one JSON object per table: {table, rows, version}')
    .action((options: { json?: boolean }) => lakehouseCommand('status', options.json ? ['--json'] : []));
}
