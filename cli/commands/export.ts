/** `pulselake export --out DIR`: the gold tables as JSON lines files. */
import type { Command } from 'commander';
import { lakehouseCommand } from '../../shared/python/lakehouseCommand.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'Write DIR/workout_bpm_summary.jsonl and DIR/gym_summary.jsonl from the local gold tables ' +
        '(one JSON object per line: contract columns first, then extras; date as YYYY-MM-DD).',
    )
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .action((options: { out: string }) => lakehouseCommand('export', ['--out', options.out]));
}
